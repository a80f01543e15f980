// Measurements taken from outside the operator: process RSS, the apiserver's audit log, the operator's /metrics.
import { readFileSync } from 'node:fs';

/** Samples a process's resident set size from /proc and keeps the peak (bytes). */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}
  start(everyMs = 200): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }
  sample(): number {
    try {
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1] ?? 0);
      this.peak = Math.max(this.peak, kb * 1024);
      return kb * 1024;
    } catch {
      return 0;
    }
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** Writes the operator made, from the audit log (user agent `ecs-gmsa-operator/...`), by resource, from `offset`. */
export function auditWrites(path: string, offset = 0): { total: number; byResource: Record<string, number>; end: number } {
  const text = readFileSync(path, 'utf8');
  const byResource: Record<string, number> = {};
  let total = 0;
  for (const line of text.slice(offset).split('\n')) {
    if (!line.includes('ecs-gmsa-operator/')) continue;
    const event = JSON.parse(line) as { userAgent?: string; verb?: string; objectRef?: { resource?: string; subresource?: string } };
    if (!event.userAgent?.startsWith('ecs-gmsa-operator/') || event.verb === 'get' || event.verb === 'list' || event.verb === 'watch') continue;
    const key = `${event.objectRef?.resource ?? '?'}${event.objectRef?.subresource ? `/${event.objectRef.subresource}` : ''}:${event.verb ?? '?'}`;
    byResource[key] = (byResource[key] ?? 0) + 1;
    total += 1;
  }
  return { total, byResource, end: text.length };
}

/** Sums a counter family's samples in Prometheus text, optionally filtered by a label substring. */
export function counterSum(metrics: string, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labelFilter && !line.includes(labelFilter)) continue;
    sum += Number(line.split(' ').pop());
  }
  return sum;
}

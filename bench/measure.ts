// Measurements taken from outside the operator: process RSS, the apiserver's audit log, the operator's /metrics.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Samples a process's resident set size from /proc and keeps the peak (bytes), also of its anonymous part. */
export class RssSampler {
  peak = 0;
  /** Peak RssAnon: the process's own memory, without the pages of the node binary and libraries it maps. */
  peakAnon = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}
  start(everyMs = 200): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }
  sample(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      const anonKb = Number(/RssAnon:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      this.peak = Math.max(this.peak, kb * 1024);
      this.peakAnon = Math.max(this.peakAnon, anonKb * 1024);
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
export function auditWrites(
  path: string,
  offset = 0,
): { total: number; byResource: Record<string, number>; end: number } {
  const text = readFileSync(path, 'utf8');
  const byResource: Record<string, number> = {};
  let total = 0;
  for (const line of text.slice(offset).split('\n')) {
    if (!line.includes('ecs-gmsa-operator/')) continue;
    const event = JSON.parse(line) as {
      userAgent?: string;
      verb?: string;
      objectRef?: { resource?: string; subresource?: string };
    };
    if (
      !event.userAgent?.startsWith('ecs-gmsa-operator/') ||
      event.verb === 'get' ||
      event.verb === 'list' ||
      event.verb === 'watch'
    )
      continue;
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux x86-64 and arm64). */
const TICKS_PER_SECOND = 100;

/** utime + stime (ticks) of one /proc/<pid>/stat line, and its process group. */
function statTimes(pid: string): { pgrp: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, from field 3 (state): pgrp is field 5, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited between readdir and read
  }
}

/** CPU seconds used so far by every live process of the process group `pgid` (an env component). */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const times = statTimes(pid);
    if (times?.pgrp === pgid) ticks += times.ticks;
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds used so far by one process (all its threads). */
export function processCpuSeconds(pid: number): number {
  return (statTimes(String(pid))?.ticks ?? 0) / TICKS_PER_SECOND;
}

/** The environment's components by process group, from the run's pids.json (devenv/orphans.ts). */
export function envComponents(runDir: string): Record<string, number> {
  const record = JSON.parse(readFileSync(join(runDir, 'pids.json'), 'utf8')) as {
    processes: { component: string; pid: number }[];
  };
  return Object.fromEntries(record.processes.map((p) => [p.component, p.pid]));
}

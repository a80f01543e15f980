// Waiting: N CredSpecs and N tasks converge at the operator's default limits while the proxy enforces
// AWS's quotas (the documented ones, or raised/lowered by a factor). Counts the reads each task needs while
// it waits for RegisterTaskDefinition slots (floor: one describe and one registration), what its status
// says meanwhile, and how fast it converges.
import { DEFAULT_RATE_LIMITS } from '../../src/aws/rateLimitDefaults.js';
import type { ProxyQuota } from '../../test/support/awsProxy.js';
import { RssSampler, counterSum } from '../measure.js';
import { collection, cpuNow, cpuSince, phaseOf, pool, scrape, sleep, waitAllReady, type Rig } from '../rig.js';
import { sampleStatuses, type StatusSamples } from '../staleness.js';
import type { Phase } from '../report.js';
import type { Workload } from '../workload.js';
import { auditWrites } from '../measure.js';

export interface WaitingOptions {
  n: number;
  t: number;
  concurrency: number;
  /** AWS's quota as a multiple of the documented one (1: documented; 4: raised; 0.5: lowered). */
  quotaFactor: number;
  log(s: string): void;
}

/** What a waiting run reports besides its phase. */
export interface WaitingReport {
  credSpecs: number;
  tasks: number;
  concurrency: number;
  quotaFactor: number;
  machine: string;
  phase: Phase;
  /** Per task: DescribeTaskDefinition and RegisterTaskDefinition calls sent (throttled ones included). */
  describesPerTask: number;
  registersPerTask: number;
  /** (describes + registrations) / tasks against the floor of 2. */
  callsPerTaskVsFloor: number;
  throttled: number;
  statuses: StatusSamples;
  /** `ecsgmsa_aws_rate_limit_qps` at the end, by bucket. */
  learnedLimits: Record<string, number>;
}

/** The proxy's quotas: every default bucket's operations at `factor` × the documented rate and burst. */
export function emulatedQuotas(factor: number): Record<string, ProxyQuota> {
  const quotas: Record<string, ProxyQuota> = {};
  for (const group of DEFAULT_RATE_LIMITS)
    for (const op of group.operations)
      quotas[op] = { qps: group.limit.qps * factor, burst: Math.max(1, Math.round(group.limit.burst * factor)) };
  return quotas;
}

function learned(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of metrics.split('\n'))
    if (line.startsWith('ecsgmsa_aws_rate_limit_qps{')) {
      const bucket = /bucket="([^"]+)"/.exec(line)?.[1] ?? '?';
      out[bucket] = Math.round(Number(line.split(' ').pop()) * 100) / 100;
    }
  return out;
}

/** Runs the waiting scenario on a started rig. */
export async function runWaiting(rig: Rig, w: Workload, o: WaitingOptions): Promise<WaitingReport> {
  rig.proxy.throttleAbove(emulatedQuotas(o.quotaFactor));
  const op = await rig.launch({ limits: 'default', concurrency: o.concurrency, resyncPeriod: '24h' });
  const pid = op.proc.child.pid ?? 0;
  const rss = new RssSampler(pid);
  rss.start();
  const audit = auditWrites(rig.env.auditLogPath).end;
  const mark = rig.proxy.calls.length;
  const cpu0 = cpuNow(rig.components, pid);
  const sampler = sampleStatuses(rig.http, 2000);
  const t0 = Date.now();
  await pool([...w.credSpecs, ...w.tasks], 16, (m) =>
    rig.http.request({ method: 'POST', path: collection(m as never), body: m }),
  );
  await waitAllReady(rig.http, o.n, o.t, o.log);
  const ms = Date.now() - t0;
  const statuses = await sampler.stop();
  await sleep(3000);
  const calls = rig.proxy.calls.slice(mark);
  const metrics = await scrape(op);
  const phase = phaseOf('converge at default limits', calls, auditWrites(rig.env.auditLogPath, audit), {
    ms,
    reconciles: counterSum(metrics, 'controller_runtime_reconcile_total'),
    rssPeakBytes: rss.peak,
    cpuSeconds: cpuSince(cpu0, cpuNow(rig.components, pid)),
  });
  rss.stop();
  await op.stop();
  const count = (operation: string): number => calls.filter((c) => c.operation === operation).length;
  const describes = count('DescribeTaskDefinition');
  const registers = count('RegisterTaskDefinition');
  return {
    credSpecs: o.n,
    tasks: o.t,
    concurrency: o.concurrency,
    quotaFactor: o.quotaFactor,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    phase,
    describesPerTask: describes / o.t,
    registersPerTask: registers / o.t,
    callsPerTaskVsFloor: (describes + registers) / o.t / 2,
    throttled: calls.filter((c) => c.throttled).length,
    statuses,
    learnedLimits: learned(metrics),
  };
}

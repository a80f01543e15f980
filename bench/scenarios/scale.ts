// Scale: converge N CredSpecs and N tasks, restart (relist and reconcile everything), change every task's
// spec; then heap snapshots of an idle process and of one that relisted everything (per-object memory), taken
// in processes of their own (a snapshot leaves the process's RSS inflated); optionally a steady-state window
// at default limits, under AWS's documented quotas, that measures the background AWS calls of the periodic re-checks.
import { join } from 'node:path';
import { auditWrites, counterSum, RssSampler } from '../measure.js';
import { perObject, snapshotOperator, type HeapSummary } from '../heap.js';
import type { BenchReport, Phase } from '../report.js';
import {
  collection,
  cpuNow,
  cpuSince,
  phaseOf,
  pool,
  root,
  scrape,
  sleep,
  waitAllReady,
  type LaunchOptions,
  type Rig,
} from '../rig.js';
import { backgroundRates, type BackgroundRates } from '../steady.js';
import { emulatedQuotas } from './waiting.js';
import { task, type Workload } from '../workload.js';
import { runServicePhases } from './services.js';
import type { RunningOperator } from '../../test/support/operator.js';

export interface ScaleOptions {
  n: number;
  t: number;
  limits: 'lifted' | 'default';
  concurrency: number;
  /** Seconds of steady state to measure at default limits (0: none). */
  steadyWindowSeconds: number;
  /** --resync-period of the steady-state phase. */
  steadyResyncPeriod: string;
  /** Tasks with an ECS service each, after the spec change (0: no service phases). */
  services: number;
  log(s: string): void;
}

/** What a scale run adds to the phases. */
export interface ScaleExtras {
  heap?: { idle: HeapSummary; loaded: HeapSummary; perObjectBytes: Record<string, number> };
  /** RSS of the restarted operator once everything is cached and reconciled, and of an idle one (bytes). */
  rss?: { idleBytes: number; loadedBytes: number };
  background?: BackgroundRates;
}

const SNAPSHOTS = join(root, '.run', 'bench-heap');

async function reconciledAll(op: RunningOperator, count: number): Promise<void> {
  for (;;) {
    if (counterSum(await scrape(op), 'controller_runtime_reconcile_total') >= count) return;
    await sleep(1000);
  }
}

/** Phase 3: every task's image changes; done when every task carries revision 2. */
async function specChange(rig: Rig, w: Workload, n: number): Promise<void> {
  await pool(
    w.tasks.map((_, i) => i),
    16,
    (i) => {
      const t = task(i % n, i, (w.tasks[i] as { metadata: { namespace: string } }).metadata.namespace, 'img:2') as {
        metadata: { name: string; namespace: string };
        spec: unknown;
      };
      return rig.http.request({
        method: 'PATCH',
        path: `${collection(t as never)}/${t.metadata.name}`,
        contentType: 'application/merge-patch+json',
        body: { spec: t.spec },
      });
    },
  );
  for (;;) {
    const list = await rig.http.request<{ items: { status?: { revision?: number } }[] }>({
      method: 'GET',
      path: '/apis/ecsgmsa.io/v1alpha1/ecsgmsatasks',
    });
    if (list.items.every((i) => i.status?.revision === 2)) return;
    await sleep(Math.max(1000, n));
  }
}

/** The steady-state window: a restart at default limits, its start-up pass, then `windowSeconds` of nothing but re-checks. */
async function steadyState(
  rig: Rig,
  o: ScaleOptions,
  periodMs: number,
): Promise<{ phase: Phase; rates: BackgroundRates }> {
  // AWS's documented quotas enforced, so the limits the operator learns (and the share is held against)
  // are those of an account with default quotas, not the emulator's unthrottled capacity.
  rig.proxy.throttleAbove(emulatedQuotas(1));
  const op = await rig.launch({ limits: 'default', concurrency: o.concurrency, resyncPeriod: o.steadyResyncPeriod });
  const rss = new RssSampler(op.proc.child.pid ?? 0);
  rss.start();
  const restarted = Date.now();
  await reconciledAll(op, o.n + o.t);
  o.log(
    `  start-up pass done in ${Math.round((Date.now() - restarted) / 1000)} s; waiting for the re-checks to come due`,
  );
  await sleep(Math.max(0, restarted + periodMs * 1.15 - Date.now()));
  const mark = rig.proxy.calls.length;
  const audit = auditWrites(rig.env.auditLogPath).end;
  const cpu0 = cpuNow(rig.components, op.proc.child.pid ?? 0);
  const t0 = Date.now();
  await sleep(o.steadyWindowSeconds * 1000);
  const calls = rig.proxy.calls.slice(mark);
  const metrics = await scrape(op);
  const phase = phaseOf(
    'steady state at default limits (re-checks only)',
    calls,
    auditWrites(rig.env.auditLogPath, audit),
    {
      ms: Date.now() - t0,
      reconciles: 0,
      rssPeakBytes: rss.peak,
      cpuSeconds: cpuSince(cpu0, cpuNow(rig.components, op.proc.child.pid ?? 0)),
    },
  );
  rss.stop();
  await op.stop();
  return { phase, rates: backgroundRates(calls, o.steadyWindowSeconds, metrics, 10) };
}

/** Runs the scale scenario on a started rig. */
export async function runScale(
  rig: Rig,
  w: Workload,
  o: ScaleOptions,
): Promise<{ report: BenchReport; extras: ScaleExtras }> {
  const launch = (snapshots: boolean): Promise<RunningOperator> => {
    const options: LaunchOptions = { limits: o.limits, concurrency: o.concurrency, resyncPeriod: '24h' };
    return rig.launch(snapshots ? { ...options, snapshotDir: SNAPSHOTS } : options);
  };
  const extras: ScaleExtras = {};
  const idle = await launch(true);
  await sleep(3000);
  const idleRss = new RssSampler(idle.proc.child.pid ?? 0).sample();
  const idleHeap = await snapshotOperator(idle, SNAPSHOTS);
  await idle.stop();
  const op = await launch(false);
  const pid = op.proc.child.pid ?? 0;
  const rss = new RssSampler(pid);
  rss.start();
  const phases: Phase[] = [];

  // 1. Converge from nothing.
  let audit = auditWrites(rig.env.auditLogPath).end;
  let mark = rig.proxy.calls.length;
  const cpu0 = cpuNow(rig.components, pid);
  const t0 = Date.now();
  await pool([...w.credSpecs, ...w.tasks], 16, (m) =>
    rig.http.request({ method: 'POST', path: collection(m as never), body: m }),
  );
  await waitAllReady(rig.http, o.n, o.t, o.log);
  const convergeMs = Date.now() - t0;
  await sleep(3000); // trailing writes land before counting
  phases.push(
    phaseOf('converge', rig.proxy.calls.slice(mark), auditWrites(rig.env.auditLogPath, audit), {
      ms: convergeMs,
      reconciles: counterSum(await scrape(op), 'controller_runtime_reconcile_total'),
      rssPeakBytes: rss.peak,
      cpuSeconds: cpuSince(cpu0, cpuNow(rig.components, pid)),
    }),
  );
  rss.stop();

  // 2. Restart: the new process relists and reconciles every object once, nothing changed.
  audit = auditWrites(rig.env.auditLogPath).end;
  mark = rig.proxy.calls.length;
  const t1 = Date.now();
  const cpu1 = { ...cpuNow(rig.components, pid), operator: 0 }; // the restarted process does this phase's work
  await op.stop();
  const op2 = await launch(false);
  const pid2 = op2.proc.child.pid ?? 0;
  const rss2 = new RssSampler(pid2);
  rss2.start();
  await reconciledAll(op2, o.n + o.t);
  await sleep(2000);
  phases.push(
    phaseOf(
      'steady-state resync (restart relists and reconciles everything)',
      rig.proxy.calls.slice(mark),
      auditWrites(rig.env.auditLogPath, audit),
      {
        ms: Date.now() - t1,
        reconciles: counterSum(await scrape(op2), 'controller_runtime_reconcile_total'),
        rssPeakBytes: rss2.peak,
        cpuSeconds: cpuSince(cpu1, cpuNow(rig.components, pid2)),
      },
    ),
  );
  const resyncPeak = rss2.peak;
  const loadedRss = new RssSampler(pid2).sample();
  rss2.peak = 0; // the next phase's own peak

  // 3. Spec change wave: every task's image changes.
  audit = auditWrites(rig.env.auditLogPath).end;
  mark = rig.proxy.calls.length;
  const before = counterSum(await scrape(op2), 'controller_runtime_reconcile_total');
  const cpu2 = cpuNow(rig.components, pid2);
  const t2 = Date.now();
  await specChange(rig, w, o.n);
  await sleep(2000);
  phases.push(
    phaseOf('spec change (every task image)', rig.proxy.calls.slice(mark), auditWrites(rig.env.auditLogPath, audit), {
      ms: Date.now() - t2,
      reconciles: counterSum(await scrape(op2), 'controller_runtime_reconcile_total') - before,
      rssPeakBytes: rss2.peak,
      cpuSeconds: cpuSince(cpu2, cpuNow(rig.components, pid2)),
    }),
  );
  // 4. ECS services: S more tasks, each listing one service.
  const servicePhases = await runServicePhases(rig, { op: op2, rss: rss2, w, n: o.n, count: o.services, log: o.log });
  phases.push(...servicePhases);
  rss2.stop();
  await op2.stop();

  // Heap snapshot of a process that relisted and reconciled everything (its RSS is not measured after it).
  const op3 = await launch(true);
  await reconciledAll(op3, o.n + o.t);
  await sleep(2000);
  const loadedHeap = await snapshotOperator(op3, SNAPSHOTS);
  await op3.stop();
  extras.rss = { idleBytes: idleRss, loadedBytes: loadedRss };
  extras.heap = { idle: idleHeap, loaded: loadedHeap, perObjectBytes: perObject(idleHeap, loadedHeap, o.n + o.t) };

  // 5. Optionally, steady state at default limits: only the periodic re-checks call AWS.
  if (o.steadyWindowSeconds > 0) {
    const periodMs = Number(/^(\d+)m$/.exec(o.steadyResyncPeriod)?.[1] ?? '10') * 60_000;
    const steady = await steadyState(rig, o, periodMs);
    phases.push(steady.phase);
    extras.background = steady.rates;
  }
  const report: BenchReport = {
    credSpecs: o.n,
    tasks: o.t,
    ...(servicePhases.length > 0 ? { services: servicePhases[0]?.objects ?? 0 } : {}),
    limits: o.limits,
    concurrency: o.concurrency,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    phases,
    peakRssBytes: Math.max(...phases.map((p) => p.rssPeakBytes), resyncPeak),
    nodeOptions: rig.nodeOptions,
  };
  return { report, extras };
}

// The ECS service phases of the scale scenario (bench/services.ts): S more tasks, each listing one service,
// measured on the running operator, per service task against the floor.
import { auditWrites, counterSum } from '../measure.js';
import type { Phase } from '../report.js';
import { cpuNow, cpuSince, phaseOf, scrape, sleep, type Rig } from '../rig.js';
import { servicePhases, SERVICE_FLOORS } from '../services.js';
import { shapeOf, type Workload } from '../workload.js';
import type { RssSampler } from '../measure.js';
import type { RunningOperator } from '../../test/support/operator.js';

/** CredSpecs the service tasks reference: SSM-stored ones of the first namespace, at most `count`. */
function serviceRefs(n: number, count: number): number[] {
  const refs: number[] = [];
  for (let i = 0; i < Math.min(n, 500) && refs.length < count; i++) if (shapeOf(i).storage === 'ssm') refs.push(i);
  return refs;
}

/** Runs the service phases on `op` (already converged); none when `count` is 0. */
export async function runServicePhases(
  rig: Rig,
  run: { op: RunningOperator; rss: RssSampler; w: Workload; n: number; count: number; log(s: string): void },
): Promise<Phase[]> {
  const refs = serviceRefs(run.n, run.count);
  if (refs.length === 0) return [];
  const pid = run.op.proc.child.pid ?? 0;
  const measure = async (name: string, work: () => Promise<void>, done: () => Promise<boolean>): Promise<Phase> => {
    const audit0 = auditWrites(rig.env.auditLogPath).end;
    const from = rig.proxy.calls.length;
    const reconciles0 = counterSum(await scrape(run.op), 'controller_runtime_reconcile_total');
    const cpu = cpuNow(rig.components, pid);
    run.rss.peak = 0;
    const t = Date.now();
    await work();
    while (!(await done())) await sleep(500);
    const ms = Date.now() - t;
    await sleep(2000); // trailing writes
    return {
      ...phaseOf(name, rig.proxy.calls.slice(from), auditWrites(rig.env.auditLogPath, audit0), {
        ms,
        reconciles: counterSum(await scrape(run.op), 'controller_runtime_reconcile_total') - reconciles0,
        rssPeakBytes: run.rss.peak,
        cpuSeconds: cpuSince(cpu, cpuNow(rig.components, pid)),
      }),
      objects: refs.length,
      ...(SERVICE_FLOORS[name] ? { floor: SERVICE_FLOORS[name] } : {}),
    };
  };
  return servicePhases({
    http: rig.http,
    awsEndpoint: rig.env.awsEndpoint,
    calls: rig.proxy.calls,
    refs,
    namespace: run.w.namespaces[0] ?? 'bench-0',
    log: run.log,
    measure,
  });
}

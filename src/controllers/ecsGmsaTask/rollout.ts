// Moves the listed ECS services onto the registered revision: describe what must be looked at (batched
// per cluster), record every update in status BEFORE sending it, send it, report the transitions.
import type { EcsGmsaTask, ServiceReference } from '../../api/types.js';
import type { DescribedService, EcsServices } from '../../aws/ports.js';
import type { Events } from '../common/lifecycle.js';
import {
  confirmStep,
  moveStep,
  needOf,
  observeRollout,
  revisionName,
  serviceKey,
  updatedRecord,
  type RolloutTarget,
  type ServiceRecord,
  type ServiceStep,
} from './rolloutPlan.js';
import { stalledReasonOf } from './rolloutStatus.js';

/** What a rollout needs besides the task. */
export interface RolloutContext {
  services: EcsServices;
  events: Events;
  target: RolloutTarget;
  nowIso: string;
  /** Writes `records` as status.services (nothing else changes); resolves to the task as written. */
  record(task: EcsGmsaTask, records: ServiceRecord[]): Promise<EcsGmsaTask>;
}

/** The task as last written and the record of every listed service, in spec order. */
export interface RolloutResult {
  task: EcsGmsaTask;
  records: ServiceRecord[];
}

interface Planned {
  ref: ServiceReference;
  previous: ServiceRecord | undefined;
  need: ReturnType<typeof needOf>;
}

/** Describes the services that need it: one DescribeServices per cluster and 10 services. */
async function describeAll(
  ecs: EcsServices,
  refs: readonly ServiceReference[],
): Promise<Map<string, DescribedService | undefined>> {
  const byCluster = new Map<string, string[]>();
  for (const r of refs) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r.service]);
  const found = new Map<string, DescribedService | undefined>();
  for (const [cluster, names] of byCluster)
    for (const [name, s] of await ecs.describe(cluster, names)) found.set(serviceKey({ cluster, service: name }), s);
  return found;
}

function stepFor(p: Planned, s: DescribedService | undefined, ctx: RolloutContext): ServiceStep {
  const { previous } = p;
  if (p.need === 'settled' && previous) return { record: previous };
  if (p.need === 'observe' && previous?.state === 'Pending') return confirmStep(previous, s);
  if (p.need === 'observe' && previous && s?.status === 'ACTIVE') return { record: observeRollout(previous, s) };
  return moveStep(p.ref, previous, s, { target: ctx.target, nowIso: ctx.nowIso });
}

async function send(step: ServiceStep, ctx: RolloutContext): Promise<ServiceRecord> {
  const { record } = step;
  const answer = await ctx.services.update({
    cluster: record.cluster,
    service: record.service,
    taskDefinition: ctx.target.taskDefinitionArn,
    forceNewDeployment: step.update?.forceNewDeployment ?? false,
  });
  if (!answer)
    return {
      cluster: record.cluster,
      service: record.service,
      state: 'NotFound',
      message: `service ${record.service} in cluster ${record.cluster} disappeared before it could be updated`,
    };
  return updatedRecord(record, answer);
}

async function announce(task: EcsGmsaTask, step: ServiceStep, next: ServiceRecord, ctx: RolloutContext): Promise<void> {
  const key = serviceKey(next);
  const revision = revisionName(ctx.target.taskDefinitionArn);
  if (step.update && next.state !== 'NotFound') {
    const forced = step.update.forceNewDeployment;
    const message = forced
      ? `forced a new deployment of ${key} (${revision}): the CredSpec content changed`
      : `updated ${key} to ${revision}`;
    await ctx.events.record(task, 'Normal', forced ? 'DeploymentForced' : 'ServiceUpdated', message);
  }
}

async function reportTransition(
  task: EcsGmsaTask,
  previous: ServiceRecord | undefined,
  next: ServiceRecord,
  events: Events,
): Promise<void> {
  const changed = previous?.state !== next.state || previous.taskDefinitionArn !== next.taskDefinitionArn;
  if (!changed) return;
  if (next.state === 'Completed')
    await events.record(
      task,
      'Normal',
      'RolloutCompleted',
      `${serviceKey(next)} runs ${revisionName(next.taskDefinitionArn)}`,
    );
  const reason = stalledReasonOf(next.state);
  if (reason) await events.record(task, 'Warning', reason, `${serviceKey(next)}: ${next.message ?? next.state}`);
}

/**
 * Rolls the task's listed services onto `ctx.target`. Services whose rollout of the target ended are not
 * described; an unlisted service is never looked at. Throws AwsError (throttling, access denied, ...):
 * the updates recorded so far stay in status, and the next reconcile confirms them before sending again.
 */
export async function rollOut(task: EcsGmsaTask, ctx: RolloutContext): Promise<RolloutResult> {
  const known = new Map((task.status?.services ?? []).map((r) => [serviceKey(r), r]));
  const planned: Planned[] = (task.spec.services ?? []).map((ref) => {
    const previous = known.get(serviceKey(ref));
    return { ref, previous, need: needOf(previous, ctx.target) };
  });
  const described = await describeAll(
    ctx.services,
    planned.filter((p) => p.need !== 'settled').map((p) => p.ref),
  );
  const steps = planned.map((p) => stepFor(p, described.get(serviceKey(p.ref)), ctx));
  let current = task;
  if (steps.some((s) => s.update))
    current = await ctx.record(
      task,
      steps.map((s) => s.record),
    );
  const records: ServiceRecord[] = [];
  for (const [i, step] of steps.entries()) {
    const next = step.update ? await send(step, ctx) : step.record;
    await announce(current, step, next, ctx);
    await reportTransition(current, planned[i]?.previous, next, ctx.events);
    records.push(next);
  }
  return { task: current, records };
}

// Moves the listed ECS services onto the registered revision: describe what must be looked at (batched
// per cluster), record every update in status BEFORE sending it, send it, report the transitions.
import type { EcsGmsaTask, ServiceReference } from '../../api/types.js';
import type { DescribedService, EcsServices } from '../../aws/ports.js';
import { deepEqual } from '../../runtime/deepEqual.js';
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
  /** The task read fresh from the API server (not the cache); `undefined` when it is gone. */
  fresh(task: EcsGmsaTask): Promise<EcsGmsaTask | undefined>;
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

function plan(task: EcsGmsaTask, target: RolloutTarget): Planned[] {
  const known = new Map((task.status?.services ?? []).map((r) => [serviceKey(r), r]));
  return (task.spec.services ?? []).map((ref) => {
    const previous = known.get(serviceKey(ref));
    return { ref, previous, need: needOf(previous, target) };
  });
}

/** Describes what `planned` needs and `described` does not hold yet. */
async function describeMissing(
  ctx: RolloutContext,
  planned: readonly Planned[],
  described: Map<string, DescribedService | undefined>,
): Promise<void> {
  const missing = planned.filter((p) => p.need !== 'settled' && !described.has(serviceKey(p.ref))).map((p) => p.ref);
  for (const [key, s] of await describeAll(ctx.services, missing)) described.set(key, s);
}

/** The steps for `task`, and the task they were decided on. */
async function decide(
  task: EcsGmsaTask,
  ctx: RolloutContext,
  described: Map<string, DescribedService | undefined>,
): Promise<{ task: EcsGmsaTask; planned: Planned[]; steps: ServiceStep[] }> {
  const planned = plan(task, ctx.target);
  await describeMissing(ctx, planned, described);
  return { task, planned, steps: planned.map((p) => stepFor(p, described.get(serviceKey(p.ref)), ctx)) };
}

/**
 * Rolls the task's listed services onto `ctx.target`. Services whose rollout of the target ended are not
 * described; an unlisted service is never looked at. Before any update the task is read fresh: the cache
 * may not hold this task's own last status write yet, and an update decided on it could be sent twice.
 * Throws AwsError (throttling, access denied, ...): the updates recorded so far stay in status, and the
 * next reconcile confirms them before sending again.
 */
export async function rollOut(task: EcsGmsaTask, ctx: RolloutContext): Promise<RolloutResult> {
  const described = new Map<string, DescribedService | undefined>();
  let decided = await decide(task, ctx, described);
  if (decided.steps.some((s) => s.update)) {
    const fresh = await ctx.fresh(task);
    if (fresh && !deepEqual(fresh.status?.services, task.status?.services))
      decided = await decide({ ...task, status: fresh.status }, ctx, described);
  }
  const { planned, steps } = decided;
  let current = decided.task;
  if (steps.some((s) => s.update))
    current = await ctx.record(
      current,
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

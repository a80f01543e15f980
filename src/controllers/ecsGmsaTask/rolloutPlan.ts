// Per listed ECS service: whether this reconcile must look at it, and what follows from what ECS said.
// Pure. The records of status.services are the memory: an update is recorded (Pending) before it is sent,
// and a service whose rollout of the current target ended is never described or updated again.
import type { ServiceReference, ServiceRolloutStatus } from '../../api/types.js';
import type { DescribedService, ServiceDeployment } from '../../aws/ports.js';
import { familyOfArn } from './desired.js';

/** What every listed service should run: the registered revision, carrying this CredSpec content. */
export interface RolloutTarget {
  family: string;
  taskDefinitionArn: string;
  /** {@link credentialContentSha256} of the referenced GmsaCredentialSpecs. */
  credentialSpecSha256: string;
}

export type ServiceRecord = ServiceRolloutStatus;
type State = ServiceRecord['state'];

/** `cluster/service`: the identity of a listed service. */
export const serviceKey = (s: { cluster: string; service: string }): string => `${s.cluster}/${s.service}`;

/** `family:revision` of a task definition ARN, for messages. */
export const revisionName = (arn: string | undefined): string => arn?.split('/').pop() ?? '';

/** status.services[].message and rolloutStateReason hold at most this many characters (the schema's maxLength). */
export const RECORD_TEXT_MAX = 1024;

const clip = (text: string): string =>
  text.length <= RECORD_TEXT_MAX ? text : `${text.slice(0, RECORD_TEXT_MAX - 1)}…`;

const ENDED: readonly State[] = ['Completed', 'Failed', 'RolledBack'];
const OBSERVED: readonly State[] = ['Pending', 'InProgress'];

function sameTarget(record: ServiceRecord, target: RolloutTarget): boolean {
  return (
    record.taskDefinitionArn === target.taskDefinitionArn && record.credentialSpecSha256 === target.credentialSpecSha256
  );
}

/**
 * What a listed service needs this reconcile: `settled` (its rollout of the target ended: no AWS call),
 * `observe` (Pending or in progress: describe it), `move` (describe it, then update it if it may be).
 */
export function needOf(record: ServiceRecord | undefined, target: RolloutTarget): 'settled' | 'observe' | 'move' {
  if (!record || !sameTarget(record, target)) return 'move';
  if (ENDED.includes(record.state)) return 'settled';
  return OBSERVED.includes(record.state) ? 'observe' : 'move';
}

/** The next record, and the UpdateService to send after recording it (if any). */
export interface ServiceStep {
  record: ServiceRecord;
  update?: { forceNewDeployment: boolean };
}

const identity = (ref: ServiceReference): ServiceReference => ({ cluster: ref.cluster, service: ref.service });

function untouched(ref: ServiceReference, state: State, message: string): ServiceStep {
  return { record: { ...identity(ref), state, message: clip(message) } };
}

function counts(d: ServiceDeployment): Partial<ServiceRecord> {
  return {
    desiredCount: d.desiredCount,
    runningCount: d.runningCount,
    pendingCount: d.pendingCount,
    failedTasks: d.failedTasks,
  };
}

function deploymentFacts(d: ServiceDeployment): Partial<ServiceRecord> {
  return {
    deploymentId: d.id,
    ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    ...(d.rolloutStateReason ? { rolloutStateReason: clip(d.rolloutStateReason) } : {}),
    ...counts(d),
  };
}

/** Without rolloutState (an older ECS answer), a deployment is done when it alone runs every task it wants. */
function progressState(d: ServiceDeployment, alone: boolean): 'InProgress' | 'Completed' {
  if (d.rolloutState) return d.rolloutState === 'COMPLETED' ? 'Completed' : 'InProgress';
  return alone && d.runningCount >= d.desiredCount ? 'Completed' : 'InProgress';
}

function progress(base: ServiceRecord, d: ServiceDeployment, alone: boolean): ServiceRecord {
  const { message: _m, rolloutState: _s, rolloutStateReason: _r, rolledBack: _b, ...rest } = base;
  const state = progressState(d, alone);
  const failed = d.failedTasks > 0 ? `, ${d.failedTasks} failed` : '';
  const message = `${d.runningCount}/${d.desiredCount} running, ${d.pendingCount} pending${failed} (rolloutState ${d.rolloutState ?? 'not reported'})`;
  return { ...rest, ...deploymentFacts(d), state, ...(state === 'Completed' ? {} : { message: clip(message) }) };
}

function failedRecord(base: ServiceRecord, d: ServiceDeployment, rolledBack: boolean): ServiceRecord {
  const reason = d.rolloutStateReason ?? 'no reason given';
  const message = rolledBack
    ? `deployment ${d.id} of ${revisionName(base.taskDefinitionArn)} FAILED and ECS rolled the service back: ${reason}`
    : `deployment ${d.id} of ${revisionName(base.taskDefinitionArn)} FAILED: ${reason}`;
  const state = rolledBack ? 'RolledBack' : 'Failed';
  return { ...base, ...deploymentFacts(d), state, rolledBack, message: clip(message) };
}

function movedOff(base: ServiceRecord, s: DescribedService): ServiceRecord {
  const by = s.circuitBreakerRollback ? "ECS's deployment circuit breaker rolled it back" : 'something else updated it';
  const message = `the service now runs ${revisionName(s.taskDefinition)}, not ${revisionName(base.taskDefinitionArn)} (${by}); it is not moved again for this revision`;
  return { ...base, state: 'RolledBack', rolledBack: s.circuitBreakerRollback, message: clip(message) };
}

/**
 * The rollout of `base` (an InProgress record) as `s` shows it: the deployment the operator started,
 * or — when it was replaced by one of the same revision (someone forced a new deployment) — that one.
 */
export function observeRollout(base: ServiceRecord, s: DescribedService): ServiceRecord {
  const primary = s.deployments[0];
  const ours = s.deployments.find((d) => d.id === base.deploymentId);
  const alone = s.deployments.length === 1;
  if (ours?.rolloutState === 'FAILED') return failedRecord(base, ours, primary !== undefined && primary.id !== ours.id);
  if (ours && ours === primary && ours.taskDefinition === base.taskDefinitionArn) return progress(base, ours, alone);
  if (primary && primary.taskDefinition === base.taskDefinitionArn) return progress(base, primary, alone);
  return movedOff(base, s);
}

/** Why a described service may not be moved by this task, or `undefined` when it may. */
function refusal(
  ref: ServiceReference,
  s: DescribedService | undefined,
  target: RolloutTarget,
): ServiceStep | undefined {
  if (!s || s.status !== 'ACTIVE') {
    const why = s ? `is ${s.status}` : 'does not exist';
    return untouched(
      ref,
      'NotFound',
      `service ${ref.service} in cluster ${ref.cluster} ${why}; the operator never creates services`,
    );
  }
  if (s.deploymentController !== 'ECS')
    return untouched(
      ref,
      'NotSupported',
      `the service uses the ${s.deploymentController} deployment controller; the operator only drives ECS rolling updates`,
    );
  const running = familyOfArn(s.taskDefinition)?.family;
  if (running !== target.family)
    return untouched(
      ref,
      'FamilyMismatch',
      `the service runs ${s.taskDefinition ?? 'no task definition'}, not a revision of family ${target.family}; the operator only moves services that already run its family`,
    );
  return undefined;
}

function pending(ref: ServiceReference, s: DescribedService, target: RolloutTarget, nowIso: string): ServiceRecord {
  const previous = s.deployments[0]?.id;
  return {
    ...identity(ref),
    state: 'Pending',
    message: `updating to ${revisionName(target.taskDefinitionArn)}`,
    taskDefinitionArn: target.taskDefinitionArn,
    credentialSpecSha256: target.credentialSpecSha256,
    ...(previous ? { previousDeploymentId: previous } : {}),
    updatedAt: nowIso,
  };
}

/**
 * A service to move onto `target`: refused (missing, not ECS-controlled, another family), updated
 * (another revision of the family: UpdateService; the target revision whose recorded deployment carries
 * other CredSpec content: a forced new deployment), or followed as it is (already on the target: a first
 * listing, or moved by someone else — its running tasks are not disturbed).
 */
export function moveStep(
  ref: ServiceReference,
  record: ServiceRecord | undefined,
  s: DescribedService | undefined,
  ctx: { target: RolloutTarget; nowIso: string },
): ServiceStep {
  const refused = refusal(ref, s, ctx.target);
  if (refused || !s) return refused ?? untouched(ref, 'NotFound', 'not described');
  const { target } = ctx;
  if (s.taskDefinition !== target.taskDefinitionArn)
    return { record: pending(ref, s, target, ctx.nowIso), update: { forceNewDeployment: false } };
  const contentChanged =
    record?.taskDefinitionArn === target.taskDefinitionArn &&
    record.credentialSpecSha256 !== target.credentialSpecSha256;
  if (contentChanged) return { record: pending(ref, s, target, ctx.nowIso), update: { forceNewDeployment: true } };
  return { record: followAsIs(ref, record, s, target) };
}

/** A service already on the target revision, moved there by someone else or listed for the first time. */
function followAsIs(
  ref: ServiceReference,
  record: ServiceRecord | undefined,
  s: DescribedService,
  target: RolloutTarget,
): ServiceRecord {
  const base: ServiceRecord = {
    ...identity(ref),
    state: 'InProgress',
    taskDefinitionArn: target.taskDefinitionArn,
    credentialSpecSha256: target.credentialSpecSha256,
    ...(record?.updatedAt ? { updatedAt: record.updatedAt } : {}),
    ...(s.deployments[0] ? { deploymentId: s.deployments[0].id } : {}),
  };
  return observeRollout(base, s);
}

/**
 * A Pending record (recorded, the update not confirmed): a new PRIMARY deployment of the recorded
 * revision means the update happened (the answer was lost); otherwise it is sent again.
 */
export function confirmStep(record: ServiceRecord, s: DescribedService | undefined): ServiceStep {
  if (!s || s.status !== 'ACTIVE')
    return untouched(
      record,
      'NotFound',
      `service ${record.service} in cluster ${record.cluster} ${s ? `is ${s.status}` : 'does not exist'}`,
    );
  const primary = s.deployments[0];
  if (primary && primary.id !== record.previousDeploymentId && primary.taskDefinition === record.taskDefinitionArn)
    return { record: observeRollout({ ...record, state: 'InProgress', deploymentId: primary.id }, s) };
  return { record, update: { forceNewDeployment: s.taskDefinition === record.taskDefinitionArn } };
}

/** The record after UpdateService answered with `s`: the new PRIMARY deployment is the one the operator started. */
export function updatedRecord(pendingRecord: ServiceRecord, s: DescribedService): ServiceRecord {
  const primary = s.deployments[0];
  const base: ServiceRecord = {
    ...pendingRecord,
    state: 'InProgress',
    ...(primary ? { deploymentId: primary.id } : {}),
  };
  return primary ? observeRollout(base, s) : base;
}

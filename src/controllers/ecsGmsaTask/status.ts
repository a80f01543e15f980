// The next status of an EcsGmsaTask from the reconcile's outcome: pure.
import type { EcsGmsaTask, EcsGmsaTaskStatus } from '../../api/types.js';
import type { CredentialSpecUse } from '../../domain/task/render.js';
import { removeCondition, setConditions } from '../../runtime/conditions.js';
import { readyConditions, reconcileRequestEcho, suspendedConditions, type OurCondition } from '../common/conditions.js';
import { blockedConditions, type Blocked } from '../common/outcome.js';
import type { ServiceRecord } from './rolloutPlan.js';
import { rolloutVerdict, servicesCondition } from './rolloutStatus.js';

export interface RegisteredState {
  family: string;
  revision: number;
  taskDefinitionArn: string;
  specSha256: string;
  references: CredentialSpecUse[];
}

export type TaskOutcome =
  /** `services`: the record of every listed service (absent or empty: the task lists none). */
  | { kind: 'registered'; state: RegisteredState; services?: ServiceRecord[] }
  | { kind: 'blocked'; blocked: Blocked; /** References resolved before the failure. */ resolved?: boolean }
  | { kind: 'suspended' };

/** Ready, Reconciling and Stalled of a registered revision, given the rollout of its services. */
function readyWithServices(registered: string, services: readonly ServiceRecord[] | undefined): OurCondition[] {
  if (!services || services.length === 0) return readyConditions(registered);
  const verdict = rolloutVerdict(services);
  const condition = servicesCondition(verdict);
  if (verdict.kind === 'rolledOut') return [...readyConditions(`${registered}; ${verdict.message}`), condition];
  if (verdict.kind === 'stalled')
    return [...blockedConditions({ kind: 'stalled', reason: verdict.reason, message: verdict.message }), condition];
  return [
    { type: 'Ready', status: 'False', reason: 'RolloutInProgress', message: verdict.message },
    { type: 'Reconciling', status: 'True', reason: 'RolloutInProgress', message: verdict.message },
    { type: 'Stalled', status: 'False', reason: 'RolloutInProgress', message: '' },
    condition,
  ];
}

function outcomeConditions(outcome: TaskOutcome): OurCondition[] {
  if (outcome.kind === 'registered') {
    const { state } = outcome;
    return [
      ...readyWithServices(`${state.taskDefinitionArn} registered`, outcome.services),
      {
        type: 'CredentialSpecsResolved',
        status: 'True',
        reason: 'Ready',
        message: state.references.map((r) => `${r.container}: ${r.credentialSpec}`).join(', '),
      },
      {
        type: 'TaskDefinitionRegistered',
        status: 'True',
        reason: 'TaskDefinitionRegistered',
        message: `${state.family}:${state.revision}`,
      },
    ];
  }
  if (outcome.kind === 'suspended') return suspendedConditions();
  return [...blockedConditions(outcome.blocked), resolvedCondition(outcome.blocked, outcome.resolved === true)];
}

/**
 * CredentialSpecsResolved after a failed reconcile: False while waiting for a CredSpec, True when the
 * references resolved before the failure, Unknown with the refusal's reason when the reconcile stopped
 * before resolving them (validation, tenancy): a True or False of an earlier pass would be stale.
 */
function resolvedCondition(blocked: Blocked, resolved: boolean): OurCondition {
  const type = 'CredentialSpecsResolved';
  if (blocked.kind === 'waiting') return { type, status: 'False', reason: blocked.reason, message: blocked.message };
  if (resolved) return { type, status: 'True', reason: 'Ready', message: 'every gmsa.credentialSpecRef resolved' };
  const reason = blocked.kind === 'invalid' ? 'ValidationFailed' : blocked.reason;
  return {
    type,
    status: 'Unknown',
    reason,
    message: 'not checked: the reconcile stopped before resolving the references (see Ready)',
  };
}

/** Sets status.services; a task that lists no service has neither the field nor ServicesRolledOut. */
function withServices(status: EcsGmsaTaskStatus, services: ServiceRecord[] | undefined): void {
  if (services && services.length > 0) {
    status.services = services;
    return;
  }
  delete status.services;
  status.conditions = removeCondition(status.conditions ?? [], 'ServicesRolledOut');
}

/**
 * The status after a reconcile of `task` ending in `outcome`; failures keep the last registered
 * revision. The family records (current and previous) are already in `task.status`: they are written
 * before the first registration.
 */
export function nextTaskStatus(task: EcsGmsaTask, outcome: TaskOutcome, nowIso: string): EcsGmsaTaskStatus {
  const previous = task.status ?? {};
  const conditions = setConditions(
    previous.conditions ?? [],
    outcomeConditions(outcome),
    task.metadata.generation,
    nowIso,
  );
  const status: EcsGmsaTaskStatus = { ...previous, observedGeneration: task.metadata.generation, conditions };
  if (outcome.kind === 'registered') {
    const s = outcome.state;
    Object.assign(status, {
      family: s.family,
      revision: s.revision,
      taskDefinitionArn: s.taskDefinitionArn,
      specSha256: s.specSha256,
      credentialSpecReferences: s.references,
    });
    withServices(status, outcome.services);
  }
  const requested = reconcileRequestEcho(task.metadata.annotations);
  if (requested !== undefined) status.lastHandledReconcileAt = requested;
  return status;
}

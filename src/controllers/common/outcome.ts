// How a reconcile that could not finish ended, as a value; the one classification of failures (ours,
// AWS's, Kubernetes'); the conditions each outcome shows; and what the queue does next. Pure.
import {
  DIRECTORY_STALLED_REASONS,
  type RetryingReason,
  type StalledReason,
  type WaitingReason,
} from '../../api/conditions.js';
import { isAwsError } from '../../aws/errors.js';
import { formatIssues, type ValidationIssue } from '../../domain/validation/issue.js';
import { KubeApiError } from '../../kube/errors.js';
import type { LongWait } from '../../runtime/reconcileScope.js';
import { TerminalError } from '../../runtime/result.js';
import type { OurCondition } from './conditions.js';

/** A reconcile that could not finish, and why. */
export type Blocked =
  /** The spec breaks a rule: Stalled until the generation changes. */
  | { kind: 'invalid'; issues: ValidationIssue[] }
  /** Something referenced is missing or not ready yet: waiting, re-queued on change. */
  | { kind: 'waiting'; reason: WaitingReason; message: string }
  /** Something a human must fix: Stalled until it changes (AccessDenied and its kin re-checked). */
  | { kind: 'stalled'; reason: StalledReason; message: string }
  /** Throttling, 5xx, network, a conflicting write: retried with backoff. */
  | { kind: 'retrying'; reason: RetryingReason; message: string };

/** Thrown inside a reconcile to stop it with a Blocked outcome; the reconciler turns it into status. */
export class BlockedError extends Error {
  override readonly name = 'BlockedError';
  constructor(readonly blocked: Blocked) {
    super(blocked.kind === 'invalid' ? formatIssues(blocked.issues) : blocked.message);
  }
}

/** Stalled reasons re-checked on the slow period: fixed out of band (IAM, RBAC, an opt-in, Active Directory). */
const RECHECKED: readonly StalledReason[] = [
  'AccessDenied',
  'KubernetesAccessDenied',
  'NamespaceNotOptedIn',
  ...DIRECTORY_STALLED_REASONS,
];

/** A refused Kubernetes call: 403 is Stalled (RBAC is fixed out of band), 400/422 a refusal, the rest retried. */
function kubeBlocked(err: KubeApiError): Blocked {
  if (err.status === 403) {
    return {
      kind: 'stalled',
      reason: 'KubernetesAccessDenied',
      message: `${err.message}: the operator's Kubernetes permissions do not allow this; re-checked periodically`,
    };
  }
  if (err.status === 400 || err.status === 422)
    return { kind: 'stalled', reason: 'KubernetesRejected', message: `the apiserver refused a write: ${err.message}` };
  return {
    kind: 'retrying',
    reason: 'KubernetesRetrying',
    message: `Kubernetes API ${err.status} ${err.reason}: ${err.message}`,
  };
}

/** The Blocked outcome for any error, or `undefined` for a bug (unexpected error: retried with backoff). */
export function blockedFor(err: unknown): Blocked | undefined {
  if (err instanceof BlockedError) return err.blocked;
  if (err instanceof KubeApiError) return kubeBlocked(err);
  if (!isAwsError(err)) return undefined;
  switch (err.class) {
    case 'throttled':
    case 'transient':
      return { kind: 'retrying', reason: 'AwsRetrying', message: err.message };
    case 'access-denied':
      return {
        kind: 'stalled',
        reason: 'AccessDenied',
        message: `${err.message}: grant the operator's IAM role this permission; re-checked periodically`,
      };
    case 'terminal':
      return { kind: 'stalled', reason: 'AwsRejected', message: err.message };
  }
}

/**
 * What the queue does after a Blocked outcome: waiting → nothing (a watch re-queues on change, resync
 * anyway); invalid or stalled → terminal (re-checked on a slow period when fixed out of band);
 * retrying → the original error, for a rate-limited retry.
 */
export function queueErrorFor(blocked: Blocked, original: unknown, recheckMs: number): Error | undefined {
  if (blocked.kind === 'retrying') return original instanceof Error ? original : new Error(blocked.message);
  if (blocked.kind === 'waiting') return undefined;
  if (blocked.kind === 'stalled' && RECHECKED.includes(blocked.reason))
    return new TerminalError(blocked.message, recheckMs);
  return new TerminalError(blocked.kind === 'invalid' ? 'invalid spec' : blocked.message);
}

/** `about 45 s`, `about 12 min`. */
function roughly(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 120 ? `about ${seconds} s` : `about ${Math.round(seconds / 60)} min`;
}

/** `1`, `0.5`, `2.25`: a rate with at most two decimals. */
function rate(qps: number): string {
  return String(Math.round(qps * 100) / 100);
}

/** The outcome shown while a reconcile waits for a slot of the operator's own AWS rate limit. */
export function rateLimited(wait: LongWait): Blocked {
  return {
    kind: 'retrying',
    reason: 'AwsRateLimited',
    message: `waiting ${roughly(wait.estimateMs)} for ${wait.operation} in ${wait.region}: the operator's client-side rate limit is ${rate(wait.limit.qps)}/s (burst ${wait.limit.burst}); it proceeds by itself`,
  };
}

/** The Warning event of a Blocked outcome; waiting (and waiting for a rate-limit slot) makes none. */
export function eventReasonFor(
  blocked: Blocked,
): 'ValidationFailed' | 'AwsError' | 'KubernetesError' | 'DirectoryUnreachable' | StalledReason | undefined {
  switch (blocked.kind) {
    case 'invalid':
      return 'ValidationFailed';
    case 'retrying':
      return RETRY_EVENT[blocked.reason];
    case 'stalled':
      return blocked.reason;
    case 'waiting':
      return undefined;
  }
}

/** The Warning event of each retry reason; waiting for a rate-limit slot makes none. */
const RETRY_EVENT: Record<RetryingReason, 'AwsError' | 'KubernetesError' | 'DirectoryUnreachable' | undefined> = {
  AwsRetrying: 'AwsError',
  AwsRateLimited: undefined,
  KubernetesRetrying: 'KubernetesError',
  DirectoryUnreachable: 'DirectoryUnreachable',
};

/** Ready, Stalled and Reconciling for a reconcile that could not finish. */
export function blockedConditions(blocked: Blocked): OurCondition[] {
  switch (blocked.kind) {
    case 'invalid': {
      const message = formatIssues(blocked.issues);
      return stalledConditions('ValidationFailed', message);
    }
    case 'stalled':
      return stalledConditions(blocked.reason, blocked.message);
    case 'waiting':
    case 'retrying':
      return [
        { type: 'Ready', status: 'False', reason: blocked.reason, message: blocked.message },
        { type: 'Reconciling', status: 'True', reason: blocked.reason, message: blocked.message },
        { type: 'Stalled', status: 'False', reason: blocked.reason, message: '' },
      ];
  }
}

function stalledConditions(reason: StalledReason | 'ValidationFailed', message: string): OurCondition[] {
  return [
    { type: 'Ready', status: 'False', reason, message },
    { type: 'Stalled', status: 'True', reason, message },
    { type: 'Reconciling', status: 'False', reason, message: '' },
  ];
}

// Maps any failure inside a reconcile to a Blocked outcome and the queue behaviour it needs.
import { isAwsError } from '../aws/errors.js';
import { KubeApiError } from '../kube/errors.js';
import type { EventRecorder, EventSubject } from '../kube/events.js';
import type { Logger } from '../observability/logger.js';
import { done, TerminalError, type ReconcileResult } from '../runtime/result.js';
import { BlockedError, type Blocked } from './outcome.js';

/** A refused Kubernetes call: 403 is Stalled (RBAC is fixed out of band), 400/422 a refusal, the rest retried. */
function kubeBlocked(err: KubeApiError): Blocked {
  if (err.status === 403) return { kind: 'stalled', reason: 'KubernetesAccessDenied', message: `${err.message}: the operator's Kubernetes permissions do not allow this; re-checked periodically` };
  if (err.status === 400 || err.status === 422) return { kind: 'stalled', reason: 'KubernetesRejected', message: `the apiserver refused a write: ${err.message}` };
  return { kind: 'retrying', reason: 'KubernetesRetrying', message: `Kubernetes API ${err.status} ${err.reason}: ${err.message}` };
}

/** The Blocked outcome for an error, or `undefined` for a bug (unexpected error: retried with backoff). */
export function blockedFor(err: unknown): Blocked | undefined {
  if (err instanceof BlockedError) return err.blocked;
  if (err instanceof KubeApiError) return kubeBlocked(err);
  if (!isAwsError(err)) return undefined;
  switch (err.class) {
    case 'throttled':
    case 'transient':
      return { kind: 'retrying', message: err.message };
    case 'access-denied':
      return { kind: 'stalled', reason: 'AccessDenied', message: `${err.message}: grant the operator's IAM role this permission; re-checked periodically` };
    case 'terminal':
      return { kind: 'stalled', reason: 'AwsRejected', message: err.message };
  }
}

/**
 * What the queue does after a Blocked outcome: waiting → nothing (a watch re-queues on change,
 * resync anyway); invalid or stalled → terminal (AccessDenied re-checked on a slow period);
 * retrying → the original error, for a rate-limited retry.
 */
export function queueErrorFor(blocked: Blocked, original: unknown, accessDeniedRecheckMs: number): Error | undefined {
  if (blocked.kind === 'retrying') return original instanceof Error ? original : new Error(blocked.message);
  if (blocked.kind === 'waiting') return undefined;
  if (blocked.kind === 'stalled' && (blocked.reason === 'AccessDenied' || blocked.reason === 'KubernetesAccessDenied' || blocked.reason === 'NamespaceNotOptedIn')) return new TerminalError(blocked.message, accessDeniedRecheckMs);
  return new TerminalError(blocked.kind === 'invalid' ? 'invalid spec' : blocked.message);
}

/** What a reconciler gives `handleFailure`: how to report, where events go. */
export interface FailureContext {
  subject: EventSubject;
  events: EventRecorder;
  accessDeniedRecheckMs: number;
  log: Logger;
  /** Writes the status for the blocked outcome. */
  report(blocked: Blocked): Promise<unknown>;
}

/**
 * The one failure path of both reconcilers: status from the Blocked outcome, a Warning event unless
 * it is waiting, then the queue behaviour. An unexpected error (a bug) is rethrown for a backoff retry.
 */
export async function handleFailure(err: unknown, ctx: FailureContext): Promise<ReconcileResult> {
  const blocked = blockedFor(err);
  if (!blocked) throw err;
  await ctx.report(blocked);
  const reason = blocked.kind === 'invalid' ? 'ValidationFailed' : blocked.kind === 'retrying' ? (blocked.reason === 'KubernetesRetrying' ? 'KubernetesError' : 'AwsError') : blocked.reason;
  if (blocked.kind !== 'waiting') await ctx.events.record(ctx.subject, 'Warning', reason, err instanceof Error ? err.message : String(err));
  ctx.log.debug('blocked', { kind: blocked.kind });
  const queueError = queueErrorFor(blocked, err, ctx.accessDeniedRecheckMs);
  if (queueError !== undefined) throw queueError;
  return done;
}

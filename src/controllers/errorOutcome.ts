// Maps any failure inside a reconcile to a Blocked outcome and the queue behaviour it needs.
import { isAwsError } from '../aws/errors.js';
import { TerminalError } from '../runtime/result.js';
import { BlockedError, type Blocked } from './outcome.js';

/** The Blocked outcome for an error, or `undefined` for a bug (unexpected error: retried with backoff). */
export function blockedFor(err: unknown): Blocked | undefined {
  if (err instanceof BlockedError) return err.blocked;
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
  if (blocked.kind === 'stalled' && blocked.reason === 'AccessDenied') return new TerminalError(blocked.message, accessDeniedRecheckMs);
  return new TerminalError(blocked.kind === 'invalid' ? 'invalid spec' : blocked.message);
}

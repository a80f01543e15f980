// What a reconcile returns, and the one place that maps it to queue actions.
import type { WorkQueue } from './workQueue.js';

/** A successful reconcile: done (periodic resync follows), or come back after a delay. */
export interface ReconcileResult {
  /** Re-run after this many ms instead of the resync period (e.g. waiting on something slow). */
  requeueAfterMs?: number;
}

/** Done, resync later. */
export const done: ReconcileResult = {};

/** Re-run after `ms`. */
export function requeueAfter(ms: number): ReconcileResult {
  return { requeueAfterMs: ms };
}

/**
 * An error retrying cannot fix (invalid input): the key is not re-queued until it changes.
 * `recheckAfterMs` re-checks on a slow period where something outside may fix it (IAM).
 */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    message: string,
    readonly recheckAfterMs?: number,
  ) {
    super(message);
  }
}

/** The periodic re-check of keys (ResyncScheduler). */
export interface Resync {
  /** Re-checks `key` a period after now. */
  schedule(key: string): void;
  /** Drops a pending re-check of `key`. */
  cancel(key: string): void;
}

/** How a reconcile ended (Metrics.reconciled turns it into controller-runtime's series). */
export type ResultLabel = 'success' | 'error' | 'requeue_after' | 'terminal_error';

/**
 * Maps a reconcile outcome to the queue: terminal error → forget (and a slow recheck if asked);
 * other error → rate-limited requeue; requeueAfter → forget + addAfter; success → forget + a periodic
 * re-check through `resync`. Only a success keeps a re-check scheduled.
 */
export function applyOutcome(
  queue: WorkQueue,
  key: string,
  outcome: { result?: ReconcileResult; error?: unknown },
  resync: Resync,
): ResultLabel {
  const after = outcome.result?.requeueAfterMs;
  if (outcome.error !== undefined || after !== undefined) resync.cancel(key);
  if (outcome.error instanceof TerminalError) {
    queue.forget(key);
    queue.cancelDelayed(key); // a retry scheduled earlier must not retry a terminal failure
    if (outcome.error.recheckAfterMs !== undefined) queue.addAfter(key, outcome.error.recheckAfterMs);
    return 'terminal_error';
  }
  if (outcome.error !== undefined) {
    queue.addRateLimited(key);
    return 'error';
  }
  queue.forget(key);
  if (after !== undefined) {
    queue.addAfter(key, after);
    return 'requeue_after';
  }
  resync.schedule(key);
  return 'success';
}

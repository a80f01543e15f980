// A token bucket whose callers queue first come, first served, whose rate may change while they wait, and
// whose waits can be cut short. One timer per bucket, never a busy poll.

/** Time for the limiter: injected so unit tests run on a fake clock without real sleeps. */
export interface LimiterClock {
  /** Milliseconds since the epoch (any monotonic origin works). */
  now(): number;
  /** Runs `fn` after `ms`; returns a canceller. */
  schedule(ms: number, fn: () => void): () => void;
}

/** The real clock. Timers are unref'd: a caller waiting for a slot does not keep the process alive. */
export const systemLimiterClock: LimiterClock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A sustained rate and a burst. */
export interface RateLimit {
  /** Tokens added per second (> 0; fractions allowed, e.g. 0.5 = one call every 2 s). */
  qps: number;
  /** Bucket size: calls allowed at once after a quiet period (integer ≥ 1). */
  burst: number;
}

/** A place in the queue: how long it should take, and the moment it is granted. */
export interface Slot {
  /** Estimated wait at the current rate (ms); 0 when granted at once. */
  estimateMs: number;
  /** Resolves when the call may go; rejects with the signal's reason when aborted first. */
  granted: Promise<void>;
}

interface Waiter {
  grant(): void;
}

/**
 * Starts full. `take()` grants at once while tokens last and nobody queues; otherwise the caller joins the
 * queue and is granted when the next token accrues. `setLimit` re-times the queue at the new rate.
 */
export class RateBucket {
  private tokens: number;
  private last: number;
  private readonly waiters: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;

  constructor(
    private current: RateLimit,
    private readonly clock: LimiterClock,
  ) {
    this.tokens = current.burst;
    this.last = clock.now();
  }

  /** The rate in force. */
  get limit(): RateLimit {
    return this.current;
  }

  /** Callers waiting for a token. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Asks for one token. An abort before the grant rejects `granted` with `signal.reason` and frees the place. */
  take(signal?: AbortSignal): Slot {
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return { estimateMs: 0, granted: Promise.resolve() };
    }
    if (signal?.aborted) return { estimateMs: 0, granted: Promise.reject(abortReason(signal)) };
    const estimateMs = Math.ceil(((this.waiters.length + 1 - this.tokens) / this.current.qps) * 1000);
    const granted = new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
    this.arm();
    return { estimateMs, granted };
  }

  /** Changes the rate and burst; tokens accrued so far are kept (up to the new burst) and waiters re-timed. */
  setLimit(limit: RateLimit): void {
    this.refill();
    this.current = limit;
    this.tokens = Math.min(this.tokens, limit.burst);
    this.arm();
  }

  /** Empties the bucket: AWS has no tokens left for us either. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
    this.arm();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.current.burst, this.tokens + (elapsed / 1000) * this.current.qps);
    this.last = now;
  }

  /** Grants what the tokens allow, then sets the one timer for the next waiter. */
  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()?.grant();
    }
    if (this.waiters.length === 0) return;
    const ms = Math.ceil(((1 - this.tokens) / this.current.qps) * 1000);
    this.cancelTimer = this.clock.schedule(ms, () => {
      this.cancelTimer = undefined;
      this.arm();
    });
  }
}

/** The signal's reason (an Error when the aborter gave one, as AbortController.abort() does by default). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

// An async token bucket: acquire() resolves when a token is available, callers served first come, first served.

/** Time for the limiter: injected so unit tests run on a fake clock without real sleeps. */
export interface SleepClock {
  /** Milliseconds since the epoch (any monotonic origin works). */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemSleepClock: SleepClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A sustained rate and a burst. */
export interface RateLimit {
  /** Tokens added per second (> 0; fractions allowed, e.g. 0.5 = one call every 2 s). */
  qps: number;
  /** Bucket size: calls allowed at once after a quiet period (integer ≥ 1). */
  burst: number;
}

/**
 * A token bucket that starts full. Each acquire() takes one token; when the bucket is empty the
 * caller is given a reservation in the future and sleeps until then, so waiters are served in
 * arrival order and never busy-poll. Tokens may go negative (outstanding reservations).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: SleepClock,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  /** Resolves once the caller may proceed. */
  acquire(): Promise<void> {
    const wait = this.reserve();
    return wait <= 0 ? Promise.resolve() : this.clock.sleep(wait);
  }

  /** Takes a token and returns how long the caller must wait for it, in ms (0 = now). */
  reserve(): number {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed / 1000) * this.limit.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.limit.qps) * 1000);
  }
}

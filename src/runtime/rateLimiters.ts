// Per-key exponential backoff combined with a global token bucket, as client-go's default controller rate limiter.
import type { Clock } from './clock.js';

/** Decides how long a key waits before its next retry. */
export interface RateLimiter {
  /** Delay in ms before `key` may be retried; counts a failure for it. */
  when(key: string): number;
  /** Forgets the failures of `key` (after a success). */
  forget(key: string): void;
  /** Failures counted for `key` since the last forget. */
  retries(key: string): number;
}

export interface BackoffOptions {
  /** First delay. @default 1000 (ms) */
  baseDelayMs: number;
  /** Ceiling of the delay. @default 300000 (5 min) */
  maxDelayMs: number;
}

/** Doubles the delay on every failure of a key: base, 2·base, 4·base, ... capped at max. */
export function exponentialBackoff(options: BackoffOptions): RateLimiter {
  const failures = new Map<string, number>();
  return {
    when(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      const delay = options.baseDelayMs * 2 ** Math.min(n, 52);
      return Math.min(delay, options.maxDelayMs);
    },
    forget: (key) => void failures.delete(key),
    retries: (key) => failures.get(key) ?? 0,
  };
}

export interface TokenBucketOptions {
  /** Tokens added per second. @default 10 */
  qps: number;
  /** Bucket size. @default 100 */
  burst: number;
}

/** A global token bucket: every retry of any key takes a token; when empty, retries queue up at `qps`. */
export function tokenBucket(options: TokenBucketOptions, clock: Clock): RateLimiter {
  let tokens = options.burst;
  let last = clock.now();
  return {
    when() {
      const now = clock.now();
      tokens = Math.min(options.burst, tokens + ((now - last) / 1000) * options.qps);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / options.qps) * 1000);
    },
    forget: () => undefined,
    retries: () => 0,
  };
}

/** The longest delay of several limiters; failures counted by the first. */
export function maxOf(...limiters: RateLimiter[]): RateLimiter {
  return {
    when: (key) => Math.max(...limiters.map((l) => l.when(key))),
    forget: (key) => limiters.forEach((l) => l.forget(key)),
    retries: (key) => Math.max(...limiters.map((l) => l.retries(key))),
  };
}

export interface ControllerRateLimiterOptions {
  backoff: BackoffOptions;
  bucket: TokenBucketOptions;
}

/** Defaults: backoff 1 s doubling to 5 min (AWS errors rarely clear in milliseconds); bucket 10/s, burst 100. */
export const DEFAULT_RATE_LIMITER_OPTIONS: ControllerRateLimiterOptions = {
  backoff: { baseDelayMs: 1000, maxDelayMs: 300_000 },
  bucket: { qps: 10, burst: 100 },
};

/** Per-key exponential backoff combined with the global token bucket. */
export function controllerRateLimiter(
  clock: Clock,
  options: ControllerRateLimiterOptions = DEFAULT_RATE_LIMITER_OPTIONS,
): RateLimiter {
  return maxOf(exponentialBackoff(options.backoff), tokenBucket(options.bucket, clock));
}

// Time as an injected dependency, so queues and backoff are tested on a fake clock.

/** Cancels a scheduled callback. */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds; returns a canceller. */
  schedule(ms: number, fn: () => void): Cancel;
}

/** The real clock. Timers are unref'd so a pending retry never keeps the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

// Rate limits learned from throttling: additive increase while demand exceeds the limit and AWS accepts,
// multiplicative decrease when AWS throttles (the idea behind the SDK's adaptive retry mode). Pure.
import type { RateLimit } from './rateBucket.js';

/** Bounds and steps of the learning. */
export interface AimdPolicy {
  /** Where learning starts: the documented quota (or a configured limit). */
  start: RateLimit;
  /** Highest rate ever used (qps). */
  ceilingQps: number;
  /** Lowest rate a run of throttles can push the limit to (qps). */
  floorQps: number;
  /** Added to the rate per second of saturated, unthrottled demand (qps). */
  increasePerSecond: number;
  /** Factor applied to the rate on throttling (0 < factor < 1). */
  decreaseFactor: number;
  /** Throttles closer together than this count once: the calls in flight when AWS said stop. */
  decreaseGapMs: number;
  /** No increase this long after a decrease: AWS's bucket refills before we probe again. */
  cooldownMs: number;
}

/** The learning state of one bucket. */
export interface AimdState {
  qps: number;
  /** When the rate last went down or up (ms); `undefined` before the first change. */
  lastDecreaseAt?: number;
  lastIncreaseAt?: number;
}

/** How many times the documented rate learning may reach; a quota raised further is used up to this. */
export const CEILING_FACTOR = 10;
/** The floor as a fraction of the documented rate. */
export const FLOOR_FACTOR = 1 / 20;

/**
 * The policy for a bucket starting at `start`, ceiling `ceilingQps`: increase by a tenth of the starting rate
 * per second (a raised quota of 5× is found in well under a minute), halve on throttling, 5 s cool-down.
 */
export function aimdPolicy(start: RateLimit, ceilingQps: number): AimdPolicy {
  return {
    start,
    ceilingQps: Math.max(ceilingQps, start.qps),
    floorQps: Math.min(start.qps, start.qps * FLOOR_FACTOR),
    increasePerSecond: start.qps / 10,
    decreaseFactor: 0.5,
    decreaseGapMs: 1_000,
    cooldownMs: 5_000,
  };
}

/** The state after AWS throttled a call at `now`; unchanged for a throttle within the decrease gap. */
export function afterThrottle(policy: AimdPolicy, state: AimdState, now: number): AimdState {
  if (state.lastDecreaseAt !== undefined && now - state.lastDecreaseAt < policy.decreaseGapMs) return state;
  return { ...state, qps: Math.max(policy.floorQps, state.qps * policy.decreaseFactor), lastDecreaseAt: now };
}

/**
 * The state after AWS accepted a call at `now`. The rate grows only while demand exceeds it (`saturated`:
 * callers are waiting), outside the cool-down after a decrease, by `increasePerSecond` for each second
 * since the previous increase (at most one second's worth per call, so a quiet spell is no licence to jump).
 */
export function afterSuccess(policy: AimdPolicy, state: AimdState, now: number, saturated: boolean): AimdState {
  if (!saturated || state.qps >= policy.ceilingQps) return state;
  if (state.lastDecreaseAt !== undefined && now - state.lastDecreaseAt < policy.cooldownMs) return state;
  // The first saturated answer starts the clock; the rate grows with the saturated time that follows.
  if (state.lastIncreaseAt === undefined) return { ...state, lastIncreaseAt: now };
  const since = Math.min(1_000, now - state.lastIncreaseAt);
  if (since < 100) return state; // many answers in the same instant: one step per tenth of a second at most
  const qps = Math.min(policy.ceilingQps, state.qps + (policy.increasePerSecond * since) / 1_000);
  return { ...state, qps, lastIncreaseAt: now };
}

/** The burst that goes with a learned rate: it shrinks with the rate, never grows past the start's. */
export function burstFor(policy: AimdPolicy, qps: number): number {
  const scaled = Math.floor((policy.start.burst * qps) / policy.start.qps);
  return Math.max(1, Math.min(policy.start.burst, scaled));
}

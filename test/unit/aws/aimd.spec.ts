import { afterSuccess, afterThrottle, aimdPolicy, burstFor, type AimdState } from '../../../src/aws/aimd.js';

const policy = aimdPolicy({ qps: 1, burst: 20 }, 10);
const oks = (n: number): 'ok'[] => Array.from({ length: n }, () => 'ok' as const);
const throttles = (n: number): 'throttle'[] => Array.from({ length: n }, () => 'throttle' as const);

/** The rate after a run of events, one every `everyMs`, from `state`. */
function run(
  events: ('ok' | 'throttle')[],
  options: { everyMs: number; saturated?: boolean; from?: AimdState; start?: number },
): AimdState {
  let state = options.from ?? { qps: 1 };
  let now = options.start ?? 0;
  for (const e of events) {
    now += options.everyMs;
    state =
      e === 'throttle'
        ? afterThrottle(policy, state, now)
        : afterSuccess(policy, state, now, options.saturated ?? true);
  }
  return state;
}

describe('AIMD rate learning', () => {
  it('starts at the documented quota and keeps it while nothing waits', () => {
    expect(run(oks(100), { everyMs: 1000, saturated: false }).qps).toBe(1);
  });

  it('adds a tenth of the starting rate per second of saturated, accepted demand', () => {
    expect(run(oks(11), { everyMs: 1000 }).qps).toBeCloseTo(2, 5);
  });

  it('counts time, not answers: 100 answers within one second add one step, not 100', () => {
    expect(run(oks(101), { everyMs: 10 }).qps).toBeCloseTo(1.1, 5);
  });

  it('stops at the ceiling (ten times the documented quota by default)', () => {
    expect(run(oks(1000), { everyMs: 1000 }).qps).toBe(10);
  });

  it('halves on throttling, but a burst of throttles within a second counts once', () => {
    const once = run(['throttle', 'throttle', 'throttle'], { everyMs: 100, from: { qps: 4 } });
    expect(once.qps).toBe(2);
    expect(run(['throttle', 'throttle'], { everyMs: 1500, from: { qps: 4 } }).qps).toBe(1);
  });

  it('never goes below a twentieth of the documented quota', () => {
    expect(run(throttles(20), { everyMs: 2000 }).qps).toBe(0.05);
  });

  it('waits 5 s after a decrease before probing upwards again', () => {
    const throttled = afterThrottle(policy, { qps: 2, lastIncreaseAt: 9_000 }, 10_000);
    expect(afterSuccess(policy, throttled, 14_999, true).qps).toBe(1);
    expect(afterSuccess(policy, throttled, 15_000, true).qps).toBeCloseTo(1.1, 5);
  });

  it('shrinks the burst with the rate and never grows it past the documented one', () => {
    expect([burstFor(policy, 0.5), burstFor(policy, 0.05), burstFor(policy, 1), burstFor(policy, 8)]).toStrictEqual([
      10, 1, 20, 20,
    ]);
  });

  it('a configured limit is its own ceiling: learning only lowers it and brings it back', () => {
    const fixed = aimdPolicy({ qps: 5, burst: 5 }, 5);
    expect(afterSuccess(fixed, { qps: 5 }, 1000, true).qps).toBe(5);
    expect(afterThrottle(fixed, { qps: 5 }, 1000).qps).toBe(2.5);
  });
});

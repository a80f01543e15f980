import { BackgroundBudget } from '../../../src/runtime/backgroundBudget.js';
import { ResyncScheduler, type ResyncSchedulerOptions } from '../../../src/runtime/resyncScheduler.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

interface Rig {
  clock: FakeClock;
  s: ResyncScheduler;
  released: { key: string; at: number }[];
  periods: number[];
  /** Runs every released key as a background reconcile costing `calls`. */
  reconcileReleased(calls?: Map<string, number>): void;
}

function rig(options: Partial<ResyncSchedulerOptions> = {}, clock = new FakeClock(0)): Rig {
  const released: { key: string; at: number }[] = [];
  const periods: number[] = [];
  const pending: string[] = [];
  const s = new ResyncScheduler({
    periodMs: 600_000,
    clock,
    jitter: 0,
    release: (key) => {
      released.push({ key, at: clock.now() });
      pending.push(key);
    },
    onReleased: (ms) => periods.push(ms),
    ...options,
  });
  return {
    clock,
    s,
    released,
    periods,
    reconcileReleased(calls = new Map()) {
      for (let key = pending.shift(); key !== undefined; key = pending.shift()) {
        expect(s.begin(key)).toBe(true);
        s.end(key, calls);
        s.schedule(key);
      }
    },
  };
}

describe('ResyncScheduler', () => {
  it('re-checks a key one period after its last success', () => {
    const r = rig();
    r.s.schedule('a');
    r.clock.advance(599_999);
    expect(r.released).toStrictEqual([]);
    r.clock.advance(1);
    expect(r.released).toStrictEqual([{ key: 'a', at: 600_000 }]);
    expect(r.periods).toStrictEqual([600_000]);
  });

  it('spreads keys scheduled together over ±10 % of the period', () => {
    let n = 0;
    const r = rig({ jitter: 0.1, random: () => (n++ % 100) / 100, maxInFlight: 1000 });
    for (let i = 0; i < 100; i++) r.s.schedule(`k${i}`);
    r.clock.advance(700_000);
    const at = r.released.map((x) => x.at);
    expect(Math.min(...at)).toBe(540_000);
    expect(Math.max(...at)).toBeGreaterThan(650_000);
  });

  it('tells a foreground reconcile from one it released', () => {
    const r = rig();
    expect(r.s.begin('a')).toBe(false);
    r.s.schedule('a');
    r.clock.advance(600_000);
    expect(r.s.begin('a')).toBe(true);
  });

  it('keeps at most maxInFlight re-checks running', () => {
    const r = rig({ maxInFlight: 2 });
    for (const k of ['a', 'b', 'c']) r.s.schedule(k);
    r.clock.advance(600_000);
    expect(r.released.map((x) => x.key)).toStrictEqual(['a', 'b']);
    r.s.begin('a');
    r.s.end('a', new Map());
    expect(r.released.map((x) => x.key)).toStrictEqual(['a', 'b', 'c']);
  });

  it('drops the re-check of a key that no longer exists', () => {
    const r = rig({ exists: (key) => key !== 'gone' });
    r.s.schedule('gone');
    r.s.schedule('kept');
    r.clock.advance(600_000);
    expect(r.released.map((x) => x.key)).toStrictEqual(['kept']);
  });

  it('paces 10,000 keys by the background share: 2 describes/s at 10 % of 20/s, whatever the period', () => {
    const clock = new FakeClock(0);
    const budget = new BackgroundBudget({ share: 0.1, rateOf: () => 20, clock });
    const r = rig({ budget, periodMs: 60_000 }, clock);
    for (let i = 0; i < 10_000; i++) r.s.schedule(`k${i}`);
    const tick = (ms: number): void => {
      for (let t = 0; t < ms; t += 100) {
        clock.advance(100);
        r.reconcileReleased(new Map([['r:ecs.reads', 1]]));
      }
    };
    tick(60_000); // due, then the first releases
    const before = r.released.length;
    tick(300_000);
    const rate = (r.released.length - before) / 300;
    expect(rate).toBeGreaterThan(1.9);
    expect(rate).toBeLessThanOrEqual(2.01);
    // Each key now waits far longer than the 60 s asked: the effective period is N / 2 per s.
    expect(r.periods.at(-1)).toBeGreaterThan(100_000);
  });

  it('releases nothing once stopped', () => {
    const r = rig();
    r.s.schedule('a');
    r.s.stop();
    r.clock.advance(700_000);
    expect(r.released).toStrictEqual([]);
  });
});

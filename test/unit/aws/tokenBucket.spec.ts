import { TokenBucket } from '../../../src/aws/tokenBucket.js';
import { fakeSleepClock, flush } from './fixtures.js';

describe('TokenBucket', () => {
  it('starts full: `burst` calls pass at once, the next waits 1/qps', () => {
    const { sleepClock } = fakeSleepClock();
    const bucket = new TokenBucket({ qps: 2, burst: 3 }, sleepClock);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toStrictEqual([0, 0, 0]);
    expect(bucket.reserve()).toBe(500);
    expect(bucket.reserve()).toBe(1000);
  });

  it('refills at qps up to burst, not beyond', () => {
    const { clock, sleepClock } = fakeSleepClock();
    const bucket = new TokenBucket({ qps: 1, burst: 2 }, sleepClock);
    bucket.reserve();
    bucket.reserve();
    clock.advance(60_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toStrictEqual([0, 0, 1000]);
  });

  it('serves waiters in arrival order, one per 1/qps', async () => {
    const { clock, sleepClock } = fakeSleepClock();
    const bucket = new TokenBucket({ qps: 4, burst: 1 }, sleepClock);
    const order: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) void bucket.acquire().then(() => order.push(name));
    await flush();
    expect(order).toStrictEqual(['a']);
    clock.advance(250);
    await flush();
    expect(order).toStrictEqual(['a', 'b']);
    clock.advance(500);
    await flush();
    expect(order).toStrictEqual(['a', 'b', 'c', 'd']);
  });

  it('handles fractional rates (one call every 2 s)', () => {
    const { sleepClock } = fakeSleepClock();
    const bucket = new TokenBucket({ qps: 0.5, burst: 1 }, sleepClock);
    expect([bucket.reserve(), bucket.reserve()]).toStrictEqual([0, 2000]);
  });

  it('ignores a clock stepping backwards instead of draining tokens', () => {
    let now = 10_000;
    const bucket = new TokenBucket({ qps: 1, burst: 1 }, { now: () => now, sleep: () => Promise.resolve() });
    bucket.reserve();
    now = 5_000;
    expect(bucket.reserve()).toBe(1000);
  });
});

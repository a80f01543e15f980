import { RateBucket } from '../../../src/aws/rateBucket.js';
import { fakeLimiterClock, flush } from './fixtures.js';

/** Takes `n` tokens and records, in order, the names of the callers granted. */
function queue(bucket: RateBucket, names: string[], signal?: AbortSignal): { granted: string[]; estimates: number[] } {
  const granted: string[] = [];
  const estimates: number[] = [];
  for (const name of names) {
    const slot = bucket.take(signal);
    estimates.push(slot.estimateMs);
    slot.granted.then(
      () => granted.push(name),
      () => granted.push(`${name}:aborted`),
    );
  }
  return { granted, estimates };
}

describe('RateBucket', () => {
  it('starts full: `burst` callers pass at once, the next ones queue at 1/qps each', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 2, burst: 3 }, clock);
    const { granted, estimates } = queue(bucket, ['a', 'b', 'c', 'd', 'e']);
    expect(estimates).toStrictEqual([0, 0, 0, 500, 1000]);
    await flush();
    expect(granted).toStrictEqual(['a', 'b', 'c']);
    clock.advance(500);
    await flush();
    expect(granted).toStrictEqual(['a', 'b', 'c', 'd']);
    clock.advance(500);
    await flush();
    expect(granted).toStrictEqual(['a', 'b', 'c', 'd', 'e']);
    expect(bucket.queued).toBe(0);
  });

  it('refills at qps up to burst, not beyond', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 1, burst: 2 }, clock);
    queue(bucket, ['a', 'b']);
    clock.advance(60_000);
    expect(queue(bucket, ['c', 'd', 'e']).estimates).toStrictEqual([0, 0, 1000]);
    await flush();
  });

  it('handles fractional rates (one call every 2 s)', () => {
    const bucket = new RateBucket({ qps: 0.5, burst: 1 }, fakeLimiterClock());
    expect(queue(bucket, ['a', 'b']).estimates).toStrictEqual([0, 2000]);
  });

  it('re-times the waiters when the rate changes while they wait', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 1, burst: 1 }, clock);
    const { granted } = queue(bucket, ['a', 'b', 'c', 'd']);
    await flush();
    bucket.setLimit({ qps: 4, burst: 1 });
    clock.advance(250);
    await flush();
    expect(granted).toStrictEqual(['a', 'b']);
    clock.advance(500);
    await flush();
    expect(granted).toStrictEqual(['a', 'b', 'c', 'd']);
  });

  it('slows the queue down when the rate is lowered', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 2, burst: 1 }, clock);
    const { granted } = queue(bucket, ['a', 'b', 'c']);
    bucket.setLimit({ qps: 0.5, burst: 1 });
    clock.advance(1_999);
    await flush();
    expect(granted).toStrictEqual(['a']);
    clock.advance(1);
    await flush();
    expect(granted).toStrictEqual(['a', 'b']);
  });

  it('drain() empties the bucket: the burst left is not spent against a throttling AWS', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 1, burst: 10 }, clock);
    bucket.drain();
    expect(queue(bucket, ['a']).estimates).toStrictEqual([1000]);
    await flush();
  });

  it('an aborted wait rejects with the signal reason and gives its place to the next caller', async () => {
    const clock = fakeLimiterClock();
    const bucket = new RateBucket({ qps: 1, burst: 1 }, clock);
    const stop = new AbortController();
    const first = queue(bucket, ['a']);
    const aborted = queue(bucket, ['b'], stop.signal);
    const after = queue(bucket, ['c']);
    stop.abort(new Error('shutting down'));
    await flush();
    expect(aborted.granted).toStrictEqual(['b:aborted']);
    clock.advance(1000);
    await flush();
    expect([...first.granted, ...after.granted]).toStrictEqual(['a', 'c']);
  });

  it('refuses at once a caller whose signal is already aborted', async () => {
    const bucket = new RateBucket({ qps: 1, burst: 1 }, fakeLimiterClock());
    queue(bucket, ['a']);
    const reason = new Error('gone');
    await expect(bucket.take(AbortSignal.abort(reason)).granted).rejects.toBe(reason);
  });

  it('ignores a clock stepping backwards instead of draining tokens', () => {
    let now = 10_000;
    const bucket = new RateBucket({ qps: 1, burst: 1 }, { now: () => now, schedule: () => () => undefined });
    bucket.take();
    now = 5_000;
    expect(bucket.take().estimateMs).toBe(1000);
  });
});

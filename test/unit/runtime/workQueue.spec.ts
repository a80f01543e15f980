import { controllerRateLimiter, exponentialBackoff, tokenBucket } from '../../../src/runtime/rateLimiters.js';
import { WorkQueue } from '../../../src/runtime/workQueue.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

function setup(options = { baseDelayMs: 1000, maxDelayMs: 8000 }) {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, rateLimiter: exponentialBackoff(options) });
  return { clock, queue };
}

/** Keys handed out right now, without waiting. */
async function drain(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) keys.push((await queue.get())!);
  return keys;
}

describe('WorkQueue', () => {
  it('does not queue a waiting key twice', async () => {
    const { queue } = setup();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(await drain(queue)).toStrictEqual(['a', 'b']);
  });

  it('runs a key added while processing once more after done, never concurrently', async () => {
    const { queue } = setup();
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(0); // not handed out while processing
    queue.done(key!);
    expect(await drain(queue)).toStrictEqual(['a']);
  });

  it('hands a key to a worker already waiting', async () => {
    const { queue } = setup();
    const pending = queue.get();
    queue.add('x');
    expect(await pending).toBe('x');
  });

  it('addAfter waits for the clock and keeps the earliest delay', async () => {
    const { clock, queue } = setup();
    queue.addAfter('late', 5000);
    queue.addAfter('soon', 1000);
    queue.addAfter('late', 8000); // later than pending: ignored
    queue.addAfter('soon', 500); // earlier: replaces
    clock.advance(499);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(await drain(queue)).toStrictEqual(['soon']);
    clock.advance(4500);
    expect(await drain(queue)).toStrictEqual(['late']);
    clock.advance(10000);
    expect(queue.len()).toBe(0);
  });

  it('orders delayed keys by due time', async () => {
    const { clock, queue } = setup();
    queue.addAfter('c', 3000);
    queue.addAfter('a', 1000);
    queue.addAfter('b', 2000);
    clock.advance(3000);
    expect(await drain(queue)).toStrictEqual(['a', 'b', 'c']);
  });

  it('backs a failing key off exponentially up to the cap, and forget resets it', async () => {
    const { clock, queue } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = clock.now();
      queue.addRateLimited('k');
      let waited = 0;
      while (queue.len() === 0) {
        clock.advance(250);
        waited += 250;
      }
      delays.push(waited);
      expect(clock.now() - before).toBe(waited);
      queue.done((await queue.get())!);
    }
    expect(delays).toStrictEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(queue.numRequeues('k')).toBe(6);
    queue.forget('k');
    expect(queue.numRequeues('k')).toBe(0);
  });

  it('shutDown drops waiting keys, ignores adds and releases waiting workers', async () => {
    const { clock, queue } = setup();
    queue.add('a');
    queue.addAfter('b', 1000);
    const key = await queue.get();
    queue.add('c');
    const waiter = queue.get();
    expect(await waiter).toBe('c');
    const idle = queue.get();
    const drained = queue.shutDownWithDrain();
    expect(await idle).toBeUndefined();
    queue.add('d');
    clock.advance(5000);
    expect(queue.len()).toBe(0);
    let finished = false;
    void drained.then(() => (finished = true));
    await Promise.resolve();
    expect(finished).toBe(false); // a and c still processing
    queue.done(key!);
    queue.done('c');
    await drained;
    expect(await queue.get()).toBeUndefined();
  });
});

describe('rate limiters', () => {
  it('the global bucket lets a burst through, then spaces retries at qps', () => {
    const clock = new FakeClock();
    const bucket = tokenBucket({ qps: 2, burst: 3 }, clock);
    expect([1, 2, 3].map(() => bucket.when('x'))).toStrictEqual([0, 0, 0]);
    expect(bucket.when('y')).toBe(500);
    expect(bucket.when('z')).toBe(1000);
    clock.advance(10_000);
    expect(bucket.when('w')).toBe(0);
  });

  it('the controller limiter takes the longer of backoff and bucket', () => {
    const clock = new FakeClock();
    const limiter = controllerRateLimiter(clock, {
      backoff: { baseDelayMs: 100, maxDelayMs: 1000 },
      bucket: { qps: 1, burst: 1 },
    });
    expect(limiter.when('a')).toBe(100); // backoff 100, bucket 0
    expect(limiter.when('b')).toBe(1000); // backoff 100, bucket empty: 1 s
    expect(limiter.retries('a')).toBe(1);
  });
});

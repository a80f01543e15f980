import { exponentialBackoff } from '../../../src/runtime/rateLimiters.js';
import { ResyncScheduler } from '../../../src/runtime/resyncScheduler.js';
import { applyOutcome, requeueAfter, TerminalError } from '../../../src/runtime/result.js';
import { WorkQueue } from '../../../src/runtime/workQueue.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

function setup() {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, rateLimiter: exponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 60_000 }) });
  const resync = new ResyncScheduler({ periodMs: 600_000, clock, jitter: 0, release: (key) => queue.add(key) });
  return { clock, queue, resync };
}

/** Ms until `key` is queued again, or undefined within `horizon`. */
function nextRun(clock: FakeClock, queue: WorkQueue, horizon = 3_600_000): number | undefined {
  for (let t = 0; t <= horizon; t += 500) {
    if (queue.len() > 0) return t;
    clock.advance(500);
  }
  return undefined;
}

describe('result to queue mapping', () => {
  it.each([
    ['success resyncs after the period', {}, 'success', 600_000],
    ['requeueAfter comes back after its delay', { result: requeueAfter(30_000) }, 'requeue_after', 30_000],
    ['a retryable error backs off', { error: new Error('throttled') }, 'error', 1000],
    ['a terminal error waits for a change', { error: new TerminalError('invalid') }, 'terminal_error', undefined],
    [
      'a terminal error with a recheck comes back slowly',
      { error: new TerminalError('denied', 300_000) },
      'terminal_error',
      300_000,
    ],
  ])('%s', (_name, outcome, label, after) => {
    const { clock, queue, resync } = setup();
    expect(applyOutcome(queue, 'k', outcome, resync)).toBe(label);
    expect(nextRun(clock, queue)).toBe(after);
  });

  it('a terminal error cancels a resync scheduled by an earlier success', () => {
    const { clock, queue, resync } = setup();
    applyOutcome(queue, 'k', {}, resync);
    applyOutcome(queue, 'k', { error: new TerminalError('invalid') }, resync);
    expect(nextRun(clock, queue)).toBeUndefined();
  });

  it('a retry or an own delay replaces the resync an earlier success scheduled', () => {
    const { clock, queue, resync } = setup();
    applyOutcome(queue, 'k', {}, resync);
    applyOutcome(queue, 'k', { result: requeueAfter(30_000) }, resync);
    expect(resync.scheduled).toBe(0);
    expect(nextRun(clock, queue)).toBe(30_000);
  });

  it('success forgets earlier failures', () => {
    const { queue, resync } = setup();
    queue.addRateLimited('k');
    applyOutcome(queue, 'k', {}, resync);
    expect(queue.numRequeues('k')).toBe(0);
  });
});

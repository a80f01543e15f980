import { exponentialBackoff } from '../../../src/runtime/rateLimiters.js';
import { applyOutcome, requeueAfter, TerminalError } from '../../../src/runtime/result.js';
import { WorkQueue } from '../../../src/runtime/workQueue.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

function setup() {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, rateLimiter: exponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 60_000 }) });
  return { clock, queue };
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
    const { clock, queue } = setup();
    expect(applyOutcome(queue, 'k', outcome, 600_000)).toBe(label);
    expect(nextRun(clock, queue)).toBe(after);
  });

  it('a terminal error cancels a resync scheduled by an earlier success', () => {
    const { clock, queue } = setup();
    applyOutcome(queue, 'k', {}, 600_000);
    applyOutcome(queue, 'k', { error: new TerminalError('invalid') }, 600_000);
    expect(nextRun(clock, queue)).toBeUndefined();
  });

  it('success forgets earlier failures', () => {
    const { queue } = setup();
    queue.addRateLimited('k');
    applyOutcome(queue, 'k', {}, 600_000);
    expect(queue.numRequeues('k')).toBe(0);
  });
});

// Periodic re-checks of every object, spread in time and paced by the background budget: a key is due a
// jittered period after its last successful reconcile, and is released into the work queue only when it
// is due, few background reconciles are running, and the AWS buckets its controller's re-checks use are
// within their background share. With many objects the effective period grows instead of the AWS calls.
import type { BackgroundBudget } from './backgroundBudget.js';
import type { Cancel, Clock } from './clock.js';
import { DueQueue, type DueKey } from './dueQueue.js';

/** Options of {@link ResyncScheduler}. */
export interface ResyncSchedulerOptions {
  /** The period asked for (`--resync-period`): the shortest time between two re-checks of a key. */
  periodMs: number;
  clock: Clock;
  /** Queues a key for its re-check. */
  release(key: string): void;
  /** Paces releases by the AWS buckets re-checks use; without it only the period applies. */
  budget?: BackgroundBudget;
  /** Whether the key still exists; a key gone is dropped when it comes due. @default always */
  exists?(key: string): boolean;
  /** Spread of the period: due at period × (1 ± jitter). @default 0.1 */
  jitter?: number;
  /** Background reconciles running at once. @default 2 */
  maxInFlight?: number;
  /** Told the time since its last reconcile of every key released (ms): the effective period. */
  onReleased?(sinceMs: number): void;
  /** @default Math.random */
  random?(): number;
}

/** See the file comment. */
export class ResyncScheduler {
  private readonly due = new DueQueue();
  /** Released keys not yet picked up, and those being reconciled. */
  private readonly released = new Set<string>();
  private readonly running = new Set<string>();
  /** The rate-limit buckets this controller's re-checks have used. */
  private readonly buckets = new Set<string>();
  private timer: { at: number; cancel: Cancel } | undefined;
  private stopped = false;

  constructor(private readonly options: ResyncSchedulerOptions) {}

  /** Keys waiting for their re-check. */
  get scheduled(): number {
    return this.due.size;
  }

  /** Schedules the re-check of `key` after a successful reconcile. */
  schedule(key: string): void {
    if (this.stopped) return;
    const { periodMs, clock } = this.options;
    const jitter = this.options.jitter ?? 0.1;
    const factor = 1 - jitter + 2 * jitter * (this.options.random ?? Math.random)();
    const now = clock.now();
    this.due.set(key, now + periodMs * factor, now);
    this.pump();
  }

  /** Drops the pending re-check of `key` (it failed, stalled, or asked to come back at its own time). */
  cancel(key: string): void {
    this.due.delete(key);
  }

  /** Called when a reconcile of `key` starts: true when it is a re-check this scheduler released (background). */
  begin(key: string): boolean {
    if (!this.released.delete(key)) return false;
    this.running.add(key);
    return true;
  }

  /** Called when a background reconcile ends, with the AWS calls it made per bucket. */
  end(key: string, calls: ReadonlyMap<string, number>): void {
    this.running.delete(key);
    for (const bucket of calls.keys()) this.buckets.add(bucket);
    this.options.budget?.charge(calls);
    this.pump();
  }

  /** Stops releasing keys. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Releases what may go now, then sets the one timer for the next chance. */
  private pump(): void {
    if (this.stopped) return;
    while (this.released.size + this.running.size < (this.options.maxInFlight ?? 2)) {
      const next = this.due.peek();
      if (!next) return this.arm(undefined);
      const now = this.options.clock.now();
      const wait = Math.max(next.dueAt - now, this.options.budget?.waitMs(this.buckets) ?? 0);
      if (wait > 0) return this.arm(now + wait);
      this.due.pop();
      this.release(next, now);
    }
  }

  private release(next: DueKey, now: number): void {
    if (this.options.exists?.(next.key) === false) return;
    this.released.add(next.key);
    this.options.onReleased?.(now - next.since);
    this.options.release(next.key);
  }

  private arm(at: number | undefined): void {
    if (this.timer && this.timer.at === at) return;
    this.timer?.cancel();
    this.timer = undefined;
    if (at === undefined) return;
    const cancel = this.options.clock.schedule(at - this.options.clock.now(), () => {
      this.timer = undefined;
      this.pump();
    });
    this.timer = { at, cancel };
  }
}

// A work queue of keys with client-go semantics: dedup, one in-flight per key, delays, rate-limited retries.
import type { Cancel, Clock } from './clock.js';
import type { RateLimiter } from './rateLimiters.js';

import type { QueueObserver } from '../observability/queueObserver.js';

export type { QueueObserver } from '../observability/queueObserver.js';

const silent: QueueObserver = {
  added: () => {},
  retried: () => {},
  depth: () => {},
  waited: () => {},
  worked: () => {},
};

export interface WorkQueueOptions {
  clock: Clock;
  rateLimiter: RateLimiter;
  observer?: QueueObserver;
}

/**
 * Guarantees: a key waiting is never queued twice; a key being processed is never handed out
 * again until `done`, and if it was added meanwhile it runs once more after; `get` hands
 * keys out in FIFO order. Unlike client-go, `shutDown` drops keys still waiting (a replica
 * that stops or loses its lease must stop taking work at once; the next leader relists) and
 * `shutDownWithDrain` waits for the keys being processed.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Map<string, number>();
  private readonly queuedAt = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; cancel: Cancel }>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly observer: QueueObserver;

  constructor(private readonly options: WorkQueueOptions) {
    this.observer = options.observer ?? silent;
  }

  /** Queues `key` unless it is already waiting. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.observer.added();
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued by done()
    this.enqueue(key);
  }

  /** Queues `key` after `ms`; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.options.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    const cancel = this.options.clock.schedule(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, cancel });
  }

  /** Drops a pending delayed add of `key` (e.g. a resync scheduled before the key stalled). */
  cancelDelayed(key: string): void {
    this.delayed.get(key)?.cancel();
    this.delayed.delete(key);
  }

  /** Queues `key` after the rate limiter's delay for it (a failed attempt). */
  addRateLimited(key: string): void {
    this.observer.retried();
    this.addAfter(key, this.options.rateLimiter.when(key));
  }

  /** Clears the failure history of `key`. */
  forget(key: string): void {
    this.options.rateLimiter.forget(key);
  }

  /** Failures counted for `key`. */
  numRequeues(key: string): number {
    return this.options.rateLimiter.retries(key);
  }

  /** The next key, marked processing; `undefined` once shut down and empty. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.handOut(key));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `key` processed; re-queues it if it was added while processing. */
  done(key: string): void {
    const started = this.processing.get(key);
    if (started === undefined) return;
    this.observer.worked(this.options.clock.now() - started);
    this.processing.delete(key);
    if (this.dirty.has(key)) this.enqueue(key);
    if (this.processing.size === 0) this.drainWaiters.splice(0).forEach((w) => w());
  }

  /** Keys waiting to be handed out. */
  len(): number {
    return this.queue.length;
  }

  /** Stops intake, drops waiting and delayed keys; pending `get` calls resolve `undefined`. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { cancel } of this.delayed.values()) cancel();
    this.delayed.clear();
    this.queue.splice(0).forEach((k) => this.dirty.delete(k));
    this.observer.depth(0);
    this.waiters.splice(0).forEach((w) => w(undefined));
  }

  /** Shuts down and resolves once every key being processed is done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private enqueue(key: string): void {
    const waiter = this.waiters.shift();
    this.queuedAt.set(key, this.options.clock.now());
    if (waiter) return waiter(this.handOut(key));
    this.queue.push(key);
    this.observer.depth(this.queue.length);
  }

  private handOut(key: string): string {
    const now = this.options.clock.now();
    this.observer.waited(now - (this.queuedAt.get(key) ?? now));
    this.queuedAt.delete(key);
    this.dirty.delete(key);
    this.processing.set(key, now);
    this.observer.depth(this.queue.length);
    return key;
  }
}

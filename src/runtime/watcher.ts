// A reflector: lists, then watches from the list's resourceVersion, keeping a Store in step.
// It never stops on its own: any error restarts it with backoff; 410 Gone relists; a silent
// connection is cut by a watchdog (client-node 1.4 has no working client-side watch timeout).
import type { Clock } from './clock.js';
import { ResourceExpiredError, type ListWatch, type WatchEventType, type WatchHandle } from './listWatch.js';
import { objectKey, Store, type Meta } from './store.js';

export type ChangeType = 'added' | 'updated' | 'deleted';
export type ChangeHandler<T> = (type: ChangeType, obj: T, old: T | undefined) => void;

/** Logging the watcher needs; a Logger satisfies it. */
export interface WatcherLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export interface WatcherOptions<T> {
  name: string;
  listWatch: ListWatch<T>;
  clock: Clock;
  log: WatcherLog;
  /** Drops what reconciles never read (managedFields, ...) before caching. */
  transform?: (obj: T) => T;
  /** Server-side watch timeout. @default 300 */
  timeoutSeconds?: number;
  /** Extra silence tolerated beyond the timeout before the watchdog cuts the watch. @default 30000 */
  watchdogGraceMs?: number;
  /** First and maximum restart backoff. @default 500 / 30000 */
  backoffMs?: { base: number; max: number };
  /**
   * Errors that are an expected state rather than a fault (e.g. a namespace that has not granted
   * access yet): logged at debug level, retried with the same backoff. @default none
   */
  expected?: (err: unknown) => boolean;
}

export class Watcher<T extends Meta> {
  readonly store = new Store<T>();
  private readonly handlers: ChangeHandler<T>[] = [];
  private synced = false;
  private stopped = false;
  private failures = 0;
  private current: WatchHandle | undefined;
  private wake: (() => void) | undefined;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(private readonly options: WatcherOptions<T>) {}

  /** Registers a handler for every change, including those from relists. */
  onChange(handler: ChangeHandler<T>): void {
    this.handlers.push(handler);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves after the first successful list. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Runs until stop(); never rejects. */
  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const rv = await this.relist();
        await this.watchFrom(rv);
      } catch (err: unknown) {
        if (this.stopped) break;
        await this.backoff(err);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.current?.stop();
    this.wake?.();
  }

  private async relist(): Promise<string> {
    // Transformed page by page: a relist never holds every object in full (managedFields and all).
    const { items, resourceVersion } = await this.options.listWatch.list({ transform: (o) => this.transform(o) });
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(objectKey(obj));
      this.apply('ADDED', obj);
    }
    for (const key of this.store.keys()) if (!seen.has(key)) this.apply('DELETED', this.store.get(key)!);
    this.failures = 0;
    if (!this.synced) {
      this.synced = true;
      this.syncWaiters.splice(0).forEach((w) => w());
    }
    this.options.log.debug('listed', { watcher: this.options.name, items: items.length, resourceVersion });
    return resourceVersion;
  }

  /** Watches until an error needs a relist; restarts cleanly closed or silent watches from the last resourceVersion. */
  private async watchFrom(initial: string): Promise<void> {
    let rv = initial;
    while (!this.stopped) {
      rv = await this.watchOnce(rv);
    }
  }

  private watchOnce(rv: string): Promise<string> {
    const timeoutSeconds = this.options.timeoutSeconds ?? 300;
    const silenceMs = timeoutSeconds * 1000 + (this.options.watchdogGraceMs ?? 30_000);
    let latest = rv;
    let failure: unknown;
    return new Promise<string>((resolve, reject) => {
      let cancelWatchdog = this.options.clock.schedule(silenceMs, () => this.current?.stop());
      const finish = (err: unknown): void => {
        cancelWatchdog();
        const cause = failure ?? err;
        if (cause) reject(cause instanceof Error ? cause : new Error(JSON.stringify(cause)));
        else resolve(latest);
      };
      const onEvent = (type: WatchEventType, obj: T): void => {
        cancelWatchdog();
        cancelWatchdog = this.options.clock.schedule(silenceMs, () => this.current?.stop());
        try {
          latest = this.onWatchEvent(type, obj) ?? latest;
        } catch (err: unknown) {
          // Thrown inside the client's stream callback it would be swallowed: stop and report instead.
          failure = err;
          this.current?.stop();
        }
      };
      this.options.listWatch.watch({ resourceVersion: rv, timeoutSeconds, onEvent, onDone: finish }).then((handle) => {
        this.current = handle;
        if (this.stopped || failure) handle.stop();
      }, finish);
    });
  }

  /** Applies one event; returns the new resourceVersion. Throws ResourceExpiredError on 410. */
  private onWatchEvent(type: WatchEventType, raw: T): string | undefined {
    if (type === 'ERROR') {
      const status = raw as unknown as { code?: number; message?: string };
      if (status.code === 410) throw new ResourceExpiredError(status.message ?? 'resource version too old');
      throw new Error(`watch error ${status.code ?? ''}: ${status.message ?? ''}`);
    }
    const obj = type === 'BOOKMARK' ? raw : this.transform(raw);
    if (type !== 'BOOKMARK') this.apply(type, obj);
    this.failures = 0;
    return obj.metadata?.resourceVersion;
  }

  private apply(type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>, obj: T): void {
    if (type === 'DELETED') {
      const old = this.store.delete(objectKey(obj));
      if (old) this.emit('deleted', obj, old);
      return;
    }
    const old = this.store.upsert(obj);
    if (old?.metadata?.resourceVersion === obj.metadata?.resourceVersion && old) return; // relist of an unchanged object
    this.emit(old ? 'updated' : 'added', obj, old);
  }

  private emit(type: ChangeType, obj: T, old: T | undefined): void {
    for (const handler of this.handlers) handler(type, obj, old);
  }

  private transform(obj: T): T {
    return this.options.transform ? this.options.transform(obj) : obj;
  }

  private async backoff(err: unknown): Promise<void> {
    const { base, max } = this.options.backoffMs ?? { base: 500, max: 30_000 };
    const delay = err instanceof ResourceExpiredError ? 0 : Math.min(max, base * 2 ** this.failures);
    this.failures += 1;
    const fields = {
      watcher: this.options.name,
      error: err instanceof Error ? err.message : String(err),
      delayMs: delay,
    };
    if (this.options.expected?.(err)) this.options.log.debug('watch waiting', fields);
    else this.options.log.warn('watch restarting', fields);
    await new Promise<void>((resolve) => {
      const cancel = this.options.clock.schedule(delay, resolve);
      this.wake = () => {
        cancel();
        resolve();
      };
    });
  }
}

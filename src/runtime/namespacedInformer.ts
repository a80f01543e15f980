// A cache of one resource type over the namespaces that need it, each watched only once asked for.
// For objects the operator may read only where a namespace granted it (Secrets): no cluster-wide list
// or watch is ever made, and a namespace that has not granted access is retried quietly in the background.
import type { ListWatch } from './listWatch.js';
import type { Meta, IndexFn } from './store.js';
import { Watcher, type ChangeHandler, type WatcherOptions } from './watcher.js';

export interface NamespacedInformerOptions<T> extends Omit<WatcherOptions<T>, 'listWatch' | 'name'> {
  name: string;
  /** The ListWatch of one namespace. */
  listWatchFor(namespace: string): ListWatch<T>;
}

/**
 * Watchers started per namespace by {@link NamespacedInformer.ensure}, stopped by
 * {@link NamespacedInformer.release}. It never blocks readiness: a namespace that refuses the list
 * (not opted in) keeps retrying with the watcher's backoff while everything else runs.
 */
export class NamespacedInformer<T extends Meta> {
  private readonly watchers = new Map<string, Watcher<T>>();
  private readonly handlers: ChangeHandler<T>[] = [];
  private readonly indexes: [string, IndexFn<T>][] = [];
  private stopped = false;

  constructor(private readonly options: NamespacedInformerOptions<T>) {}

  /** Starts watching `namespace` unless it is watched already. */
  ensure(namespace: string): void {
    if (this.stopped || this.watchers.has(namespace)) return;
    const watcher = new Watcher<T>({
      ...this.options,
      name: `${this.options.name}/${namespace}`,
      listWatch: this.options.listWatchFor(namespace),
    });
    for (const [name, fn] of this.indexes) watcher.store.addIndex(name, fn);
    for (const handler of this.handlers) watcher.onChange(handler);
    this.watchers.set(namespace, watcher);
    void watcher.run();
  }

  /** Stops watching `namespace` and forgets its objects. */
  release(namespace: string): void {
    this.watchers.get(namespace)?.stop();
    this.watchers.delete(namespace);
  }

  /** The namespaces watched now. */
  namespaces(): string[] {
    return [...this.watchers.keys()];
  }

  addIndex(name: string, fn: IndexFn<T>): void {
    this.indexes.push([name, fn]);
    for (const w of this.watchers.values()) w.store.addIndex(name, fn);
  }

  onChange(handler: ChangeHandler<T>): void {
    this.handlers.push(handler);
    for (const w of this.watchers.values()) w.onChange(handler);
  }

  get(key: string): T | undefined {
    return this.watchers.get(key.split('/')[0] ?? '')?.store.get(key);
  }

  byIndex(name: string, value: string): T[] {
    return [...this.watchers.values()].flatMap((w) => w.store.byIndex(name, value));
  }

  /** Always synced: namespaces come and go while the operator runs. */
  hasSynced(): boolean {
    return true;
  }

  waitForSync(): Promise<void> {
    return Promise.resolve();
  }

  /** Watchers run from {@link ensure}; nothing to start here. */
  run(): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers.values()) w.stop();
    this.watchers.clear();
  }
}

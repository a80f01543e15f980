// One cache over several namespaces (a watcher each) or the whole cluster, with shared indexes and handlers.
import type { ListWatch } from './listWatch.js';
import type { Meta, IndexFn } from './store.js';
import { Watcher, type ChangeHandler, type WatcherOptions } from './watcher.js';

export interface InformerOptions<T> extends Omit<WatcherOptions<T>, 'listWatch' | 'name'> {
  name: string;
  /** One ListWatch per namespace watched, or a single cluster-wide one. */
  listWatches: ListWatch<T>[];
}

/** A read-only cache with indexes, fed by one watcher per ListWatch. */
export class Informer<T extends Meta> {
  private readonly watchers: Watcher<T>[];

  constructor(options: InformerOptions<T>) {
    this.watchers = options.listWatches.map(
      (listWatch, i) => new Watcher<T>({ ...options, name: `${options.name}#${i}`, listWatch }),
    );
  }

  addIndex(name: string, fn: IndexFn<T>): void {
    for (const w of this.watchers) w.store.addIndex(name, fn);
  }

  onChange(handler: ChangeHandler<T>): void {
    for (const w of this.watchers) w.onChange(handler);
  }

  get(key: string): T | undefined {
    for (const w of this.watchers) {
      const obj = w.store.get(key);
      if (obj) return obj;
    }
    return undefined;
  }

  list(): T[] {
    return this.watchers.flatMap((w) => w.store.list());
  }

  byIndex(name: string, value: string): T[] {
    return this.watchers.flatMap((w) => w.store.byIndex(name, value));
  }

  hasSynced(): boolean {
    return this.watchers.every((w) => w.hasSynced());
  }

  async waitForSync(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.waitForSync()));
  }

  async run(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.run()));
  }

  stop(): void {
    for (const w of this.watchers) w.stop();
  }
}

// An in-memory cache of objects by namespace/name, with secondary indexes.

/** The metadata every cached object carries. */
export interface Meta {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export type IndexFn<T> = (obj: T) => readonly string[];

/** `namespace/name` (or `name` for cluster-scoped objects). */
export function objectKey(obj: Meta): string {
  const { namespace, name } = obj.metadata ?? {};
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** A cache with indexes kept in step on every write. Not thread-safe; single event loop. */
export class Store<T extends Meta> {
  private readonly items = new Map<string, T>();
  private readonly indexFns = new Map<string, IndexFn<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  /** Adds an index; existing items are indexed at once. */
  addIndex(name: string, fn: IndexFn<T>): void {
    this.indexFns.set(name, fn);
    this.indexes.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, key, obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index `name` yields `value`. */
  byIndex(name: string, value: string): T[] {
    const keys = this.indexes.get(name)?.get(value) ?? new Set<string>();
    return [...keys].flatMap((k) => {
      const obj = this.items.get(k);
      return obj ? [obj] : [];
    });
  }

  /** Inserts or replaces; returns the previous object. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const name of this.indexFns.keys()) this.indexOne(name, key, obj);
    return old;
  }

  /** Removes by key; returns the removed object. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  private indexOne(name: string, key: string, obj: T): void {
    const index = this.indexes.get(name);
    const fn = this.indexFns.get(name);
    if (!index || !fn) return;
    for (const value of fn(obj)) {
      const set = index.get(value) ?? new Set<string>();
      set.add(key);
      index.set(value, set);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFns) {
      const index = this.indexes.get(name);
      for (const value of fn(obj)) {
        const set = index?.get(value);
        set?.delete(key);
        if (set?.size === 0) index?.delete(value);
      }
    }
  }
}

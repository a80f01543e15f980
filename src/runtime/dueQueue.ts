// Keys ordered by due time: a binary heap with one live entry per key (replaced or removed entries are
// skipped when they surface). O(log n) per operation and no timer per key, however many keys there are.

interface Entry {
  key: string;
  dueAt: number;
  /** When the key was scheduled (its previous reconcile finished). */
  since: number;
  seq: number;
}

/** A due key, with the time it has been waiting since it was scheduled. */
export interface DueKey {
  key: string;
  dueAt: number;
  since: number;
}

/** See the file comment. */
export class DueQueue {
  private readonly heap: Entry[] = [];
  private readonly live = new Map<string, number>();
  private seq = 0;

  /** Keys scheduled. */
  get size(): number {
    return this.live.size;
  }

  /** Schedules `key` at `dueAt`, replacing an earlier schedule of it. */
  set(key: string, dueAt: number, since: number): void {
    const seq = ++this.seq;
    this.live.set(key, seq);
    this.heap.push({ key, dueAt, since, seq });
    this.up(this.heap.length - 1);
    if (this.heap.length > 2 * this.live.size + 64) this.compact();
  }

  /** Unschedules `key`. */
  delete(key: string): void {
    this.live.delete(key);
  }

  /** The earliest scheduled key, without removing it. */
  peek(): DueKey | undefined {
    this.dropDead();
    const top = this.heap[0];
    return top && { key: top.key, dueAt: top.dueAt, since: top.since };
  }

  /** Removes and returns the earliest scheduled key. */
  pop(): DueKey | undefined {
    const top = this.peek();
    if (!top) return undefined;
    this.removeTop();
    this.live.delete(top.key);
    return top;
  }

  private dropDead(): void {
    for (let top = this.heap[0]; top && this.live.get(top.key) !== top.seq; top = this.heap[0]) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  /** Rebuilds the heap from live entries only (many replaced schedules pile up otherwise). */
  private compact(): void {
    const kept = this.heap.filter((e) => this.live.get(e.key) === e.seq);
    this.heap.length = 0;
    for (const e of kept) {
      this.heap.push(e);
      this.up(this.heap.length - 1);
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a] as Entry;
    const y = this.heap[b] as Entry;
    return x.dueAt < y.dueAt || (x.dueAt === y.dueAt && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a] as Entry;
    this.heap[a] = this.heap[b] as Entry;
    this.heap[b] = t;
  }

  private up(i: number): void {
    for (let at = i; at > 0;) {
      const parent = (at - 1) >> 1;
      if (!this.less(at, parent)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(i: number): void {
    for (let at = i; ;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let min = at;
      if (l < this.heap.length && this.less(l, min)) min = l;
      if (r < this.heap.length && this.less(r, min)) min = r;
      if (min === at) return;
      this.swap(at, min);
      at = min;
    }
  }
}

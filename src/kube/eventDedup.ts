// Which events were recorded recently, in bounded memory: a 52-bit hash of (object, type, reason,
// message) per event instead of the text, the oldest forgotten first once the map is full.

/** FNV-1a over the string's UTF-16 units, two 32-bit lanes folded into 52 bits (exact in a double). */
export function eventHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (a >>> 16), 0x01000193);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/** Options of {@link EventDedup}. */
export interface EventDedupOptions {
  /** An identical event within this window is dropped (ms). */
  windowMs: number;
  /** Events remembered at most; the oldest are forgotten first. @default 10000 */
  capacity?: number;
}

/** Remembers recorded events for `windowMs`, at most `capacity` of them. */
export class EventDedup {
  private readonly seen = new Map<number, number>();

  constructor(private readonly options: EventDedupOptions) {}

  /** Records `key` as seen at `now`; false when it was seen within the window. */
  firstInWindow(key: string, now: number): boolean {
    const hash = eventHash(key);
    const last = this.seen.get(hash);
    if (last !== undefined && now - last < this.options.windowMs) return false;
    this.seen.delete(hash); // re-inserted last: the map stays in recording order
    this.seen.set(hash, now);
    this.trim(now);
    return true;
  }

  /** Forgets `key` (its event was not written after all). */
  forget(key: string): void {
    this.seen.delete(eventHash(key));
  }

  /** Events remembered. */
  get size(): number {
    return this.seen.size;
  }

  private trim(now: number): void {
    const capacity = this.options.capacity ?? 10_000;
    for (const [hash, at] of this.seen) {
      if (this.seen.size <= capacity && now - at < this.options.windowMs) return;
      this.seen.delete(hash);
    }
  }
}

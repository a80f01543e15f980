// What a work queue reports about itself; the metrics implement it (runtime may import observability,
// never the other way round).

/** Observations a queue reports. */
export interface QueueObserver {
  added(): void;
  retried(): void;
  depth(n: number): void;
  /** Time a key waited between being queued and handed out. */
  waited(ms: number): void;
  /** Time a key was processing. */
  worked(ms: number): void;
}

// Lease-based leader election with client-go's timing: acquire, renew, lose on a missed deadline, release.
import type { Clock } from './clock.js';

/** The Lease record fields the election reads and writes. */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A stored lease with its resourceVersion for optimistic concurrency. */
export interface StoredLease {
  record: LeaseRecord;
  resourceVersion: string;
}

/** The port to the Lease object; `update` must fail when `resourceVersion` is stale. */
export interface LeaseStore {
  get(): Promise<StoredLease | undefined>;
  create(record: LeaseRecord): Promise<StoredLease>;
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}

export interface LeaderElectionOptions {
  identity: string;
  store: LeaseStore;
  clock: Clock;
  /** @default 15000 */
  leaseDurationMs?: number;
  /** @default 10000 */
  renewDeadlineMs?: number;
  /** @default 2000 */
  retryPeriodMs?: number;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  onError?(err: unknown): void;
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/**
 * Runs the election until `stop`. A replica leads from a successful acquire until a renew has
 * not succeeded for `renewDeadlineMs`, then calls onStoppedLeading once and never leads again
 * (the process is expected to exit, as controller-runtime does).
 */
export class LeaderElector {
  private leading = false;
  private lost = false;
  private stopped = false;
  private lastRenew = 0;
  private observed: { record: string; at: number } | undefined;
  private cancel: (() => void) | undefined;
  private readonly durationMs: number;
  private readonly deadlineMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: LeaderElectionOptions) {
    this.durationMs = options.leaseDurationMs ?? 15_000;
    this.deadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryMs = options.retryPeriodMs ?? 2_000;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts trying; returns at once. */
  start(): void {
    void this.tick();
  }

  /** Stops trying; a leader releases the lease so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    if (!this.leading) return;
    this.leading = false;
    try {
      const current = await this.options.store.get();
      if (current?.record.holderIdentity !== this.options.identity) return;
      const now = this.options.clock.now();
      await this.options.store.update(
        { ...current.record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now) },
        current.resourceVersion,
      );
    } catch (err: unknown) {
      this.options.onError?.(err);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.lost) return;
    const ok = await this.tryAcquireOrRenew().catch((err: unknown) => {
      this.options.onError?.(err);
      return false;
    });
    if (this.stopped) return;
    const now = this.options.clock.now();
    if (ok) this.lastRenew = now;
    if (ok && !this.leading) {
      this.leading = true;
      this.options.onStartedLeading();
    } else if (!ok && this.leading && now - this.lastRenew >= this.deadlineMs) {
      this.leading = false;
      this.lost = true;
      this.options.onStoppedLeading();
      return;
    }
    this.cancel = this.options.clock.schedule(this.retryMs, () => void this.tick());
  }

  /** One attempt; true when this replica holds the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { store, identity, clock } = this.options;
    const now = clock.now();
    const mine: LeaseRecord = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(this.durationMs / 1000),
      renewTime: microTime(now),
    };
    const current = await store.get();
    if (!current) {
      await store.create({ ...mine, acquireTime: microTime(now), leaseTransitions: 0 });
      return true;
    }
    const { record } = current;
    if (record.holderIdentity === identity) {
      await store.update({ ...record, ...mine }, current.resourceVersion);
      return true;
    }
    if (!this.expired(record, now)) return false;
    await store.update(
      { ...mine, acquireTime: microTime(now), leaseTransitions: (record.leaseTransitions ?? 0) + 1 },
      current.resourceVersion,
    );
    return true;
  }

  /**
   * A lease held by another is expired when its record has not changed for its duration, as
   * observed on this replica's clock (clocks of replicas are not compared), or it is released.
   */
  private expired(record: LeaseRecord, now: number): boolean {
    if (!record.holderIdentity) return true;
    const key = JSON.stringify(record);
    if (this.observed?.record !== key) this.observed = { record: key, at: now };
    const durationMs = (record.leaseDurationSeconds ?? this.durationMs / 1000) * 1000;
    return now - this.observed.at >= durationMs;
  }
}

// The share of each AWS rate-limit bucket that background work (periodic re-checks) may use: a token
// bucket per AWS bucket refilled at share × the bucket's current (learned) rate, charged with the calls
// background reconciles actually made. Work is released only while the buckets it uses are out of debt,
// so background calls stay under the share however many objects there are.
import type { Clock } from './clock.js';

/** Options of {@link BackgroundBudget}. */
export interface BackgroundBudgetOptions {
  /** Fraction of each bucket's rate background work may use (0 < share ≤ 1). @default 0.1 */
  share: number;
  /** A bucket's current rate (qps); `undefined` for an unlimited bucket, which never holds work back. */
  rateOf(bucket: string): number | undefined;
  clock: Clock;
}

interface Account {
  tokens: number;
  at: number;
}

/** See the file comment. */
export class BackgroundBudget {
  private readonly accounts = new Map<string, Account>();

  constructor(private readonly options: BackgroundBudgetOptions) {}

  /** The configured share (0 < share ≤ 1). */
  get share(): number {
    return this.options.share;
  }

  /** Charges the calls one background reconcile made, per bucket; an account may go into debt. */
  charge(calls: ReadonlyMap<string, number>): void {
    for (const [bucket, n] of calls) {
      const account = this.refreshed(bucket);
      if (account) account.tokens -= n;
    }
  }

  /** How long until every one of `buckets` is out of debt (ms; 0: background work may go now). */
  waitMs(buckets: Iterable<string>): number {
    let wait = 0;
    for (const bucket of buckets) {
      const account = this.refreshed(bucket);
      const rate = this.rate(bucket);
      if (account && rate !== undefined && account.tokens < 0)
        wait = Math.max(wait, Math.ceil((-account.tokens / rate) * 1000));
    }
    return wait;
  }

  /** Background calls per second `bucket` allows now; `undefined` when unlimited. */
  rate(bucket: string): number | undefined {
    const qps = this.options.rateOf(bucket);
    return qps === undefined ? undefined : qps * this.options.share;
  }

  /** The account of `bucket`, refilled to now at the current rate (its burst: one second's share, at least 1). */
  private refreshed(bucket: string): Account | undefined {
    const rate = this.rate(bucket);
    if (rate === undefined) return undefined;
    const now = this.options.clock.now();
    const burst = Math.max(1, rate);
    const account = this.accounts.get(bucket) ?? { tokens: burst, at: now };
    account.tokens = Math.min(burst, account.tokens + (Math.max(0, now - account.at) / 1000) * rate);
    account.at = now;
    this.accounts.set(bucket, account);
    return account;
  }
}

// Background AWS reads in steady state: every call the proxy sees in a window with no change to any object
// is a periodic re-check. Reported per rate-limit bucket against its budget (the share of its limit).
import { resolveRateLimit } from '../src/aws/rateLimits.js';
import type { RecordedCall } from '../test/support/awsProxy.js';

/** One bucket's background rate in the window, against its limit and the configured share. */
export interface BucketRate {
  bucket: string;
  callsPerSecond: number;
  /** The limit in force at the end of the window (learned; the default table when the operator exports none). */
  limitQps: number;
  /** callsPerSecond as a percentage of limitQps. */
  percentOfLimit: number;
}

/** The window's figures. */
export interface BackgroundRates {
  windowSeconds: number;
  /** The configured share (percent). */
  sharePercent: number;
  buckets: BucketRate[];
  /** `ecsgmsa_resync_period_seconds` per controller at the end of the window (absent before this change). */
  resyncPeriodSeconds: Record<string, number>;
}

/** `name{labels} value` samples of one metric family as [labels, value]. */
function samples(metrics: string, name: string): [Record<string, string>, number][] {
  const out: [Record<string, string>, number][] = [];
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    out.push([labels, Number(line.split(' ').pop())]);
  }
  return out;
}

/** The background rates of `calls` (a window of `windowSeconds`), given the operator's /metrics at its end. */
export function backgroundRates(
  calls: readonly RecordedCall[],
  windowSeconds: number,
  metrics: string,
  sharePercent: number,
): BackgroundRates {
  const learned = new Map(samples(metrics, 'ecsgmsa_aws_rate_limit_qps').map(([l, v]) => [l.bucket ?? '', v] as const));
  const counts = new Map<string, { n: number; limit: number }>();
  for (const c of calls) {
    if (c.service === 'sts') continue;
    const { bucket, setting } = resolveRateLimit(`${c.service}.${c.operation}`, {});
    const limit = learned.get(bucket) ?? (setting === 'unlimited' ? Infinity : setting.qps);
    const entry = counts.get(bucket) ?? { n: 0, limit };
    entry.n += 1;
    counts.set(bucket, entry);
  }
  const buckets = [...counts].map(([bucket, { n, limit }]) => {
    const callsPerSecond = n / windowSeconds;
    return {
      bucket,
      callsPerSecond: Math.round(callsPerSecond * 100) / 100,
      limitQps: limit,
      percentOfLimit: Math.round((1000 * callsPerSecond) / limit) / 10,
    };
  });
  const periods = Object.fromEntries(
    samples(metrics, 'ecsgmsa_resync_period_seconds').map(([l, v]) => [l.controller ?? '', Math.round(v)]),
  );
  return { windowSeconds, sharePercent, buckets, resyncPeriodSeconds: periods };
}

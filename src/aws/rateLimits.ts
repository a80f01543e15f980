// Client-side per-API rate limits: override parsing (`service.Operation=qps[/burst]`) and the limiter the adapters acquire from.
import { AWS_SERVICES, defaultGroupOf, knownOperations } from './rateLimitDefaults.js';
import { TokenBucket, systemSleepClock, type RateLimit, type SleepClock } from './tokenBucket.js';

/** A limit, or no limit at all (benchmarks, tests). */
export type RateLimitSetting = RateLimit | 'unlimited';

/**
 * Overrides of the defaults, keyed by target: `service.Operation` (its own bucket, split out of a
 * shared group), `service.*` (every bucket of that service) or `*` (every bucket).
 * Precedence: `service.Operation` over `service.*` over `*` over the defaults.
 */
export type RateLimitOverrides = Readonly<Record<string, RateLimitSetting>>;

/** Waits for permission to call one AWS operation. */
export interface AwsRateLimiter {
  /** Resolves when a call to `service.operation` may be sent; never rejects. */
  acquire(service: string, operation: string): Promise<void>;
}

const ENTRY = /^([^=\s]+)\s*=\s*(\S+)$/;
const QPS = /^\d+(\.\d+)?$/;
const BURST = /^\d+$/;

function checkTarget(target: string): string | undefined {
  if (target === '*') return undefined;
  const [service, operation, extra] = target.split('.');
  if (extra !== undefined || service === undefined || operation === undefined || operation === '') {
    return `target "${target}" must be service.Operation, service.* or *`;
  }
  if (!(AWS_SERVICES as readonly string[]).includes(service))
    return `unknown service "${service}" (known: ${AWS_SERVICES.join(', ')})`;
  if (operation === '*') return undefined;
  const known = knownOperations(service);
  return known.includes(operation)
    ? undefined
    : `unknown operation "${operation}" for ${service} (known: ${known.join(', ')})`;
}

type Parsed = { setting: RateLimitSetting } | { error: string };

function parseSetting(value: string): Parsed {
  if (value === 'unlimited') return { setting: 'unlimited' };
  const [qpsText = '', burstText, extra] = value.split('/');
  if (extra !== undefined || !QPS.test(qpsText))
    return { error: `"${value}" must be qps, qps/burst or unlimited (e.g. 5 or 5/40)` };
  const qps = Number(qpsText);
  if (!(qps > 0)) return { error: `qps must be greater than 0, got "${qpsText}"` };
  if (burstText === undefined) return { setting: { qps, burst: Math.max(1, Math.ceil(qps)) } };
  if (!BURST.test(burstText) || Number(burstText) < 1)
    return { error: `burst must be a whole number of at least 1, got "${burstText}"` };
  return { setting: { qps, burst: Number(burstText) } };
}

function parseEntry(entry: string, limits: Record<string, RateLimitSetting>): string | undefined {
  const match = ENTRY.exec(entry);
  if (!match) return `"${entry}": expected service.Operation=qps[/burst], e.g. ecs.RegisterTaskDefinition=5/40`;
  const target = match[1] ?? '';
  const targetError = checkTarget(target);
  if (targetError !== undefined) return `"${entry}": ${targetError}`;
  if (target in limits) return `"${entry}": ${target} is given more than once`;
  const parsed = parseSetting(match[2] ?? '');
  if ('error' in parsed) return `"${entry}": ${parsed.error}`;
  limits[target] = parsed.setting;
  return undefined;
}

/**
 * Parses `--aws-rate-limit` entries. Each entry is `service.Operation=qps`, `service.Operation=qps/burst`,
 * `service.*=...`, `*=...`, with `unlimited` in place of a rate to lift the limit; an entry may hold several
 * comma-separated ones. Without a burst, burst = max(1, ceil(qps)).
 * @returns `limits` when every entry is valid, and one message per bad entry in `errors`.
 */
export function parseRateLimitOverrides(entries: readonly string[]): { limits?: RateLimitOverrides; errors: string[] } {
  const limits: Record<string, RateLimitSetting> = {};
  const errors: string[] = [];
  const pieces = entries
    .flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const piece of pieces) {
    const error = parseEntry(piece, limits);
    if (error !== undefined) errors.push(error);
  }
  return errors.length === 0 ? { limits, errors } : { errors };
}

/** Which bucket an operation (`service.Operation`) uses and its limit, after overrides; operations in no default group are unlimited unless a wildcard says otherwise. */
export function resolveRateLimit(
  key: string,
  overrides: RateLimitOverrides,
): { bucket: string; setting: RateLimitSetting } {
  const service = key.split('.')[0] ?? '';
  const exact = overrides[key];
  if (exact !== undefined) return { bucket: key, setting: exact };
  const wide = overrides[`${service}.*`] ?? overrides['*'];
  const group = defaultGroupOf(key);
  if (group !== undefined) return { bucket: group.bucket, setting: wide ?? group.limit };
  return { bucket: key, setting: wide ?? 'unlimited' };
}

/** Options of {@link createAwsRateLimiter}. */
export interface AwsRateLimiterOptions {
  /** Overrides of {@link DEFAULT_RATE_LIMITS}. @default {} (the defaults) */
  overrides?: RateLimitOverrides;
  /** @default the system clock */
  clock?: SleepClock;
}

/** A limiter with one token bucket per bucket name, created on first use. Use one per region. */
export function createAwsRateLimiter(options: AwsRateLimiterOptions = {}): AwsRateLimiter {
  const overrides = options.overrides ?? {};
  const clock = options.clock ?? systemSleepClock;
  const buckets = new Map<string, TokenBucket | undefined>();
  const bucketFor = (key: string): TokenBucket | undefined => {
    const { bucket, setting } = resolveRateLimit(key, overrides);
    if (!buckets.has(bucket))
      buckets.set(bucket, setting === 'unlimited' ? undefined : new TokenBucket(setting, clock));
    return buckets.get(bucket);
  };
  return {
    acquire: (service, operation) => bucketFor(`${service}.${operation}`)?.acquire() ?? Promise.resolve(),
  };
}

// Client-side per-API rate limits: override parsing (`service.Operation=qps[/burst]`) and the limiter the adapters acquire from.
import { AWS_SERVICES, defaultGroupOf, knownOperations } from './rateLimitDefaults.js';
import {
  afterSuccess,
  afterThrottle,
  aimdPolicy,
  burstFor,
  CEILING_FACTOR,
  type AimdPolicy,
  type AimdState,
} from './aimd.js';
import type { AttemptOutcome } from './attemptLimiter.js';
import { RateBucket, systemLimiterClock, type LimiterClock, type RateLimit } from './rateBucket.js';

/** A limit, or no limit at all (benchmarks, tests). */
export type RateLimitSetting = RateLimit | 'unlimited';

/**
 * Overrides of the defaults, keyed by target: `service.Operation` (its own bucket, split out of a
 * shared group), `service.*` (every bucket of that service) or `*` (every bucket).
 * Precedence: `service.Operation` over `service.*` over `*` over the defaults.
 */
export type RateLimitOverrides = Readonly<Record<string, RateLimitSetting>>;

/** A caller about to wait for a slot: what for, at which limit, for about how long. */
export interface RateLimitWait {
  /** `service.Operation`, e.g. `ecs.RegisterTaskDefinition`. */
  operation: string;
  region: string;
  /** The limit in force (learned: it may differ from the configured one). */
  limit: RateLimit;
  /** Estimated wait at that limit (ms). */
  estimateMs: number;
}

/**
 * How the limiter talks to whoever runs the call (the reconcile it belongs to; wired by the composition
 * root): it announces long waits, honours the caller's abort signal and reports each admitted call.
 */
export interface LimiterHooks {
  /** Waits at least this long are announced. @default 2000 (ms) */
  noticeMs?: number;
  /**
   * Called once before a wait of at least `noticeMs`; the call is not sent before the returned promise
   * settles, so whatever it writes (a status saying "waiting") lands before what the call leads to.
   */
  onLongWait?(wait: RateLimitWait): Promise<void>;
  /** The current caller's signal: an abort ends its wait with the signal's reason, before any call is sent. */
  signal?(): AbortSignal | undefined;
  /** Each call admitted, by bucket (`region:bucket`, e.g. `us-east-1:ecs.reads`). */
  onCall?(bucket: string): void;
}

/** The wait of a caller whose signal aborted: no call was sent. `cause` is the signal's reason. */
export class RateLimitWaitAborted extends Error {
  override readonly name = 'RateLimitWaitAborted';
  constructor(operation: string, cause: unknown) {
    super(`wait for a ${operation} slot aborted`, { cause });
  }
}

/** Waits for permission to call one AWS operation, and learns each bucket's rate from AWS's answers. */
export interface AwsRateLimiter {
  /**
   * Resolves when a call to `service.operation` may be sent. Rejects only when the caller's signal
   * (LimiterHooks.signal) aborts the wait: with a {@link RateLimitWaitAborted} whose cause is the signal's reason.
   */
  acquire(service: string, operation: string): Promise<void>;
  /** What AWS answered one attempt of `service.operation`: throttling halves the bucket's rate, acceptance under demand raises it. */
  feedback(service: string, operation: string, outcome: AttemptOutcome): void;
  /** The limit in force per bucket used so far (`region:bucket` → limit); unlimited buckets are absent. */
  limits(): ReadonlyMap<string, RateLimit>;
  /**
   * Per bucket, the lower of the limit in force and the one learning started from (the documented quota or
   * the configured limit): what periodic re-checks take their share of. A rate only learned (a quota raised,
   * or an endpoint that never throttles) speeds up changes, never the background.
   */
  backgroundLimits(): ReadonlyMap<string, RateLimit>;
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

/** Which bucket an operation (`service.Operation`) uses and its limit, after overrides; operations in no default group are unlimited unless a wildcard says otherwise. `configured` says an override set it. */
export function resolveRateLimit(
  key: string,
  overrides: RateLimitOverrides,
): { bucket: string; setting: RateLimitSetting; configured: boolean } {
  const service = key.split('.')[0] ?? '';
  const exact = overrides[key];
  if (exact !== undefined) return { bucket: key, setting: exact, configured: true };
  const wide = overrides[`${service}.*`] ?? overrides['*'];
  const group = defaultGroupOf(key);
  if (group !== undefined)
    return { bucket: group.bucket, setting: wide ?? group.limit, configured: wide !== undefined };
  return { bucket: key, setting: wide ?? 'unlimited', configured: wide !== undefined };
}

/** Options of {@link createAwsRateLimiter}. */
export interface AwsRateLimiterOptions {
  /** The region the limiter serves (AWS quotas are per account and region): named in waits and bucket keys. @default 'default' */
  region?: string;
  /** Overrides of {@link DEFAULT_RATE_LIMITS}. @default {} (the defaults) */
  overrides?: RateLimitOverrides;
  /** @default the system clock */
  clock?: LimiterClock;
  /** @default none: nothing announced, nothing aborted, nothing counted */
  hooks?: LimiterHooks;
}

interface Bucket {
  name: string;
  bucket: RateBucket;
  policy: AimdPolicy;
  state: AimdState;
}

/**
 * Where learning may take a bucket: a default limit (the documented quota) up to {@link CEILING_FACTOR}
 * times, so a raised quota is used without configuration; a configured limit never above itself.
 */
function policyFor(setting: RateLimit, configured: boolean): AimdPolicy {
  return aimdPolicy(setting, configured ? setting.qps : setting.qps * CEILING_FACTOR);
}

function learn(entry: Bucket, outcome: AttemptOutcome, now: number): void {
  if (outcome === 'other') return;
  const next =
    outcome === 'throttled'
      ? afterThrottle(entry.policy, entry.state, now)
      : afterSuccess(entry.policy, entry.state, now, entry.bucket.queued > 0);
  if (outcome === 'throttled') entry.bucket.drain();
  if (next.qps === entry.state.qps) {
    entry.state = next;
    return;
  }
  entry.state = next;
  entry.bucket.setLimit({ qps: next.qps, burst: burstFor(entry.policy, next.qps) });
}

/**
 * A limiter with one bucket per bucket name, created on first use, each learning its rate from AWS's
 * answers (aimd.ts). Use one per region.
 */
export function createAwsRateLimiter(options: AwsRateLimiterOptions = {}): AwsRateLimiter {
  const overrides = options.overrides ?? {};
  const clock = options.clock ?? systemLimiterClock;
  const hooks = options.hooks ?? {};
  const region = options.region ?? 'default';
  const noticeMs = hooks.noticeMs ?? 2_000;
  const buckets = new Map<string, Bucket | undefined>();
  const bucketFor = (key: string): Bucket | undefined => {
    const { bucket: name, setting, configured } = resolveRateLimit(key, overrides);
    if (!buckets.has(name))
      buckets.set(
        name,
        setting === 'unlimited'
          ? undefined
          : {
              name,
              bucket: new RateBucket(setting, clock),
              policy: policyFor(setting, configured),
              state: { qps: setting.qps },
            },
      );
    return buckets.get(name);
  };
  /** One limit per bucket used so far, keyed `region:bucket`; unlimited buckets are absent. */
  const limitsBy = (pick: (entry: Bucket) => RateLimit): Map<string, RateLimit> =>
    new Map([...buckets].flatMap(([name, entry]) => (entry ? [[`${region}:${name}`, pick(entry)] as const] : [])));
  return {
    async acquire(service, operation) {
      const operationKey = `${service}.${operation}`;
      const entry = bucketFor(operationKey);
      if (!entry) return;
      const slot = entry.bucket.take(hooks.signal?.());
      hooks.onCall?.(`${region}:${entry.name}`);
      const wait = { operation: operationKey, region, limit: entry.bucket.limit, estimateMs: slot.estimateMs };
      // Best effort: a failed announcement does not stop the call.
      const announced = slot.estimateMs >= noticeMs ? hooks.onLongWait?.(wait).catch(() => undefined) : undefined;
      try {
        await Promise.all([slot.granted, announced]);
      } catch (err: unknown) {
        throw new RateLimitWaitAborted(operationKey, err);
      }
    },
    feedback(service, operation, outcome) {
      const entry = bucketFor(`${service}.${operation}`);
      if (entry) learn(entry, outcome, clock.now());
    },
    limits: () => limitsBy((entry) => entry.bucket.limit),
    backgroundLimits: () =>
      limitsBy(({ bucket, policy }) => (bucket.limit.qps <= policy.start.qps ? bucket.limit : policy.start)),
  };
}

// The AWS side of a run: one ports factory (clients, per-region rate limits, call metrics) and the
// account id resolver, from the run's settings. Called by the composition root only.
import { accountIdResolver } from './accountId.js';
import type { AwsCallRecorder } from './call.js';
import { createAwsPortsFactory, type ClosableAwsPortsFactory } from './factory.js';
import { parseRateLimitOverrides, type LimiterHooks } from './rateLimits.js';

/** Where the SDK's own log goes (at debug level only: it can be verbose). */
export interface SdkLog {
  debug(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface AwsSetupOptions {
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `service.Operation=qps[/burst]` overrides (--aws-rate-limit). */
  rateLimits: readonly string[];
  recorder: AwsCallRecorder;
  /** How the rate limiters announce long waits, honour aborts and report calls (the reconcile scopes). */
  limiterHooks?: LimiterHooks;
  /** The SDK's request log, or `undefined` to keep it silent. */
  sdkLog?: SdkLog;
}

/** The ports factory and the account id of the operator's credentials per region. */
export function setUpAws(options: AwsSetupOptions): {
  factory: ClosableAwsPortsFactory;
  accountId(region: string): Promise<string>;
} {
  const limits = parseRateLimitOverrides(options.rateLimits);
  if (!limits.limits) throw new Error(`--aws-rate-limit: ${limits.errors.join('; ')}`);
  const endpoint = options.endpoint ? { endpoint: options.endpoint } : {};
  const credentials = options.credentials ? { credentials: options.credentials } : {};
  const log = options.sdkLog;
  const sdkLogger = log
    ? {
        debug: (...entry: unknown[]) => log.debug('sdk', { entry }),
        info: (...entry: unknown[]) => log.debug('sdk', { entry }),
        warn: (...entry: unknown[]) => log.warn('sdk', { entry }),
        error: (...entry: unknown[]) => log.warn('sdk', { entry }),
      }
    : undefined;
  const factory = createAwsPortsFactory({
    ...endpoint,
    ...credentials,
    ...(sdkLogger ? { sdkLogger } : {}),
    limits: limits.limits,
    recorder: options.recorder,
    ...(options.limiterHooks ? { limiterHooks: options.limiterHooks } : {}),
  });
  const resolver = accountIdResolver({ ...endpoint, ...credentials, recorder: options.recorder });
  return { factory, accountId: (region) => resolver(region) };
}

// The AWS layer's public surface: ports, the factory, error classification, rate limits and request tokens.
export type * from './ports.js';
export { createAwsPortsFactory, type AwsPortsFactoryOptions, type ClosableAwsPortsFactory } from './factory.js';
export type { AwsClientOptions, StaticCredentials } from './clients.js';
export { noopRecorder, type AwsCallRecorder, type AwsOutcome } from './call.js';
export {
  AwsError,
  classifyAwsError,
  isAccessDenied,
  isAwsError,
  isRetryable,
  isTerminal,
  isThrottled,
  isTransient,
  type AwsErrorClass,
} from './errors.js';
export { DEFAULT_RATE_LIMITS, type AwsService } from './rateLimitDefaults.js';
export { createAwsRateLimiter, parseRateLimitOverrides, type AwsRateLimiter, type RateLimitOverrides, type RateLimitSetting } from './rateLimits.js';
export { systemSleepClock, type RateLimit, type SleepClock } from './tokenBucket.js';
export { newRequestToken } from './requestToken.js';

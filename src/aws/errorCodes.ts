// AWS error codes by class, as data (after smithy's service-error-classification); predicates live in errors.ts.

/** Codes AWS services use for "slow down". Source: smithy `THROTTLING_ERROR_CODES` plus S3's and ECS's own. */
export const THROTTLING_CODES: readonly string[] = [
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
];

/** Codes meaning the caller's identity or its permissions are wrong: fixed out of band (IAM, KMS key policy, credentials). */
export const ACCESS_DENIED_CODES: readonly string[] = [
  'AccessDenied',
  'AccessDeniedException',
  'AuthFailure',
  'AuthorizationError',
  'ExpiredToken',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'KMSAccessDeniedException',
  'KMS.AccessDeniedException',
  'MissingAuthenticationToken',
  'NotAuthorized',
  'SignatureDoesNotMatch',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
];

/** Codes of server-side or in-flight failures that a later retry may not see. Source: smithy `TRANSIENT_ERROR_CODES` plus service faults. */
export const TRANSIENT_CODES: readonly string[] = [
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServiceError',
  'InternalServiceErrorException',
  'KMSInternalException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'AbortError',
];

/** Node system error codes of a broken or unreachable connection (no HTTP response). "socket hang up" is `ECONNRESET`. */
export const NETWORK_ERROR_CODES: readonly string[] = [
  'EAI_AGAIN',
  'ECONNABORTED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ETIMEDOUT',
];

/** HTTP statuses of each class when the code alone does not tell. */
export const THROTTLING_STATUSES: readonly number[] = [429];
export const ACCESS_DENIED_STATUSES: readonly number[] = [401, 403];
export const TRANSIENT_STATUSES: readonly number[] = [500, 502, 503, 504];

/**
 * ECS answers concurrent RegisterTaskDefinition calls into one family with a `ClientException`
 * (normally invalid input) whose message is "Too many concurrent attempts to create a new revision
 * of the specified family." It is the one documented case where the message decides the class.
 */
export const ECS_CONCURRENT_REVISION = {
  code: 'ClientException',
  /** Lower-cased message start, whitespace collapsed. */
  messagePrefix: 'too many concurrent attempts to create a new revision',
} as const;

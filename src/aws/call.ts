// The path of every AWS call: SDK call (rate limited per attempt, attemptLimiter.ts) → metric → value,
// `undefined` for "not found", or AwsError.
import { AwsError, toAwsError, type AwsErrorClass } from './errors.js';
import type { AwsService } from './rateLimitDefaults.js';
import { RateLimitWaitAborted } from './rateLimits.js';

/** The outcome label of `ecsgmsa_aws_api_requests_total`. */
export type AwsOutcome = 'success' | 'not_found' | 'throttled' | 'transient' | 'access_denied' | 'terminal';

/** Counts one finished AWS call (e.g. `metrics.awsCall`). Labels never hold resource names or values. */
export type AwsCallRecorder = (service: string, operation: string, outcome: AwsOutcome) => void;

/** A recorder that records nothing. */
export const noopRecorder: AwsCallRecorder = () => undefined;

/** What an adapter's calls share: its service and the metric callback. */
export interface CallContext {
  service: AwsService;
  recorder: AwsCallRecorder;
}

/** Per-call options. */
export interface CallOptions {
  /** Strings scrubbed from the AWS error message (values being written). @default [] */
  sensitive?: readonly string[];
}

/** Options of a call whose "not found" answer is a value. */
export interface LookupOptions extends CallOptions {
  /** True when the (already converted) error means the resource does not exist. */
  missing: (err: AwsError) => boolean;
}

const OUTCOME: Record<AwsErrorClass, AwsOutcome> = {
  terminal: 'terminal',
  throttled: 'throttled',
  transient: 'transient',
  'access-denied': 'access_denied',
};

/** A `missing` predicate matching any of `codes`. */
export function codeIn(...codes: string[]): (err: AwsError) => boolean {
  return (err) => codes.includes(err.code);
}

async function invoke<T>(
  ctx: CallContext,
  operation: string,
  send: () => Promise<T>,
  options: Partial<LookupOptions>,
): Promise<{ value: T } | undefined> {
  try {
    const value = await send();
    ctx.recorder(ctx.service, operation, 'success');
    return { value };
  } catch (err: unknown) {
    if (err instanceof RateLimitWaitAborted) throw err; // nothing was sent: not an AWS outcome
    const error = toAwsError(err, {
      service: ctx.service,
      operation,
      ...(options.sensitive ? { sensitive: options.sensitive } : {}),
    });
    const missing = options.missing?.(error) ?? false;
    ctx.recorder(ctx.service, operation, missing ? 'not_found' : OUTCOME[error.class]);
    if (missing) return undefined;
    throw error;
  }
}

/**
 * Runs one SDK call and records the outcome.
 * @throws AwsError for every failure, classified once; RateLimitWaitAborted when the caller gave up waiting.
 */
export async function callAws<T>(
  ctx: CallContext,
  operation: string,
  send: () => Promise<T>,
  options: CallOptions = {},
): Promise<T> {
  const result = await invoke(ctx, operation, send, options);
  if (result === undefined)
    throw new AwsError({ class: 'terminal', service: ctx.service, operation, code: 'Unknown', message: 'no result' });
  return result.value;
}

/**
 * Like {@link callAws}, but a "not found" answer (per `options.missing`) is `undefined`, recorded as `not_found`.
 * @throws AwsError for every other failure.
 */
export async function lookupAws<T>(
  ctx: CallContext,
  operation: string,
  send: () => Promise<T>,
  options: LookupOptions,
): Promise<T | undefined> {
  const result = await invoke(ctx, operation, send, options);
  return result?.value;
}

/** The error for a success answer that lacks a field we need (terminal: retrying returns the same). */
export function malformedResponse(ctx: CallContext, operation: string, missingField: string): AwsError {
  return new AwsError({
    class: 'terminal',
    service: ctx.service,
    operation,
    code: 'MalformedResponse',
    message: `the response has no ${missingField}`,
  });
}

/** `value`, or a {@link malformedResponse} error when the response lacks it. */
export function required<T>(
  value: T | undefined | null,
  ctx: CallContext,
  at: { operation: string; field: string },
): T {
  if (value === undefined || value === null) throw malformedResponse(ctx, at.operation, at.field);
  return value;
}

// The one AWS error classification (terminal / throttled / transient / access-denied) and the AwsError every adapter throws.
import {
  ACCESS_DENIED_CODES,
  ACCESS_DENIED_STATUSES,
  ECS_CONCURRENT_REVISION,
  NETWORK_ERROR_CODES,
  THROTTLING_CODES,
  THROTTLING_STATUSES,
  TRANSIENT_CODES,
  TRANSIENT_STATUSES,
} from './errorCodes.js';
import { scrubMessage } from './redact.js';

/**
 * What a caller should do about a failed AWS call:
 * - `terminal`: the request is wrong (invalid input, conflict); retrying the same request will not help.
 * - `throttled`: slow down and retry with backoff.
 * - `transient`: server fault or network trouble; retry with backoff.
 * - `access-denied`: credentials or IAM/KMS permissions; re-check on a slow period.
 */
export type AwsErrorClass = 'terminal' | 'throttled' | 'transient' | 'access-denied';

/** The fields of an SDK (or Node) error the classification reads; everything optional. */
export interface ErrorFacts {
  code?: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  attempts?: number;
  /** A Node system error (`syscall` set) rather than an HTTP answer. */
  system: boolean;
  serverFault: boolean;
}

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function metadataOf(err: object): object {
  const meta = field(err, '$metadata');
  return typeof meta === 'object' && meta !== null ? meta : {};
}

/** The code: S3's `Code`, else the SDK exception's `name`, else a Node system error's `code`. */
function codeOf(err: object): string | undefined {
  const name = str(field(err, 'name'));
  return str(field(err, 'Code')) ?? (name !== 'Error' ? name : undefined) ?? str(field(err, 'code'));
}

/** Reads code, HTTP status and message from anything thrown by the SDK or Node, without trusting its type. */
export function errorFacts(err: unknown): ErrorFacts {
  if (typeof err !== 'object' || err === null) return { message: String(err), system: false, serverFault: false };
  const meta = metadataOf(err);
  const sysCode = str(field(err, 'code'));
  return {
    code: codeOf(err),
    message: str(field(err, 'message')) ?? '',
    httpStatus: num(field(meta, 'httpStatusCode')),
    requestId: str(field(meta, 'requestId')),
    attempts: num(field(meta, 'attempts')),
    system:
      str(field(err, 'syscall')) !== undefined || (sysCode !== undefined && NETWORK_ERROR_CODES.includes(sysCode)),
    serverFault: field(err, '$fault') === 'server',
  };
}

/** ECS's "Too many concurrent attempts to create a new revision of the specified family." (a ClientException). */
export function isEcsConcurrentRevisionError(facts: ErrorFacts): boolean {
  if (facts.code !== ECS_CONCURRENT_REVISION.code) return false;
  const message = facts.message.replace(/\s+/g, ' ').trim().toLowerCase();
  return message.startsWith(ECS_CONCURRENT_REVISION.messagePrefix);
}

function hasCode(facts: ErrorFacts, codes: readonly string[]): boolean {
  return facts.code !== undefined && codes.includes(facts.code);
}

function hasStatus(facts: ErrorFacts, statuses: readonly number[]): boolean {
  return facts.httpStatus !== undefined && statuses.includes(facts.httpStatus);
}

/** By error code (the most specific evidence): a 403 `RequestTimeTooSkewed` is transient, not access-denied. */
function classifyByCode(facts: ErrorFacts): AwsErrorClass | undefined {
  if (hasCode(facts, THROTTLING_CODES) || isEcsConcurrentRevisionError(facts)) return 'throttled';
  if (hasCode(facts, ACCESS_DENIED_CODES)) return 'access-denied';
  if (hasCode(facts, TRANSIENT_CODES) || hasCode(facts, NETWORK_ERROR_CODES)) return 'transient';
  return undefined;
}

/** By HTTP status, fault side, or a Node system error without any HTTP answer. */
function classifyByTransport(facts: ErrorFacts): AwsErrorClass | undefined {
  if (hasStatus(facts, THROTTLING_STATUSES)) return 'throttled';
  if (hasStatus(facts, ACCESS_DENIED_STATUSES)) return 'access-denied';
  if (hasStatus(facts, TRANSIENT_STATUSES) || (facts.httpStatus ?? 0) >= 500) return 'transient';
  if (facts.serverFault || (facts.system && facts.httpStatus === undefined)) return 'transient';
  return undefined;
}

/** Classifies facts already read from an error: by code first, then by transport; everything else is terminal. */
export function classifyFacts(facts: ErrorFacts): AwsErrorClass {
  return classifyByCode(facts) ?? classifyByTransport(facts) ?? 'terminal';
}

/** The fields of an AwsError; `message` is the AWS message alone (the constructor prefixes service, operation and code). */
export interface AwsErrorInit {
  class: AwsErrorClass;
  service: string;
  operation: string;
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  attempts?: number;
}

/** An AWS call that failed, classified once. The message never holds request parameters or secret values. */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  /** What to do about it. */
  readonly class: AwsErrorClass;
  /** `ssm`, `secretsmanager`, `s3` or `ecs`. */
  readonly service: string;
  /** The API operation, e.g. `PutParameter`. */
  readonly operation: string;
  /** The AWS error code (e.g. `ParameterAlreadyExists`), a Node error code, or `Unknown`. */
  readonly code: string;
  readonly httpStatus?: number;
  /** AWS request id, for support cases. */
  readonly requestId?: string;
  /** Attempts the SDK made (more than 1: it retried, so an earlier attempt may have taken effect). */
  readonly attempts?: number;

  constructor(init: AwsErrorInit) {
    super(`${init.service}.${init.operation}: ${init.code}: ${init.message}`);
    this.class = init.class;
    this.service = init.service;
    this.operation = init.operation;
    this.code = init.code;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.attempts !== undefined) this.attempts = init.attempts;
  }
}

/** Narrows `unknown` to AwsError. */
export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}

/** The class of any thrown value: an AwsError keeps its own, anything else is read as an SDK/Node error. */
export function classifyAwsError(err: unknown): AwsErrorClass {
  return isAwsError(err) ? err.class : classifyFacts(errorFacts(err));
}

/** True when AWS asked us to slow down (including ECS's concurrent-revision ClientException). */
export const isThrottled = (err: unknown): boolean => classifyAwsError(err) === 'throttled';
/** True for server faults and network failures. */
export const isTransient = (err: unknown): boolean => classifyAwsError(err) === 'transient';
/** True when credentials or permissions are the problem. */
export const isAccessDenied = (err: unknown): boolean => classifyAwsError(err) === 'access-denied';
/** True when retrying the same request cannot succeed. */
export const isTerminal = (err: unknown): boolean => classifyAwsError(err) === 'terminal';
/** True for classes worth retrying with backoff (throttled, transient). */
export const isRetryable = (err: unknown): boolean => isThrottled(err) || isTransient(err);

/** Converts anything thrown by an SDK call to an AwsError (idempotent on AwsError). */
export function toAwsError(
  err: unknown,
  where: { service: string; operation: string; sensitive?: readonly string[] },
): AwsError {
  if (isAwsError(err)) return err;
  const facts = errorFacts(err);
  return new AwsError({
    class: classifyFacts(facts),
    service: where.service,
    operation: where.operation,
    code: facts.code ?? 'Unknown',
    message: scrubMessage(facts.message, where.sensitive),
    ...(facts.httpStatus !== undefined ? { httpStatus: facts.httpStatus } : {}),
    ...(facts.requestId !== undefined ? { requestId: facts.requestId } : {}),
    ...(facts.attempts !== undefined ? { attempts: facts.attempts } : {}),
  });
}

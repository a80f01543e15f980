// What every fake shares: the calls it was asked to make, in order, and failures planned for named
// operations (once or N times), so a test can say "the tag read fails throttled" and assert the order
// "no value read before a tag read".
import { AwsError, type AwsErrorClass } from '../../src/aws/errors.js';
import { KubeApiError } from '../../src/kube/errors.js';

/** One call a fake received. AWS calls are named by their AWS operation (`GetParameter`), Kubernetes ones by verb and kind (`getConfigMap`). */
export interface Call {
  /** `ssm`, `secretsmanager`, `s3`, `ecs` or `kube`. */
  service: string;
  operation: string;
  /** What the call is about: a parameter or secret name, `bucket/key`, a task definition, `namespace/name`. */
  subject: string;
  /** AWS calls: the region of the ports that made it. */
  region?: string;
}

/**
 * A failure to inject: an AWS error class (an AwsError of that class, as the adapters throw), a
 * Kubernetes HTTP status (a KubeApiError), or any error as it is.
 */
export type Failure = AwsErrorClass | number | Error;

/** The AWS code each injected class carries (the codes the classification in src/aws/errorCodes.ts knows). */
const AWS_CODES: Record<AwsErrorClass, { code: string; httpStatus: number }> = {
  throttled: { code: 'ThrottlingException', httpStatus: 400 },
  transient: { code: 'InternalFailure', httpStatus: 500 },
  'access-denied': { code: 'AccessDeniedException', httpStatus: 403 },
  terminal: { code: 'ValidationException', httpStatus: 400 },
};

const KUBE_REASONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** The error a failure stands for, shaped as the real adapter would throw it for `call`. */
export function failureError(failure: Failure, call: Call): Error {
  if (failure instanceof Error) return failure;
  if (typeof failure === 'number') {
    const reason = KUBE_REASONS[failure] ?? 'Unknown';
    return new KubeApiError(failure, reason, `injected ${failure} ${reason} on ${call.operation} ${call.subject}`);
  }
  const { code, httpStatus } = AWS_CODES[failure];
  return new AwsError({
    class: failure,
    service: call.service,
    operation: call.operation,
    code,
    message: `injected ${failure} failure`,
    httpStatus,
  });
}

interface Plan {
  operation: string;
  subject?: string;
  remaining: number;
  act(call: Call): void;
}

/** The call record and failure plan of one or more fakes (share one log to assert order across ports). */
export class CallLog {
  readonly calls: Call[] = [];
  private plans: Plan[] = [];

  /**
   * Makes the next `times` calls of `operation` (only those about `subject`, when given) fail. The
   * failing call is recorded and changes nothing.
   * @param options.times @default 1
   */
  fail(operation: string, failure: Failure, options: { times?: number; subject?: string } = {}): void {
    this.plan(operation, options, (call) => {
      throw failureError(failure, call);
    });
  }

  /**
   * Runs `effect` just before the next `times` calls of `operation` take effect: someone else acting
   * between two of our reads (a deletion, an overwrite).
   */
  before(operation: string, effect: () => void, options: { times?: number; subject?: string } = {}): void {
    this.plan(operation, options, effect);
  }

  /**
   * Records `call`, lets other work run (a real call answers later), then runs what is planned for it.
   * The fakes await this first in every operation.
   */
  async enter(call: Call): Promise<void> {
    this.calls.push(call);
    const plan = this.plans.find(
      (p) => p.operation === call.operation && (p.subject === undefined || p.subject === call.subject),
    );
    if (plan) {
      plan.remaining -= 1;
      if (plan.remaining <= 0) this.plans = this.plans.filter((p) => p !== plan);
    }
    await Promise.resolve();
    plan?.act(call);
  }

  /** The operations called, in order (`['ListTagsForResource', 'GetParameter']`). */
  operations(): string[] {
    return this.calls.map((c) => c.operation);
  }

  /** How often `operation` was called. */
  count(operation: string): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  /** Forgets the calls made so far (after a test's setup); planned failures stay. */
  clear(): void {
    this.calls.length = 0;
  }

  private plan(operation: string, options: { times?: number; subject?: string }, act: (call: Call) => void): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}`);
    this.plans.push({
      operation,
      remaining: times,
      act,
      ...(options.subject !== undefined ? { subject: options.subject } : {}),
    });
  }
}

/** An AwsError as an adapter throws it for a refusal by AWS (e.g. `ParameterAlreadyExists`). */
export function awsRefusal(
  call: Pick<Call, 'service' | 'operation'>,
  code: string,
  message: string,
  options: { class?: AwsErrorClass; httpStatus?: number } = {},
): AwsError {
  return new AwsError({
    class: options.class ?? 'terminal',
    service: call.service,
    operation: call.operation,
    code,
    message,
    httpStatus: options.httpStatus ?? 400,
  });
}

import { ClientException, ServerException } from '@aws-sdk/client-ecs';
import { ParameterNotFound } from '@aws-sdk/client-ssm';
import {
  AwsError,
  classifyAwsError,
  isAccessDenied,
  isRetryable,
  isTerminal,
  isThrottled,
  isTransient,
  toAwsError,
  type AwsErrorClass,
} from '../../../src/aws/errors.js';
import { nodeError, sdkError } from './fixtures.js';

const CONCURRENT = 'Too many concurrent attempts to create a new revision of the specified family.';
const ecsClientException = (message: string): ClientException =>
  new ClientException({ message, $metadata: { httpStatusCode: 400 } });

describe('classifyAwsError', () => {
  const table: [string, unknown, AwsErrorClass][] = [
    // throttled
    ['ThrottlingException is throttled', sdkError('ThrottlingException'), 'throttled'],
    ['Throttling (SSM query protocol) is throttled', sdkError('Throttling'), 'throttled'],
    ['TooManyRequestsException is throttled', sdkError('TooManyRequestsException'), 'throttled'],
    ['RequestLimitExceeded is throttled', sdkError('RequestLimitExceeded'), 'throttled'],
    ['ThrottledException is throttled', sdkError('ThrottledException'), 'throttled'],
    ['S3 SlowDown (503) is throttled, not transient', sdkError('SlowDown', { status: 503, s3Code: true }), 'throttled'],
    ['RequestThrottled is throttled', sdkError('RequestThrottled'), 'throttled'],
    ['PriorRequestNotComplete is throttled', sdkError('PriorRequestNotComplete'), 'throttled'],
    ['an unknown code with HTTP 429 is throttled', sdkError('Whatever', { status: 429 }), 'throttled'],
    ["ECS's concurrent-revision ClientException is throttled", ecsClientException(CONCURRENT), 'throttled'],
    [
      'the concurrent-revision message without its final period is throttled',
      ecsClientException('Too many concurrent attempts to create a new revision of the specified family'),
      'throttled',
    ],
    [
      'the concurrent-revision message with odd spacing and case is throttled',
      ecsClientException('  too many  concurrent attempts to create a new\nrevision of the specified family.'),
      'throttled',
    ],
    // access denied
    ['AccessDenied (S3) is access-denied', sdkError('AccessDenied', { status: 403, s3Code: true }), 'access-denied'],
    ['AccessDeniedException is access-denied', sdkError('AccessDeniedException'), 'access-denied'],
    ['UnauthorizedOperation is access-denied', sdkError('UnauthorizedOperation'), 'access-denied'],
    ['UnrecognizedClientException is access-denied', sdkError('UnrecognizedClientException'), 'access-denied'],
    ['InvalidClientTokenId is access-denied', sdkError('InvalidClientTokenId', { status: 403 }), 'access-denied'],
    ['ExpiredToken is access-denied', sdkError('ExpiredToken'), 'access-denied'],
    ['ExpiredTokenException is access-denied', sdkError('ExpiredTokenException'), 'access-denied'],
    [
      'a KMS AccessDeniedException through SSM is access-denied',
      sdkError('KMS.AccessDeniedException'),
      'access-denied',
    ],
    ['an unknown code with HTTP 403 is access-denied', sdkError('Forbidden', { status: 403 }), 'access-denied'],
    // transient
    ['HTTP 500 is transient', sdkError('InternalServerError', { status: 500 }), 'transient'],
    ['an unknown code with HTTP 502 is transient', sdkError('BadGateway', { status: 502 }), 'transient'],
    ['InternalFailure is transient', sdkError('InternalFailure', { status: 500 }), 'transient'],
    ['ServiceUnavailable is transient', sdkError('ServiceUnavailable', { status: 503 }), 'transient'],
    [
      'ECS ServerException is transient',
      new ServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
      'transient',
    ],
    ['RequestTimeout is transient', sdkError('RequestTimeout', { status: 400 }), 'transient'],
    [
      'a 403 RequestTimeTooSkewed is transient (clock skew), not access-denied',
      sdkError('RequestTimeTooSkewed', { status: 403, s3Code: true }),
      'transient',
    ],
    ['ECONNRESET (socket hang up) is transient', nodeError('ECONNRESET', 'socket hang up'), 'transient'],
    ['ECONNREFUSED is transient', nodeError('ECONNREFUSED'), 'transient'],
    ['ETIMEDOUT is transient', nodeError('ETIMEDOUT'), 'transient'],
    ['EPIPE is transient', nodeError('EPIPE'), 'transient'],
    ['an unlisted Node system error without an HTTP answer is transient', nodeError('EWHATEVER'), 'transient'],
    [
      "the SDK handler's TimeoutError is transient",
      Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
      'transient',
    ],
    // terminal
    ['ValidationException is terminal', sdkError('ValidationException'), 'terminal'],
    ['InvalidParameterException is terminal', sdkError('InvalidParameterException'), 'terminal'],
    [
      'any other ECS ClientException is terminal',
      ecsClientException('Container.image should not be null or empty.'),
      'terminal',
    ],
    [
      'a ClientException merely mentioning concurrency is terminal',
      ecsClientException('Invalid: Too many concurrent attempts to create a new revision of the specified family.'),
      'terminal',
    ],
    ['ParameterAlreadyExists is terminal', sdkError('ParameterAlreadyExists'), 'terminal'],
    ['ResourceExistsException is terminal', sdkError('ResourceExistsException'), 'terminal'],
    [
      'InvalidRequestException (secret scheduled for deletion) is terminal',
      sdkError('InvalidRequestException'),
      'terminal',
    ],
    ['MalformedPolicyDocumentException is terminal', sdkError('MalformedPolicyDocumentException'), 'terminal'],
    [
      'a real SDK ParameterNotFound is terminal (adapters turn it into undefined)',
      new ParameterNotFound({ message: 'nope', $metadata: { httpStatusCode: 400 } }),
      'terminal',
    ],
    ['a plain Error is terminal', new Error('bug'), 'terminal'],
    ['a thrown string is terminal', 'boom', 'terminal'],
    ['undefined is terminal', undefined, 'terminal'],
  ];

  it.each(table)('%s', (_name, err, expected) => {
    expect(classifyAwsError(err)).toBe(expected);
  });

  it('keeps the class of an AwsError', () => {
    const err = new AwsError({
      class: 'throttled',
      service: 'ecs',
      operation: 'RegisterTaskDefinition',
      code: 'X',
      message: 'm',
    });
    expect(classifyAwsError(err)).toBe('throttled');
  });

  it('offers one predicate per class, and isRetryable for throttled or transient', () => {
    const throttled = sdkError('ThrottlingException');
    const transient = nodeError('ECONNRESET');
    const denied = sdkError('AccessDeniedException');
    const bad = sdkError('ValidationException');
    expect([isThrottled(throttled), isTransient(transient), isAccessDenied(denied), isTerminal(bad)]).toStrictEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([throttled, transient, denied, bad].map(isRetryable)).toStrictEqual([true, true, false, false]);
  });
});

describe('toAwsError', () => {
  it('names service, operation and code in the message, and keeps status, request id and attempts', () => {
    const err = toAwsError(
      sdkError('ParameterAlreadyExists', { message: 'The parameter already exists.', attempts: 2 }),
      { service: 'ssm', operation: 'PutParameter' },
    );
    expect(err).toBeInstanceOf(AwsError);
    expect(err.message).toBe('ssm.PutParameter: ParameterAlreadyExists: The parameter already exists.');
    expect({
      class: err.class,
      code: err.code,
      httpStatus: err.httpStatus,
      requestId: err.requestId,
      attempts: err.attempts,
    }).toStrictEqual({
      class: 'terminal',
      code: 'ParameterAlreadyExists',
      httpStatus: 400,
      requestId: 'req-1',
      attempts: 2,
    });
  });

  it('scrubs values being written out of an echoed AWS message', () => {
    const secret = '{"username":"svc-user","password":"Pa55w0rd!x"}';
    const sdk = sdkError('ValidationException', {
      message: `Value 'Pa55w0rd!x' at 'secretString' failed; full ${secret}`,
    });
    const err = toAwsError(sdk, {
      service: 'secretsmanager',
      operation: 'PutSecretValue',
      sensitive: [secret, 'Pa55w0rd!x'],
    });
    expect(err.message).not.toContain('Pa55w0rd');
    expect(err.message).toContain('***');
  });

  it('uses the Node code for network errors and Unknown when there is none', () => {
    expect(toAwsError(nodeError('ECONNREFUSED'), { service: 's3', operation: 'GetObject' }).code).toBe('ECONNREFUSED');
    expect(toAwsError(new Error('?'), { service: 's3', operation: 'GetObject' }).code).toBe('Unknown');
  });

  it('returns an AwsError unchanged', () => {
    const err = new AwsError({ class: 'terminal', service: 'ecs', operation: 'X', code: 'Y', message: 'z' });
    expect(toAwsError(err, { service: 'ssm', operation: 'Other' })).toBe(err);
  });
});

import { attemptOutcomeOf, operationOf } from '../../../src/aws/attemptLimiter.js';
import { nodeError, sdkError } from './fixtures.js';

describe('what an attempt teaches the rate limiter', () => {
  it.each([
    ['a throttling code', sdkError('ThrottlingException'), 'throttled'],
    ["S3's SlowDown", sdkError('SlowDown', { status: 503, s3Code: true }), 'throttled'],
    [
      "ECS's concurrent-revision refusal",
      sdkError('ClientException', {
        message: 'Too many concurrent attempts to create a new revision of the specified family.',
      }),
      'throttled',
    ],
    ['a "not found" answer (AWS answered)', sdkError('ParameterNotFound'), 'accepted'],
    ['an access refusal (AWS answered)', sdkError('AccessDeniedException'), 'accepted'],
    ['a 5xx (says nothing about the rate)', sdkError('InternalServerError', { status: 500 }), 'other'],
    ['a reset connection (says nothing about the rate)', nodeError('ECONNRESET'), 'other'],
  ])('%s is %s', (_name, err, outcome) => {
    expect(attemptOutcomeOf(err)).toBe(outcome);
  });

  it.each([
    ['GetParameterCommand', 'GetParameter'],
    ['RegisterTaskDefinitionCommand', 'RegisterTaskDefinition'],
    [undefined, 'Unknown'],
  ])('names the operation of command %s as %s', (command, operation) => {
    expect(operationOf(command)).toBe(operation);
  });
});

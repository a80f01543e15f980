import { callAws, codeIn, lookupAws, type AwsOutcome, type CallContext } from '../../../src/aws/call.js';
import { AwsError } from '../../../src/aws/errors.js';
import { RateLimitWaitAborted } from '../../../src/aws/rateLimits.js';
import { nodeError, sdkError } from './fixtures.js';

function context(): { ctx: CallContext; events: string[]; outcomes: [string, string, AwsOutcome][] } {
  const events: string[] = [];
  const outcomes: [string, string, AwsOutcome][] = [];
  const ctx: CallContext = {
    service: 'ssm',
    recorder: (service, operation, outcome) => {
      events.push(`record ${outcome}`);
      outcomes.push([service, operation, outcome]);
    },
  };
  return { ctx, events, outcomes };
}

describe('callAws', () => {
  it('sends, then records success', async () => {
    const { ctx, events } = context();
    const value = await callAws(ctx, 'GetParameter', () => {
      events.push('send');
      return Promise.resolve(42);
    });
    expect(value).toBe(42);
    expect(events).toStrictEqual(['send', 'record success']);
  });

  it('lets a rate-limit wait the caller aborted pass through as it is: nothing was sent, nothing is recorded', async () => {
    const { ctx, outcomes } = context();
    const aborted = new RateLimitWaitAborted('ssm.GetParameter', new Error('shutting down'));
    await expect(callAws(ctx, 'GetParameter', () => Promise.reject(aborted))).rejects.toBe(aborted);
    expect(outcomes).toStrictEqual([]);
  });

  it.each([
    [sdkError('ThrottlingException'), 'throttled'],
    [nodeError('ECONNRESET'), 'transient'],
    [sdkError('AccessDeniedException'), 'access_denied'],
    [sdkError('ValidationException'), 'terminal'],
  ] as const)('throws an AwsError and records its outcome (%#: %s)', async (err, outcome) => {
    const { ctx, outcomes } = context();
    const call = callAws(ctx, 'PutParameter', () => Promise.reject(err));
    await expect(call).rejects.toBeInstanceOf(AwsError);
    expect(outcomes).toStrictEqual([['ssm', 'PutParameter', outcome]]);
  });

  it('keeps sensitive values out of the thrown message', async () => {
    const { ctx } = context();
    const call = callAws(
      ctx,
      'PutParameter',
      () => Promise.reject(sdkError('ValidationException', { message: "Value 'TopSecret1' is too long" })),
      { sensitive: ['TopSecret1'] },
    );
    await expect(call).rejects.toThrow("ssm.PutParameter: ValidationException: Value '***' is too long");
  });
});

describe('lookupAws', () => {
  it('returns undefined for a "not found" code and records not_found', async () => {
    const { ctx, outcomes } = context();
    const value = await lookupAws(ctx, 'GetParameter', () => Promise.reject(sdkError('ParameterNotFound')), {
      missing: codeIn('ParameterNotFound'),
    });
    expect(value).toBeUndefined();
    expect(outcomes).toStrictEqual([['ssm', 'GetParameter', 'not_found']]);
  });

  it('still throws other errors', async () => {
    const { ctx } = context();
    const call = lookupAws(ctx, 'GetParameter', () => Promise.reject(sdkError('AccessDeniedException')), {
      missing: codeIn('ParameterNotFound'),
    });
    await expect(call).rejects.toMatchObject({ class: 'access-denied', code: 'AccessDeniedException' });
  });
});

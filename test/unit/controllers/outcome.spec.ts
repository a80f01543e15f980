// The one classification of failures: which Blocked outcome an error is, the conditions it shows,
// its Warning event, and what the queue does next.
import { DIRECTORY_STALLED_REASONS, STALLED_REASONS, type StalledReason } from '../../../src/api/conditions.js';
import { AwsError, type AwsErrorClass } from '../../../src/aws/errors.js';
import {
  blockedConditions,
  blockedFor,
  BlockedError,
  eventReasonFor,
  queueErrorFor,
  type Blocked,
} from '../../../src/controllers/common/outcome.js';
import { error } from '../../../src/domain/validation/issue.js';
import { KubeApiError } from '../../../src/kube/errors.js';
import { TerminalError } from '../../../src/runtime/result.js';

const aws = (errorClass: AwsErrorClass, code = 'SomeCode'): AwsError =>
  new AwsError({ class: errorClass, service: 'ssm', operation: 'PutParameter', code, message: 'what AWS said' });

const invalid: Blocked = {
  kind: 'invalid',
  issues: [error('spec.domain.sid', 'is not a domain SID'), error('spec.account', 'too long')],
};
const waiting: Blocked = {
  kind: 'waiting',
  reason: 'SecretNotFound',
  message: 'Secret team-a/x not found; waiting for it',
};
const stalled = (reason: StalledReason): Blocked => ({ kind: 'stalled', reason, message: `${reason} happened` });
const retrying: Blocked = { kind: 'retrying', reason: 'AwsRetrying', message: 'slow down' };

describe('blockedFor: every error to its outcome', () => {
  it.each<[string, unknown, Blocked | undefined]>([
    [
      'throttled AWS is retried',
      aws('throttled'),
      { kind: 'retrying', reason: 'AwsRetrying', message: 'ssm.PutParameter: SomeCode: what AWS said' },
    ],
    [
      'transient AWS is retried',
      aws('transient'),
      { kind: 'retrying', reason: 'AwsRetrying', message: 'ssm.PutParameter: SomeCode: what AWS said' },
    ],
    [
      'AWS access denied stalls and says which permission to grant',
      aws('access-denied'),
      {
        kind: 'stalled',
        reason: 'AccessDenied',
        message:
          "ssm.PutParameter: SomeCode: what AWS said: grant the operator's IAM role this permission; re-checked periodically",
      },
    ],
    [
      'a terminal AWS refusal stalls as AwsRejected',
      aws('terminal'),
      { kind: 'stalled', reason: 'AwsRejected', message: 'ssm.PutParameter: SomeCode: what AWS said' },
    ],
    [
      'a Kubernetes 403 stalls as KubernetesAccessDenied',
      new KubeApiError(403, 'Forbidden', 'configmaps is forbidden'),
      {
        kind: 'stalled',
        reason: 'KubernetesAccessDenied',
        message:
          "configmaps is forbidden: the operator's Kubernetes permissions do not allow this; re-checked periodically",
      },
    ],
    [
      'a Kubernetes 422 stalls as KubernetesRejected',
      new KubeApiError(422, 'Invalid', 'status.x: too long'),
      {
        kind: 'stalled',
        reason: 'KubernetesRejected',
        message: 'the apiserver refused a write: status.x: too long',
      },
    ],
    [
      'a Kubernetes 400 stalls as KubernetesRejected',
      new KubeApiError(400, 'BadRequest', 'bad patch'),
      {
        kind: 'stalled',
        reason: 'KubernetesRejected',
        message: 'the apiserver refused a write: bad patch',
      },
    ],
    [
      'a Kubernetes 409 (a concurrent change) is retried',
      new KubeApiError(409, 'Conflict', 'the object has been modified'),
      {
        kind: 'retrying',
        reason: 'KubernetesRetrying',
        message: 'Kubernetes API 409 Conflict: the object has been modified',
      },
    ],
    [
      'a Kubernetes 500 is retried',
      new KubeApiError(500, 'InternalError', 'etcd timeout'),
      {
        kind: 'retrying',
        reason: 'KubernetesRetrying',
        message: 'Kubernetes API 500 InternalError: etcd timeout',
      },
    ],
    ['a BlockedError is its own outcome', new BlockedError(waiting), waiting],
    [
      'a bug (any other error) is no outcome: it is retried with backoff as it is',
      new TypeError("reading 'x' of undefined"),
      undefined,
    ],
    ['a thrown string is a bug too', 'oops', undefined],
  ])('%s', (_case, err, blocked) => {
    expect(blockedFor(err)).toStrictEqual(blocked);
  });
});

describe('blockedConditions: Ready, Reconciling and Stalled for each outcome', () => {
  const shape = (conditions: ReturnType<typeof blockedConditions>): string[] =>
    conditions.map((c) => `${c.type}=${c.status}/${c.reason}${c.message ? '' : ' (no message)'}`);

  it.each<[string, Blocked, string[]]>([
    [
      'invalid input is Stalled ValidationFailed',
      invalid,
      [
        'Ready=False/ValidationFailed',
        'Stalled=True/ValidationFailed',
        'Reconciling=False/ValidationFailed (no message)',
      ],
    ],
    [
      'waiting is Reconciling, not Stalled',
      waiting,
      ['Ready=False/SecretNotFound', 'Reconciling=True/SecretNotFound', 'Stalled=False/SecretNotFound (no message)'],
    ],
    [
      'a stalled reason is Stalled with that reason',
      stalled('AlreadyExists'),
      ['Ready=False/AlreadyExists', 'Stalled=True/AlreadyExists', 'Reconciling=False/AlreadyExists (no message)'],
    ],
    [
      'retrying is Reconciling, not Stalled',
      retrying,
      ['Ready=False/AwsRetrying', 'Reconciling=True/AwsRetrying', 'Stalled=False/AwsRetrying (no message)'],
    ],
  ])('%s', (_case, blocked, expected) => {
    expect(shape(blockedConditions(blocked))).toStrictEqual(expected);
  });

  it('lists every finding of invalid input in Ready and Stalled', () => {
    const [ready, stalledCondition] = blockedConditions(invalid);
    expect(ready?.message).toBe('spec.domain.sid: is not a domain SID; spec.account: too long');
    expect(stalledCondition?.message).toBe(ready?.message);
  });
});

describe('queueErrorFor: what the queue does after each outcome', () => {
  const original = aws('throttled');

  it('retries a retrying outcome with the original error (rate-limited backoff)', () => {
    expect(queueErrorFor(retrying, original, 60_000)).toBe(original);
  });

  it('retries a retrying outcome that came without an Error with one carrying its message', () => {
    const err = queueErrorFor(retrying, 'not an error', 60_000);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TerminalError);
    expect(err?.message).toBe('slow down');
  });

  it('does nothing for a waiting outcome (a watch re-queues it on change)', () => {
    expect(queueErrorFor(waiting, new BlockedError(waiting), 60_000)).toBeUndefined();
  });

  it('gives up on invalid input until the generation changes (terminal, no recheck)', () => {
    const err = queueErrorFor(invalid, new BlockedError(invalid), 60_000);
    expect(err).toBeInstanceOf(TerminalError);
    expect(err).toMatchObject({ message: 'invalid spec', recheckAfterMs: undefined });
  });

  // Fixed out of band: IAM, RBAC, an opt-in, Active Directory (a refused bind is held by the directory memo instead).
  const rechecked: StalledReason[] = [
    'AccessDenied',
    'KubernetesAccessDenied',
    'NamespaceNotOptedIn',
    ...DIRECTORY_STALLED_REASONS,
  ];
  it.each(STALLED_REASONS.map((reason) => [reason, rechecked.includes(reason)] as const))(
    'stalls on %s, re-checked on the slow period: %s',
    (reason, recheck) => {
      const err = queueErrorFor(stalled(reason), new BlockedError(stalled(reason)), 60_000);
      expect(err).toBeInstanceOf(TerminalError);
      expect(err).toMatchObject({ message: `${reason} happened`, recheckAfterMs: recheck ? 60_000 : undefined });
    },
  );
});

describe('eventReasonFor: the Warning event of each outcome', () => {
  it.each<[string, Blocked, string | undefined]>([
    ['invalid input warns ValidationFailed', invalid, 'ValidationFailed'],
    ['waiting makes no event', waiting, undefined],
    ['an AWS retry warns AwsError', retrying, 'AwsError'],
    [
      'a Kubernetes retry warns KubernetesError',
      { kind: 'retrying', reason: 'KubernetesRetrying', message: 'm' },
      'KubernetesError',
    ],
    ...STALLED_REASONS.map((reason): [string, Blocked, string] => [
      `stalled ${reason} warns ${reason}`,
      stalled(reason),
      reason,
    ]),
  ])('%s', (_case, blocked, reason) => {
    expect(eventReasonFor(blocked)).toBe(reason);
  });
});

describe('BlockedError', () => {
  it('carries the outcome, its message the outcome’s message (all findings for invalid input)', () => {
    expect(new BlockedError(waiting).message).toBe(waiting.message);
    expect(new BlockedError(invalid).message).toBe('spec.domain.sid: is not a domain SID; spec.account: too long');
    expect(new BlockedError(invalid).blocked).toBe(invalid);
  });
});

// The steps both reconcilers share: which way a reconcile goes, the one failure path, status writes
// that report a refusal, the transition events, and the namespace opt-in that explains a 403.
import { AwsError } from '../../../src/aws/errors.js';
import type { Blocked } from '../../../src/controllers/common/outcome.js';
import { BlockedError } from '../../../src/controllers/common/outcome.js';
import {
  dispatch,
  handleFailure,
  warnAboutAnnotations,
  writeStatusOrReport,
  type Ways,
} from '../../../src/controllers/common/lifecycle.js';
import { emitTransitions } from '../../../src/controllers/gmsaCredentialSpec/events.js';
import { optInConfigMaps, optInSecretReader } from '../../../src/controllers/gmsaCredentialSpec/namespaceOptIn.js';
import { KubeApiError } from '../../../src/kube/errors.js';
import { done, requeueAfter, TerminalError } from '../../../src/runtime/result.js';
import { FakeConfigMaps } from '../../fakes/configMaps.js';
import { FakeEvents } from '../../fakes/events.js';
import { FakeLogger } from '../../fakes/logger.js';
import { FakeObjectClient } from '../../fakes/objectClient.js';
import { FakeSecrets } from '../../fakes/secretReader.js';
import { credSpecResource } from '../../fixtures/resources.js';

describe('dispatch: the one way a reconcile goes', () => {
  const ways = (): Ways & { taken: string[] } => {
    const taken: string[] = [];
    return {
      taken,
      suspended: () => (taken.push('suspended'), Promise.resolve(done)),
      cleanup: () => (taken.push('cleanup'), Promise.resolve(done)),
      apply: (addFinalizer) => (taken.push(`apply(addFinalizer=${addFinalizer})`), Promise.resolve(requeueAfter(1))),
    };
  };
  const ours = ['ecsgmsa.io/cleanup'];
  const suspend = { 'ecsgmsa.io/suspend': 'true' };

  it.each<
    [string, { deletionTimestamp?: string; finalizers?: string[]; annotations?: Record<string, string> }, string[]]
  >([
    ['a new object is applied, adding the finalizer first', {}, ['apply(addFinalizer=true)']],
    ['an object with our finalizer is applied', { finalizers: ours }, ['apply(addFinalizer=false)']],
    ['an object with only others’ finalizers gets ours', { finalizers: ['other'] }, ['apply(addFinalizer=true)']],
    [
      'an object being deleted with our finalizer is cleaned up',
      { deletionTimestamp: 't', finalizers: ['other', ...ours] },
      ['cleanup'],
    ],
    [
      'an object being deleted without our finalizer is left alone',
      { deletionTimestamp: 't', finalizers: ['other'] },
      [],
    ],
    ['a suspended object is only reported on', { finalizers: ours, annotations: suspend }, ['suspended']],
    [
      'a suspended object being deleted is not cleaned up (no AWS write at all)',
      { deletionTimestamp: 't', finalizers: ours, annotations: suspend },
      ['suspended'],
    ],
    [
      'suspend "false" is not suspended',
      { finalizers: ours, annotations: { 'ecsgmsa.io/suspend': 'false' } },
      ['apply(addFinalizer=false)'],
    ],
  ])('%s', async (_case, metadata, taken) => {
    const w = ways();
    await dispatch({ metadata }, w);
    expect(w.taken).toStrictEqual(taken);
  });

  it('answers what the way taken answers, and done when none is', async () => {
    await expect(dispatch({ metadata: {} }, ways())).resolves.toStrictEqual(requeueAfter(1));
    await expect(dispatch({ metadata: { deletionTimestamp: 't' } }, ways())).resolves.toBe(done);
  });
});

describe('handleFailure: status, a Warning event, then the queue', () => {
  const subject = credSpecResource();
  const RECHECK = 300_000;

  async function handle(
    err: unknown,
  ): Promise<{ result: unknown; reported: Blocked[]; events: FakeEvents; log: FakeLogger }> {
    const reported: Blocked[] = [];
    const events = new FakeEvents();
    const log = new FakeLogger();
    const result: unknown = await handleFailure(err, {
      subject,
      events,
      recheckMs: RECHECK,
      log,
      report: (blocked) => Promise.resolve(reported.push(blocked)),
    }).catch((e: unknown) => ({ thrown: e }));
    return { result, reported, events, log };
  }

  it('reports a wait without an event and ends the reconcile (a watch re-queues it)', async () => {
    const waiting: Blocked = {
      kind: 'waiting',
      reason: 'SecretNotFound',
      message: 'Secret team-a/u not found; waiting for it',
    };
    const { result, reported, events } = await handle(new BlockedError(waiting));
    expect(result).toBe(done);
    expect(reported).toStrictEqual([waiting]);
    expect(events.recorded).toStrictEqual([]);
  });

  it('reports a throttled AWS call, warns AwsError, and rethrows the original for a backoff retry', async () => {
    const err = new AwsError({
      class: 'throttled',
      service: 'ssm',
      operation: 'GetParameter',
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    const { result, reported, events } = await handle(err);
    expect(result).toStrictEqual({ thrown: err });
    expect(reported).toMatchObject([{ kind: 'retrying', reason: 'AwsRetrying' }]);
    expect(events.recorded).toStrictEqual([
      {
        object: 'team-a/webapp01',
        type: 'Warning',
        reason: 'AwsError',
        message: 'ssm.GetParameter: ThrottlingException: Rate exceeded',
      },
    ]);
  });

  it('stalls on AccessDenied, warns with that reason, and asks for a recheck on the slow period', async () => {
    const err = new AwsError({
      class: 'access-denied',
      service: 'ssm',
      operation: 'PutParameter',
      code: 'AccessDeniedException',
      message: 'no',
    });
    const { result, events } = await handle(err);
    expect((result as { thrown: unknown }).thrown).toBeInstanceOf(TerminalError);
    expect(result).toMatchObject({ thrown: { recheckAfterMs: RECHECK } });
    expect(events.summary()).toStrictEqual(['Warning AccessDenied']);
  });

  it('stalls on invalid input without a recheck, warning ValidationFailed with every finding', async () => {
    const invalid: Blocked = {
      kind: 'invalid',
      issues: [{ field: 'spec.account', message: 'too long', severity: 'error' }],
    };
    const { result, events } = await handle(new BlockedError(invalid));
    expect(result).toMatchObject({ thrown: { name: 'TerminalError', recheckAfterMs: undefined } });
    expect(events.recorded).toMatchObject([{ reason: 'ValidationFailed', message: 'spec.account: too long' }]);
  });

  it('stalls on a Kubernetes 403 (RBAC), rechecked; retries a 409 warning KubernetesError', async () => {
    const forbidden = await handle(new KubeApiError(403, 'Forbidden', 'no'));
    expect(forbidden.result).toMatchObject({ thrown: { recheckAfterMs: RECHECK } });
    expect(forbidden.events.summary()).toStrictEqual(['Warning KubernetesAccessDenied']);
    const conflict = await handle(new KubeApiError(409, 'Conflict', 'modified'));
    expect((conflict.result as { thrown: unknown }).thrown).toBeInstanceOf(KubeApiError);
    expect(conflict.events.summary()).toStrictEqual(['Warning KubernetesError']);
  });

  it('rethrows a bug as it is, reporting nothing and warning nothing', async () => {
    const bug = new TypeError("cannot read 'x' of undefined");
    const { result, reported, events } = await handle(bug);
    expect(result).toStrictEqual({ thrown: bug });
    expect(reported).toStrictEqual([]);
    expect(events.recorded).toStrictEqual([]);
  });

  it('logs the kind of outcome only, never its message', async () => {
    const { log } = await handle(
      new BlockedError({ kind: 'stalled', reason: 'SecretInvalid', message: 'password P@ss is too long' }),
    );
    expect(log.lines).toStrictEqual([{ level: 'debug', message: 'blocked', fields: { kind: 'stalled' } }]);
    expect(log.text()).not.toContain('P@ss');
  });
});

describe('writeStatusOrReport', () => {
  const cr = credSpecResource({}, {}, { observedGeneration: 1 });

  it('writes a status that changed, and says so', async () => {
    const client = new FakeObjectClient<typeof cr>();
    await expect(writeStatusOrReport(client, new FakeEvents(), cr, { observedGeneration: 2 })).resolves.toBe(true);
    expect(client.lastStatus('team-a/webapp01')).toStrictEqual({ observedGeneration: 2 });
  });

  it('writes nothing when the status is the same (a steady state makes no Kubernetes write)', async () => {
    const client = new FakeObjectClient<typeof cr>();
    await expect(writeStatusOrReport(client, new FakeEvents(), cr, { observedGeneration: 1 })).resolves.toBe(false);
    expect(client.log.calls).toStrictEqual([]);
  });

  it('reports a refusal by the apiserver as a StatusWriteFailed event naming its reason, then rethrows it', async () => {
    const client = new FakeObjectClient<typeof cr>();
    const events = new FakeEvents();
    client.log.fail('writeStatus', 422);
    await expect(writeStatusOrReport(client, events, cr, { observedGeneration: 2 })).rejects.toMatchObject({
      status: 422,
    });
    expect(events.recorded).toMatchObject([
      {
        type: 'Warning',
        reason: 'StatusWriteFailed',
        message: expect.stringMatching(
          /^the apiserver refused the status update \(422 Invalid\): .*; retrying$/,
        ) as unknown,
      },
    ]);
  });

  it('rethrows any other failure without an event', async () => {
    const client = new FakeObjectClient<typeof cr>();
    const events = new FakeEvents();
    client.log.fail('writeStatus', new Error('socket hang up'));
    await expect(writeStatusOrReport(client, events, cr, { observedGeneration: 2 })).rejects.toThrow('socket hang up');
    expect(events.recorded).toStrictEqual([]);
  });
});

describe('warnAboutAnnotations', () => {
  it.each([
    ['warns about a reconcile-requested-at too long to echo', 'x'.repeat(257), ['Warning InvalidAnnotation']],
    ['is silent about one that fits', 'x'.repeat(256), []],
  ])('%s', async (_case, value, summary) => {
    const events = new FakeEvents();
    await warnAboutAnnotations(
      events,
      credSpecResource({}, { annotations: { 'ecsgmsa.io/reconcile-requested-at': value } }),
    );
    expect(events.summary()).toStrictEqual(summary);
  });
});

describe('emitTransitions: one Normal event per object written, none for what did not change', () => {
  it.each<[string, Parameters<typeof emitTransitions>[2], string[]]>([
    ['nothing changed', { credSpec: { action: 'unchanged', where: 'SSM parameter /p' } }, []],
    [
      'the CredSpec was created',
      { credSpec: { action: 'created', where: 'SSM parameter /p' } },
      ['CredentialSpecStored: SSM parameter /p created'],
    ],
    [
      'credentials restored and the CredSpec updated: credentials first',
      {
        credSpec: { action: 'updated', where: 'SSM parameter /p' },
        credentials: { action: 'restored', where: 'Secrets Manager secret s' },
      },
      [
        'CredentialsStored: Secrets Manager secret s restored from scheduled deletion',
        'CredentialSpecStored: SSM parameter /p updated',
      ],
    ],
    [
      'an object adopted',
      { credSpec: { action: 'adopted', where: 'S3 object s3://b/k' } },
      ['Adopted: S3 object s3://b/k adopted'],
    ],
  ])('%s', async (_case, done_, expected) => {
    const events = new FakeEvents();
    await emitTransitions(events, credSpecResource(), done_);
    expect(events.recorded.map((e) => `${e.reason}: ${e.message}`)).toStrictEqual(expected);
    expect(events.recorded.every((e) => e.type === 'Normal')).toBe(true);
  });
});

describe('the namespace opt-in: a 403 in a tenant namespace says how to opt in', () => {
  const operator = { namespace: 'gmsa-system', serviceAccount: 'ecs-gmsa-operator' };
  const command =
    'kubectl create rolebinding ecs-gmsa-operator-tenant --namespace team-a --clusterrole ecs-gmsa-operator-tenant --serviceaccount gmsa-system:ecs-gmsa-operator';

  it('turns a 403 reading a Secret into Stalled NamespaceNotOptedIn with the command', async () => {
    const secrets = new FakeSecrets();
    secrets.log.fail('getSecret', 403);
    const err: unknown = await optInSecretReader(secrets.read, operator)('team-a', 'u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).blocked).toMatchObject({ kind: 'stalled', reason: 'NamespaceNotOptedIn' });
    expect((err as BlockedError).message).toContain(command);
  });

  it.each([
    ['get', (s: ReturnType<typeof optInConfigMaps>) => s.get('team-a', 'cm'), 'getConfigMap'],
    [
      'put',
      (s: ReturnType<typeof optInConfigMaps>) =>
        s.put({
          namespace: 'team-a',
          name: 'cm',
          data: {},
          labels: {},
          owner: { apiVersion: 'v', kind: 'k', name: 'n', uid: 'u' },
        }),
      'putConfigMap',
    ],
    ['delete', (s: ReturnType<typeof optInConfigMaps>) => s.delete('team-a', 'cm'), 'deleteConfigMap'],
  ] as const)('turns a 403 on ConfigMap %s into NamespaceNotOptedIn', async (_case, call, operation) => {
    const configMaps = new FakeConfigMaps();
    configMaps.log.fail(operation, 403);
    const err: unknown = await call(optInConfigMaps(configMaps, operator)).catch((e: unknown) => e);
    expect((err as BlockedError).blocked).toMatchObject({ reason: 'NamespaceNotOptedIn' });
    expect((err as BlockedError).message).toContain(command);
  });

  it('passes other failures and answers through unchanged', async () => {
    const secrets = new FakeSecrets();
    secrets.set('team-a', 'u', { username: 'x' });
    const reader = optInSecretReader(secrets.read, operator);
    await expect(reader('team-a', 'u')).resolves.toStrictEqual({ data: { username: 'x' }, resourceVersion: '1' });
    secrets.log.fail('getSecret', 500);
    await expect(reader('team-a', 'u')).rejects.toBeInstanceOf(KubeApiError);
  });
});

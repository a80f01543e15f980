// The GmsaCredentialSpec reconciler on fakes, for the rules that live in the order of its steps:
// record in status before any create, read the Secret before any write, a steady state writes nothing,
// deletion removes what is ours, and a refused status write leaves nothing nobody remembers.
import { ReconcileScopes } from '../../../src/runtime/reconcileScope.js';
import type { GmsaCredentialSpec, GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { GmsaCredentialSpecReconciler } from '../../../src/controllers/gmsaCredentialSpec/reconciler.js';
import type { CredSpecDeps } from '../../../src/controllers/gmsaCredentialSpec/deps.js';
import { DirectoryMemo } from '../../../src/controllers/gmsaCredentialSpec/directoryMemo.js';
import type { DirectoryCheck } from '../../../src/directory/verifier.js';
import { DEFAULT_TENANCY } from '../../../src/domain/tenancy/policy.js';
import type { ObjectMeta } from '../../../src/api/types.js';
import { TerminalError } from '../../../src/runtime/result.js';
import { FakeAws } from '../../fakes/aws.js';
import { FakeConfigMaps } from '../../fakes/configMaps.js';
import { FakeEvents } from '../../fakes/events.js';
import { FakeLogger } from '../../fakes/logger.js';
import { FakeObjectClient } from '../../fakes/objectClient.js';
import { FakeSecrets } from '../../fakes/secretReader.js';
import { domainless } from '../../fixtures/builders.js';
import { FakeClock } from '../../fixtures/fakeClock.js';
import { CLUSTER, credSpecResource, NAMESPACE, PARAMETER } from '../../fixtures/resources.js';

const KEY = `${NAMESPACE}/webapp01`;
const SECRET = 'gmsa/team-a/webapp01/ad-user';
const PASSWORD = 'Sup3r-S3cret-Passw0rd';
const AWS_WRITES = [
  'PutParameter',
  'AddTagsToResource',
  'CreateSecret',
  'PutSecretValue',
  'TagResource',
  'RestoreSecret',
  'PutObject',
  'PutObjectTagging',
  'DeleteParameter',
  'DeleteSecret',
  'DeleteObject',
];
const KUBE_WRITES = ['writeStatus', 'addFinalizer', 'removeFinalizer', 'putConfigMap', 'deleteConfigMap'];

/** The reconciler over fakes sharing one call log, and the object in its fake apiserver. */
function world(spec: Partial<GmsaCredentialSpecSpec> = {}, metadata: Partial<ObjectMeta> = {}) {
  const aws = new FakeAws();
  const log = aws.log;
  const client = new FakeObjectClient<GmsaCredentialSpec>(log);
  const secrets = new FakeSecrets(log);
  const events = new FakeEvents();
  const referrers: string[] = [];
  secrets.set(NAMESPACE, 'webapp01-ad-user', {
    username: 'svc-webapp01',
    password: PASSWORD,
    domainName: 'contoso.com',
  });
  client.put(credSpecResource(spec, metadata));
  const clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
  const configMaps = new FakeConfigMaps(log);
  // Active Directory is not asked without spec.directory (live verification: test/integration/controllers/directory.spec.ts).
  const directoryChecks: DirectoryCheck[] = [];
  const deps: CredSpecDeps = {
    get: (key) => client.object(key),
    client,
    aws,
    accountId: () => Promise.resolve(aws.accountId),
    readSecret: secrets.read,
    configMaps,
    events,
    clock,
    clusterName: CLUSTER,
    defaultRegion: 'us-east-1',
    tenancy: DEFAULT_TENANCY,
    referrers: () => referrers,
    accessDeniedRecheckMs: 300_000,
    directory: {
      verifier: {
        verify: (check) => {
          directoryChecks.push(check);
          return Promise.reject(new Error('no directory in these tests'));
        },
      },
      memo: new DirectoryMemo(),
      readSecret: secrets.read,
      readConfigMap: (namespace, name) => configMaps.get(namespace, name),
      clock,
      ttlMs: 270_000,
    },
    directoryRecheckMs: 300_000,
    waits: new ReconcileScopes(),
  };
  const reconciler = new GmsaCredentialSpecReconciler(deps);
  const logger = new FakeLogger();
  return {
    aws,
    log,
    client,
    events,
    referrers,
    logger,
    directoryChecks,
    reconcile: () => reconciler.reconcile(KEY, logger),
    object: () => client.object(KEY),
    /** A user deletes the object: the apiserver sets deletionTimestamp while our finalizer holds it. */
    deleteObject: () => {
      const obj = client.object(KEY);
      if (obj) client.put({ ...obj, metadata: { ...obj.metadata, deletionTimestamp: '2026-11-30T11:00:00Z' } });
    },
    ready: () => client.object(KEY)?.status?.conditions?.find((c) => c.type === 'Ready'),
    writes: () => log.operations().filter((op) => AWS_WRITES.includes(op) || KUBE_WRITES.includes(op)),
  };
}

const DOMAINLESS = { domainless: domainless({ name: SECRET }) };

describe('GmsaCredentialSpec reconciler', () => {
  it('records the parameter in status before creating it, then reports Ready', async () => {
    const w = world();
    await w.reconcile();
    expect(w.writes()).toStrictEqual(['addFinalizer', 'writeStatus', 'PutParameter', 'writeStatus']);
    expect(w.client.statuses[0]?.status).toMatchObject({
      credentialSpecLocation: { kind: 'ssm', parameterName: PARAMETER },
    });
    expect(w.ready()).toMatchObject({ status: 'True', reason: 'Ready' });
    expect(w.object()?.metadata.finalizers).toStrictEqual(['ecsgmsa.io/cleanup']);
    expect(w.events.summary()).toStrictEqual(['Normal CredentialSpecStored']);
  });

  it('reads the credentials Secret before any write, records the secret, creates it before the CredSpec naming its ARN', async () => {
    const w = world(DOMAINLESS);
    await w.reconcile();
    const ops = w.log.operations();
    expect(ops.indexOf('getSecret')).toBeLessThan(ops.indexOf('addFinalizer'));
    expect(w.writes()).toStrictEqual(['addFinalizer', 'writeStatus', 'CreateSecret', 'PutParameter', 'writeStatus']);
    expect(w.client.statuses[0]?.status).toMatchObject({ credentials: { store: 'SecretsManager', name: SECRET } });
    const arn = w.aws.forRegion('us-east-1').secrets.peek(SECRET)?.arn ?? 'no secret';
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)?.value).toContain(arn);
    expect(w.object()?.status).toMatchObject({ credentialsArn: arn, credentials: { arn } });
  });

  it('makes no AWS and no Kubernetes write on a steady-state pass, and no event', async () => {
    const w = world(DOMAINLESS);
    await w.reconcile();
    w.log.clear();
    const before = w.events.recorded.length;
    await w.reconcile();
    expect(w.writes()).toStrictEqual([]);
    expect(w.events.recorded).toHaveLength(before);
    expect(w.directoryChecks).toStrictEqual([]); // no spec.directory: Active Directory is never asked
  });

  it('waits for a missing Secret: Ready False SecretNotFound, no AWS call, no finalizer, no event', async () => {
    const w = world({ domainless: domainless({ name: SECRET, credentialsSecretRef: { name: 'absent' } }) });
    await w.reconcile();
    expect(w.ready()).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
    expect(w.log.calls.filter((c) => c.service !== 'kube')).toStrictEqual([]);
    expect(w.object()?.metadata.finalizers).toBeUndefined();
    expect(w.events.recorded).toStrictEqual([]);
  });

  it('stalls on invalid input before anything is written, and warns', async () => {
    const w = world({ account: 'Way-Too-Long-Account-Name' });
    await expect(w.reconcile()).rejects.toBeInstanceOf(TerminalError);
    expect(w.ready()).toMatchObject({ status: 'False', reason: 'ValidationFailed' });
    expect(w.writes()).toStrictEqual(['writeStatus']);
    expect(w.events.summary()).toStrictEqual(['Warning ValidationFailed']);
  });

  it('creates nothing in AWS when the status write recording it is refused', async () => {
    const w = world();
    w.log.fail('writeStatus', 422);
    await expect(w.reconcile()).rejects.toBeInstanceOf(TerminalError);
    expect(w.log.count('PutParameter')).toBe(0);
    expect(w.events.summary()).toStrictEqual(['Warning StatusWriteFailed', 'Warning KubernetesRejected']);
    expect(w.ready()).toMatchObject({ reason: 'KubernetesRejected' });
  });

  it('writes nothing to AWS while suspended, deletion included', async () => {
    const w = world({}, { annotations: { 'ecsgmsa.io/suspend': 'true' }, finalizers: ['ecsgmsa.io/cleanup'] });
    await w.reconcile();
    w.deleteObject();
    await w.reconcile();
    expect(w.log.calls.filter((c) => c.service !== 'kube')).toStrictEqual([]);
    expect(w.ready()).toMatchObject({ reason: 'Suspended' });
  });

  it('deletes what it made on deletion, credentials first, then lets the object go', async () => {
    const w = world(DOMAINLESS);
    await w.reconcile();
    w.deleteObject();
    w.log.clear();
    await w.reconcile();
    expect(w.writes()).toStrictEqual(['DeleteSecret', 'DeleteParameter', 'removeFinalizer']);
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toBeUndefined();
    expect(w.aws.forRegion('us-east-1').secrets.peek(SECRET)?.deletedDate).toBeInstanceOf(Date);
    expect(w.events.recorded.at(-1)).toMatchObject({ type: 'Normal', reason: 'Deleted' });
    expect(w.object()).toBeUndefined();
  });

  it('keeps everything under policy Retain', async () => {
    const w = world({ deletionPolicy: 'Retain' });
    await w.reconcile();
    w.deleteObject();
    w.log.clear();
    await w.reconcile();
    expect(w.writes()).toStrictEqual(['removeFinalizer']);
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toBeDefined();
    expect(w.events.recorded.at(-1)?.message).toBe('deletion policy Retain: AWS objects kept');
  });

  it('waits to delete while a task still references it, keeping the finalizer', async () => {
    const w = world();
    await w.reconcile();
    w.referrers.push('team-a/web');
    w.deleteObject();
    await w.reconcile();
    expect(w.ready()).toMatchObject({ status: 'False', reason: 'DeletionBlocked' });
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toBeDefined();
    expect(w.object()?.metadata.finalizers).toStrictEqual(['ecsgmsa.io/cleanup']);
  });

  it('keeps a renamed parameter it owns as a previous location, and deletes both on deletion', async () => {
    const w = world();
    await w.reconcile();
    const renamed = '/gmsa/team-a/webapp01/renamed';
    const obj = w.object();
    if (!obj) throw new Error('object missing');
    w.client.put({
      ...obj,
      metadata: { ...obj.metadata, generation: 2 },
      spec: { ...obj.spec, storage: { ssm: { parameterName: renamed } } },
    });
    await w.reconcile();
    expect(w.object()?.status?.previousLocations).toMatchObject([{ parameterName: PARAMETER }]);
    w.deleteObject();
    await w.reconcile();
    expect(w.aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toBeUndefined();
    expect(w.aws.forRegion('us-east-1').parameters.peek(renamed)).toBeUndefined();
  });

  it('never logs, records or reports the password', async () => {
    const w = world(DOMAINLESS);
    w.aws.fail('CreateSecret', 'throttled');
    await expect(w.reconcile()).rejects.toThrow();
    await w.reconcile();
    const said = JSON.stringify([w.logger.lines, w.events.recorded, w.client.statuses]);
    expect(said).not.toContain(PASSWORD);
  });
});

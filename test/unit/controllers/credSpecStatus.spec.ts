// nextStatus and storedState of a GmsaCredentialSpec: conditions per outcome, transition times that
// move only on a flip, stale fields dropped, the last good fields kept through a failure.
import type { GmsaCredentialSpec, GmsaCredentialSpecStatus } from '../../../src/api/types.js';
import {
  nextStatus,
  storedState,
  type CredSpecOutcome,
  type Stored,
} from '../../../src/controllers/gmsaCredentialSpec/status.js';
import { renderCredentialSpec } from '../../../src/domain/credspec/render.js';
import { domainless, scope } from '../../fixtures/builders.js';
import { credSpecResource, PARAMETER } from '../../fixtures/resources.js';

const T1 = '2026-11-30T10:00:00Z';
const T2 = '2026-11-30T11:00:00Z';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:gmsa/team-a/webapp01/ad-user-AbCdEf';

const ssmStored: Stored = {
  credentialSpecArn: `arn:aws:ssm:us-east-1:111122223333:parameter${PARAMETER}`,
  credentialSpecReference: `credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter${PARAMETER}`,
  contentSha256: 'abc',
  executionRolePolicy: '{"Version":"2012-10-17"}',
  where: `SSM parameter ${PARAMETER} (String)`,
};
const domainlessStored: Stored = {
  ...ssmStored,
  credentialSpecReference: `credentialspecdomainless:arn:aws:ssm:us-east-1:111122223333:parameter${PARAMETER}`,
  credentials: { store: 'SecretsManager', region: 'us-east-1', name: 'gmsa/team-a/webapp01/ad-user', arn: SECRET_ARN },
  instanceRolePolicy: '{"Version":"2012-10-17","Statement":[]}',
  credentialsWhere: 'Secrets Manager secret gmsa/team-a/webapp01/ad-user',
};
const fileStored: Stored = {
  ...ssmStored,
  credentialSpecArn: 'file://webapp01.json',
  credentialSpecReference: 'credentialspec:file://webapp01.json',
  configMapName: 'webapp01-credspec',
  where: 'ConfigMap webapp01-credspec: place it ...',
};

const stored = (s: Stored): CredSpecOutcome => ({ kind: 'stored', stored: s });
const blocked: CredSpecOutcome = {
  kind: 'blocked',
  blocked: { kind: 'retrying', reason: 'AwsRetrying', message: 'ssm.PutParameter: ThrottlingException: slow down' },
};

const withStatus = (cr: GmsaCredentialSpec, status: GmsaCredentialSpecStatus, generation = cr.metadata.generation) => ({
  ...cr,
  metadata: { ...cr.metadata, generation },
  status,
});
const condition = (status: GmsaCredentialSpecStatus, type: string) => status.conditions?.find((c) => c.type === type);
const summary = (status: GmsaCredentialSpecStatus): string[] =>
  (status.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('nextStatus: the conditions of each outcome', () => {
  it.each<[string, Partial<GmsaCredentialSpec['spec']>, CredSpecOutcome, string[]]>([
    [
      'stored in SSM: Ready and CredentialSpecStored',
      {},
      stored(ssmStored),
      ['Ready=True/Ready', 'CredentialSpecStored=True/CredentialSpecStored'],
    ],
    [
      'published for localFile: CredentialSpecPublished',
      { storage: { localFile: { path: 'webapp01.json' } } },
      stored(fileStored),
      ['Ready=True/Ready', 'CredentialSpecStored=True/CredentialSpecPublished'],
    ],
    [
      'stored with domainless credentials: CredentialsStored too',
      { domainless: domainless() },
      stored(domainlessStored),
      [
        'Ready=True/Ready',
        'CredentialSpecStored=True/CredentialSpecStored',
        'CredentialsStored=True/CredentialsStored',
      ],
    ],
    ['retrying: Ready False and Reconciling', {}, blocked, ['Ready=False/AwsRetrying', 'Reconciling=True/AwsRetrying']],
    [
      'invalid: Ready False and Stalled',
      {},
      { kind: 'blocked', blocked: { kind: 'invalid', issues: [] } },
      ['Ready=False/ValidationFailed', 'Stalled=True/ValidationFailed'],
    ],
    [
      'suspended: Ready False Suspended, neither Reconciling nor Stalled',
      {},
      { kind: 'suspended' },
      ['Ready=False/Suspended'],
    ],
    [
      'deletion blocked by tasks: Ready False and Reconciling DeletionBlocked',
      {},
      { kind: 'deletion-blocked', referrers: ['team-a/web'] },
      ['Ready=False/DeletionBlocked', 'Reconciling=True/DeletionBlocked'],
    ],
  ])('%s', (_case, spec, outcome, conditions) => {
    const status = nextStatus(credSpecResource(spec), outcome, T1);
    expect(summary(status)).toStrictEqual(conditions);
    expect(status.observedGeneration).toBe(1);
    for (const c of status.conditions ?? []) expect(c).toMatchObject({ lastTransitionTime: T1, observedGeneration: 1 });
  });

  it('names the referencing tasks and what deletion waits for', () => {
    const status = nextStatus(
      credSpecResource(),
      { kind: 'deletion-blocked', referrers: ['team-a/web', 'team-a/api'] },
      T1,
    );
    expect(condition(status, 'Ready')?.message).toBe(
      'still referenced by EcsGmsaTask team-a/web, team-a/api; deletion waits until no task references it',
    );
  });

  it('says in Ready which reference is available, and in CredentialSpecStored where', () => {
    const status = nextStatus(credSpecResource(), stored(ssmStored), T1);
    expect(condition(status, 'Ready')?.message).toBe(`CredSpec available as ${ssmStored.credentialSpecReference}`);
    expect(condition(status, 'CredentialSpecStored')?.message).toBe(ssmStored.where);
  });
});

describe('nextStatus: transition times and generations', () => {
  it('keeps lastTransitionTime when a later pass does not flip a condition, refreshing its generation', () => {
    const cr = credSpecResource();
    const first = nextStatus(cr, stored(ssmStored), T1);
    const second = nextStatus(withStatus(cr, first, 2), stored(ssmStored), T2);
    expect(condition(second, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: T1, observedGeneration: 2 });
    expect(second.observedGeneration).toBe(2);
  });

  it('moves lastTransitionTime when Ready flips, and keeps CredentialSpecStored as it was', () => {
    const cr = credSpecResource();
    const first = nextStatus(cr, stored(ssmStored), T1);
    const second = nextStatus(withStatus(cr, first), blocked, T2);
    expect(condition(second, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: T2 });
    expect(condition(second, 'CredentialSpecStored')).toMatchObject({ status: 'True', lastTransitionTime: T1 });
    const third = nextStatus(withStatus(cr, second), stored(ssmStored), T2);
    expect(summary(third)).toStrictEqual(['Ready=True/Ready', 'CredentialSpecStored=True/CredentialSpecStored']);
  });
});

describe('nextStatus: leaving an outcome', () => {
  it('clears Stalled when a stalled resource is suspended, and Reconciling when it is stored', () => {
    const cr = credSpecResource();
    const stalled = nextStatus(
      cr,
      { kind: 'blocked', blocked: { kind: 'stalled', reason: 'AlreadyExists', message: 'm' } },
      T1,
    );
    expect(summary(stalled)).toStrictEqual(['Ready=False/AlreadyExists', 'Stalled=True/AlreadyExists']);
    expect(summary(nextStatus(withStatus(cr, stalled), { kind: 'suspended' }, T2))).toStrictEqual([
      'Ready=False/Suspended',
    ]);
    const retried = nextStatus(cr, blocked, T1);
    expect(summary(nextStatus(withStatus(cr, retried), stored(ssmStored), T2))).toStrictEqual([
      'Ready=True/Ready',
      'CredentialSpecStored=True/CredentialSpecStored',
    ]);
  });
});

describe('nextStatus: fields a success sets, and those it drops', () => {
  it('sets what the store established', () => {
    const status = nextStatus(credSpecResource({ domainless: domainless() }), stored(domainlessStored), T1);
    expect(status).toMatchObject({
      credentialSpecArn: domainlessStored.credentialSpecArn,
      credentialSpecReference: domainlessStored.credentialSpecReference,
      contentSha256: 'abc',
      executionRolePolicy: domainlessStored.executionRolePolicy,
      instanceRolePolicy: domainlessStored.instanceRolePolicy,
      credentials: domainlessStored.credentials,
      credentialsArn: SECRET_ARN,
    });
  });

  it('drops credentialsArn, instanceRolePolicy and the CredentialsStored condition once domainless is removed', () => {
    const before = nextStatus(credSpecResource({ domainless: domainless() }), stored(domainlessStored), T1);
    const after = nextStatus(withStatus(credSpecResource(), before), stored(ssmStored), T2);
    expect(after).not.toHaveProperty('credentialsArn');
    expect(after).not.toHaveProperty('instanceRolePolicy');
    expect(condition(after, 'CredentialsStored')).toBeUndefined();
  });

  it('drops the CredentialsStored condition of a domain-joined CredSpec on a failure too', () => {
    const before = nextStatus(credSpecResource({ domainless: domainless() }), stored(domainlessStored), T1);
    const after = nextStatus(withStatus(credSpecResource(), before), blocked, T2);
    expect(condition(after, 'CredentialsStored')).toBeUndefined();
  });

  it('drops configMapName once the CredSpec moves from localFile to SSM', () => {
    const spec = { storage: { localFile: { path: 'webapp01.json' } } };
    const before = nextStatus(credSpecResource(spec), stored(fileStored), T1);
    expect(before.configMapName).toBe('webapp01-credspec');
    const after = nextStatus(withStatus(credSpecResource(), before), stored(ssmStored), T2);
    expect(after).not.toHaveProperty('configMapName');
  });

  it('keeps the last good fields through a failure: running tasks still use them', () => {
    const cr = credSpecResource({ domainless: domainless() });
    const before = nextStatus(cr, stored(domainlessStored), T1);
    const after = nextStatus(withStatus(cr, before), blocked, T2);
    for (const field of [
      'credentialSpecArn',
      'credentialSpecReference',
      'contentSha256',
      'credentialsArn',
      'instanceRolePolicy',
    ] as const)
      expect(after[field]).toBe(before[field]);
    expect(condition(after, 'CredentialsStored')?.status).toBe('True');
  });

  it('keeps the object records written before acting', () => {
    const records: GmsaCredentialSpecStatus = {
      credentialSpecLocation: {
        kind: 'ssm',
        arn: ssmStored.credentialSpecArn,
        region: 'us-east-1',
        parameterName: PARAMETER,
      },
      previousLocations: [{ kind: 's3', arn: 'arn:aws:s3:::b/k', region: 'us-east-1', bucket: 'b', key: 'k' }],
    };
    const status = nextStatus(withStatus(credSpecResource(), records), blocked, T1);
    expect(status).toMatchObject(records);
  });
});

describe('nextStatus: the reconcile-requested-at echo', () => {
  const annotated = (value: string) =>
    credSpecResource({}, { annotations: { 'ecsgmsa.io/reconcile-requested-at': value } });

  it.each<[string, CredSpecOutcome]>([
    ['a success', stored(ssmStored)],
    ['a failure', blocked],
    ['a suspended resource', { kind: 'suspended' }],
  ])('echoes the annotation after %s', (_case, outcome) => {
    expect(nextStatus(annotated('2026-11-30T09:59:00Z'), outcome, T1).lastHandledReconcileAt).toBe(
      '2026-11-30T09:59:00Z',
    );
  });

  it('does not echo an annotation too long for the status field, keeping the last echo', () => {
    const cr = { ...annotated('x'.repeat(257)), status: { lastHandledReconcileAt: 'earlier' } };
    expect(nextStatus(cr, stored(ssmStored), T1).lastHandledReconcileAt).toBe('earlier');
  });

  it('sets no echo without the annotation', () => {
    expect(nextStatus(credSpecResource(), stored(ssmStored), T1)).not.toHaveProperty('lastHandledReconcileAt');
  });
});

describe('storedState', () => {
  it('takes ARN, reference, hash and policies from the rendering, and the credentials ARN from AWS', () => {
    const cr = credSpecResource(
      { domainless: domainless({ name: 'gmsa/team-a/webapp01/ad-user' }) },
      {},
      { credentials: { store: 'SecretsManager', region: 'us-east-1', name: 'gmsa/team-a/webapp01/ad-user' } },
    );
    const rendered = renderCredentialSpec(cr.spec, scope, SECRET_ARN);
    const state = storedState(
      cr,
      rendered,
      { where: 'SSM parameter x' },
      { arn: SECRET_ARN, where: 'Secrets Manager secret y' },
    );
    expect(state).toStrictEqual({
      credentialSpecArn: rendered.location.arn,
      credentialSpecReference: rendered.reference,
      contentSha256: rendered.contentSha256,
      executionRolePolicy: JSON.stringify(rendered.executionRolePolicy),
      instanceRolePolicy: JSON.stringify(rendered.instanceRolePolicy),
      where: 'SSM parameter x',
      credentials: {
        store: 'SecretsManager',
        region: 'us-east-1',
        name: 'gmsa/team-a/webapp01/ad-user',
        arn: SECRET_ARN,
      },
      credentialsWhere: 'Secrets Manager secret y',
    });
  });

  it('carries the ConfigMap name of a localFile CredSpec and no credentials without domainless', () => {
    const cr = credSpecResource({ storage: { localFile: { path: 'webapp01.json' } } });
    const rendered = renderCredentialSpec(cr.spec, scope);
    const state = storedState(cr, rendered, { where: 'ConfigMap', configMapName: 'webapp01-credspec' }, undefined);
    expect(state.configMapName).toBe('webapp01-credspec');
    expect(state).not.toHaveProperty('credentials');
    expect(state).not.toHaveProperty('instanceRolePolicy');
  });
});

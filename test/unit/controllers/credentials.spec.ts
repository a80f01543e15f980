// ensureCredentials on the fakes: the domainless AD user's credentials in Secrets Manager or an SSM
// SecureString. The rule above all: a value is read only after the tags say the object is ours.
import { refusal } from '../../support/refusal.js';
import type { CredentialsRecord } from '../../../src/api/types.js';
import { blockedFor, BlockedError } from '../../../src/controllers/common/outcome.js';
import { ensureCredentials, type CredentialsTarget } from '../../../src/controllers/gmsaCredentialSpec/credentials.js';
import { ownershipOf, ownershipTags, type AdoptionRequest } from '../../../src/domain/ownership.js';
import { FakeAws } from '../../fakes/aws.js';
import type { Failure } from '../../fakes/callLog.js';
import { scope } from '../../fixtures/builders.js';
import { owner } from '../../fixtures/resources.js';

const VALUE = JSON.stringify({ username: 'svc-webapp01', password: 'N3w-Passw0rd!', domainName: 'contoso.com' });
const OLD = JSON.stringify({ username: 'svc-webapp01', password: '0ld-Passw0rd!', domainName: 'contoso.com' });
const SECRET = 'gmsa/team-a/webapp01/ad-user';
const PARAM = '/gmsa/team-a/webapp01/ad-user';
const OURS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01'));
const ANOTHERS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01', 'team-b'));

type Whose = 'ours' | 'another' | 'untagged';
const tagsOf = (whose: Whose): Record<string, string> =>
  whose === 'ours' ? OURS : whose === 'another' ? ANOTHERS : { team: 'platform' };

/** One credentials store seen through the fakes. */
interface Store {
  name: string;
  record: CredentialsRecord;
  tagRead: string;
  valueRead: string;
  /** Every read of a steady-state pass: the tags, the key in use (no decryption), the value. */
  steadyReads: string[];
  tagWrite: string;
  writes: string[];
  /** The write that moves the object to another KMS key. */
  keyWrite: string;
  seed(aws: FakeAws, whose: Whose, value: string, kmsKeyId?: string): void;
  /** The KMS key the store reports; `undefined` for its AWS managed key. */
  key(aws: FakeAws): string | undefined;
  /** The stored value and whether it is ours now; `undefined` when absent. */
  stored(aws: FakeAws): { value: string; ours: boolean } | undefined;
  vanish(aws: FakeAws): void;
}

const ours = (tags: Record<string, string>): boolean =>
  ownershipOf(tags, owner('GmsaCredentialSpec', 'webapp01')) === 'ours';
const ports = (aws: FakeAws) => aws.forRegion('us-east-1');

const secretsManager: Store = {
  name: 'Secrets Manager secret',
  record: { store: 'SecretsManager', region: 'us-east-1', name: SECRET },
  tagRead: 'DescribeSecret',
  valueRead: 'GetSecretValue',
  steadyReads: ['DescribeSecret', 'GetSecretValue'],
  tagWrite: 'TagResource',
  writes: ['CreateSecret', 'PutSecretValue', 'TagResource', 'RestoreSecret', 'UpdateSecret'],
  keyWrite: 'UpdateSecret',
  seed: (aws, whose, value, kmsKeyId) => void ports(aws).secrets.seed(SECRET, { value, tags: tagsOf(whose), kmsKeyId }),
  key: (aws) => ports(aws).secrets.peek(SECRET)?.kmsKeyId,
  stored: (aws) => {
    const s = ports(aws).secrets.peek(SECRET);
    return s && { value: s.versions.at(-1)?.value ?? '', ours: ours(s.tags) };
  },
  vanish: (aws) => ports(aws).secrets.remove(SECRET),
};

const secureString: Store = {
  name: 'SSM SecureString parameter',
  record: { store: 'SsmParameter', region: 'us-east-1', name: PARAM },
  tagRead: 'ListTagsForResource',
  valueRead: 'GetParameter',
  steadyReads: ['ListTagsForResource', 'GetParameter', 'DescribeParameters'],
  tagWrite: 'AddTagsToResource',
  writes: ['PutParameter', 'AddTagsToResource'],
  keyWrite: 'PutParameter',
  seed: (aws, whose, value, keyId) =>
    ports(aws).parameters.seed(PARAM, { value, type: 'SecureString', tags: tagsOf(whose), keyId }),
  key: (aws) => {
    const keyId = ports(aws).parameters.peek(PARAM)?.keyId;
    return keyId === 'alias/aws/ssm' ? undefined : keyId;
  },
  stored: (aws) => {
    const p = ports(aws).parameters.peek(PARAM);
    return p && { value: p.value, ours: ours(p.tags) };
  },
  vanish: (aws) => ports(aws).parameters.remove(PARAM),
};

function target(
  store: Store,
  aws: FakeAws,
  adoption: AdoptionRequest = { annotated: false, permitted: false },
): CredentialsTarget {
  return {
    record: store.record,
    value: VALUE,
    ports: ports(aws),
    scope,
    owner: owner('GmsaCredentialSpec', 'webapp01'),
    tags: OURS,
    adoption,
  };
}

describe.each([secretsManager, secureString])('ensureCredentials in a $name', (store) => {
  const writes = (aws: FakeAws): string[] => aws.log.operations().filter((op) => store.writes.includes(op));

  it('creates absent credentials, as ours', async () => {
    const aws = new FakeAws();
    const done = await ensureCredentials(target(store, aws));
    expect(done.action).toBe('created');
    expect(store.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
    expect(aws.log.count(store.valueRead)).toBe(0);
  });

  it('leaves our credentials with the same value unchanged, reading the value only after the tags', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE);
    await expect(ensureCredentials(target(store, aws))).resolves.toMatchObject({ action: 'unchanged' });
    expect(aws.log.operations()).toStrictEqual(store.steadyReads);
  });

  it('updates our credentials with another value, reading the value only after the tags', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', OLD);
    await expect(ensureCredentials(target(store, aws))).resolves.toMatchObject({ action: 'updated' });
    const ops = aws.log.operations();
    expect(ops.indexOf(store.tagRead)).toBeLessThan(ops.indexOf(store.valueRead));
    expect(store.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });

  it("refuses another resource's credentials (Stalled AlreadyExists) without ever reading their value", async () => {
    const aws = new FakeAws();
    store.seed(aws, 'another', OLD);
    const err = await refusal(ensureCredentials(target(store, aws, { annotated: true, permitted: true })));
    expect(err.blocked).toMatchObject({ kind: 'stalled', reason: 'AlreadyExists' });
    expect(err.message).not.toMatch(/team-b/);
    expect(aws.log.operations()).toStrictEqual([store.tagRead]);
    expect(store.stored(aws)).toStrictEqual({ value: OLD, ours: false });
  });

  it.each([
    ['without the adopt annotation', { annotated: false, permitted: true }, /annotate the resource/],
    ['annotated where the policy forbids adoption', { annotated: true, permitted: false }, /does not allow adoption/],
  ])('refuses credentials it did not make %s, without reading their value', async (_case, adoption, message) => {
    const aws = new FakeAws();
    store.seed(aws, 'untagged', OLD);
    const err = await refusal(ensureCredentials(target(store, aws, adoption)));
    expect(err.message).toMatch(message);
    expect(aws.log.operations()).toStrictEqual([store.tagRead]);
  });

  it('adopts credentials it did not make, annotated and permitted: tagged ours before the value is read', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'untagged', OLD);
    await expect(ensureCredentials(target(store, aws, { annotated: true, permitted: true }))).resolves.toMatchObject({
      action: 'adopted',
    });
    const ops = aws.log.operations();
    expect(ops.indexOf(store.tagWrite)).toBeLessThan(ops.indexOf(store.valueRead));
    expect(store.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });

  it('writes nothing when the tag read fails, and the failure is retried', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', OLD);
    aws.fail(store.tagRead, 'throttled');
    const err: unknown = await ensureCredentials(target(store, aws)).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject({ kind: 'retrying', reason: 'AwsRetrying' });
    expect(writes(aws)).toStrictEqual([]);
    expect(aws.log.count(store.valueRead)).toBe(0);
  });

  it.each<[string, Failure, object]>([
    [
      'denied by IAM (a KMS key policy) stalls as AccessDenied',
      'access-denied',
      { kind: 'stalled', reason: 'AccessDenied' },
    ],
    ['answered 5xx is retried', 'transient', { kind: 'retrying', reason: 'AwsRetrying' }],
  ])('a value read %s, writing nothing', async (_case, failure, blocked) => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', OLD);
    aws.fail(store.valueRead, failure);
    const err: unknown = await ensureCredentials(target(store, aws)).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject(blocked);
    expect(writes(aws)).toStrictEqual([]);
  });

  it('passes the KMS key of the spec on create', async () => {
    const aws = new FakeAws();
    await ensureCredentials({ ...target(store, aws), kmsKeyId: 'key-1' });
    const kms =
      store === secretsManager ? ports(aws).secrets.peek(SECRET)?.kmsKeyId : ports(aws).parameters.peek(PARAM)?.keyId;
    expect(kms).toBe('key-1');
  });
});

describe.each([secretsManager, secureString])('ensureCredentials in a $name: the KMS key of the spec', (store) => {
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
  const OTHER_KEY = '0987dcba-09fe-87dc-65ba-ab0987654321';

  it('moves our credentials to the key the spec now names, keeping their value', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE, OTHER_KEY);
    const done = await ensureCredentials({ ...target(store, aws), kmsKeyId: KEY_ID });
    expect(done.action).toBe('reencrypted');
    expect(store.key(aws)).toBe(KEY_ID);
    expect(store.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });

  it('moves our credentials from a customer key back to the AWS managed key when the spec names none', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE, OTHER_KEY);
    await expect(ensureCredentials(target(store, aws))).resolves.toMatchObject({ action: 'reencrypted' });
    expect(store.key(aws)).toBeUndefined();
  });

  it('moves our credentials from the AWS managed key to the key the spec now names', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE);
    await expect(ensureCredentials({ ...target(store, aws), kmsKeyId: KEY_ARN })).resolves.toMatchObject({
      action: 'reencrypted',
    });
    expect(store.key(aws)).toBe(KEY_ARN);
  });

  it('writes nothing when the store reports as a key ARN the key the spec names by id (no re-write loop)', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE, KEY_ARN);
    const t = { ...target(store, aws), kmsKeyId: KEY_ID };
    await expect(ensureCredentials(t)).resolves.toMatchObject({ action: 'unchanged' });
    await expect(ensureCredentials(t)).resolves.toMatchObject({ action: 'unchanged' });
    expect(aws.log.operations().filter((op) => store.writes.includes(op))).toStrictEqual([]);
  });

  it('settles after one move: the next pass writes nothing', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', VALUE, OTHER_KEY);
    const t = { ...target(store, aws), kmsKeyId: KEY_ID };
    await ensureCredentials(t);
    await expect(ensureCredentials(t)).resolves.toMatchObject({ action: 'unchanged' });
    expect(aws.log.count(store.keyWrite)).toBe(1);
  });

  it("never touches another resource's credentials under another key: refused on the tags, before any key write", async () => {
    const aws = new FakeAws();
    store.seed(aws, 'another', VALUE, OTHER_KEY);
    await expect(ensureCredentials({ ...target(store, aws), kmsKeyId: KEY_ID })).rejects.toBeInstanceOf(BlockedError);
    expect(store.key(aws)).toBe(OTHER_KEY);
    expect(aws.log.operations()).toStrictEqual([store.tagRead]);
  });

  it('moves the key and writes a new value in one pass, reported as re-encrypted', async () => {
    const aws = new FakeAws();
    store.seed(aws, 'ours', OLD, OTHER_KEY);
    await expect(ensureCredentials({ ...target(store, aws), kmsKeyId: KEY_ID })).resolves.toMatchObject({
      action: 'reencrypted',
    });
    expect(store.key(aws)).toBe(KEY_ID);
    expect(store.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });
});

describe('ensureCredentials in Secrets Manager: what only a secret has', () => {
  it('creates the secret again when it vanished between the tag read and the value read', async () => {
    const aws = new FakeAws();
    secretsManager.seed(aws, 'ours', OLD);
    aws.log.before('GetSecretValue', () => secretsManager.vanish(aws));
    const done = await ensureCredentials(target(secretsManager, aws));
    expect(done).toMatchObject({ action: 'created', arn: ports(aws).secrets.peek(SECRET)?.arn });
    expect(secretsManager.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });

  it('answers the ARN AWS gave the secret, with its 6-character suffix', async () => {
    const aws = new FakeAws();
    const done = await ensureCredentials(target(secretsManager, aws));
    expect(done.arn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:111122223333:secret:${SECRET}-[A-Za-z0-9]{6}$`),
    );
    expect(done.arn).toBe(ports(aws).secrets.peek(SECRET)?.arn);
    expect(done.where).toBe(`Secrets Manager secret ${SECRET}`);
  });

  it('restores our secret scheduled for deletion, then updates its value', async () => {
    const aws = new FakeAws();
    ports(aws).secrets.seed(SECRET, { value: OLD, tags: OURS, deletedDate: new Date(0) });
    await expect(ensureCredentials(target(secretsManager, aws))).resolves.toMatchObject({ action: 'restored' });
    const secret = ports(aws).secrets.peek(SECRET);
    expect(secret?.deletedDate).toBeUndefined();
    expect(secret?.versions.at(-1)?.value).toBe(VALUE);
    expect(aws.log.operations()).toStrictEqual(['DescribeSecret', 'RestoreSecret', 'GetSecretValue', 'PutSecretValue']);
  });

  it('adopts an untagged secret scheduled for deletion: restored first, then tagged (AWS refuses to tag it before)', async () => {
    const aws = new FakeAws();
    ports(aws).secrets.seed(SECRET, { value: OLD, tags: tagsOf('untagged'), deletedDate: new Date(0) });
    const done = await ensureCredentials(target(secretsManager, aws, { annotated: true, permitted: true }));
    expect(done.action).toBe('adopted');
    expect(aws.log.operations()).toStrictEqual([
      'DescribeSecret',
      'RestoreSecret',
      'TagResource',
      'GetSecretValue',
      'PutSecretValue',
    ]);
    expect(ports(aws).secrets.peek(SECRET)?.deletedDate).toBeUndefined();
    expect(secretsManager.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });

  it("never restores another resource's secret scheduled for deletion", async () => {
    const aws = new FakeAws();
    ports(aws).secrets.seed(SECRET, { value: OLD, tags: ANOTHERS, deletedDate: new Date(0) });
    await expect(ensureCredentials(target(secretsManager, aws))).rejects.toBeInstanceOf(BlockedError);
    expect(ports(aws).secrets.peek(SECRET)?.deletedDate).toBeInstanceOf(Date);
    expect(aws.log.operations()).toStrictEqual(['DescribeSecret']);
  });

  it('writes every value with a fresh random request token (a version id reveals nothing about the value)', async () => {
    const aws = new FakeAws();
    await ensureCredentials(target(secretsManager, aws));
    await ensureCredentials({ ...target(secretsManager, aws), value: OLD });
    await ensureCredentials(target(secretsManager, aws));
    const ids =
      ports(aws)
        .secrets.peek(SECRET)
        ?.versions.map((v) => v.id) ?? [];
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('ensureCredentials in an SSM SecureString: what only a parameter has', () => {
  it('answers the parameter ARN and stores a SecureString', async () => {
    const aws = new FakeAws();
    const done = await ensureCredentials(target(secureString, aws));
    expect(done).toStrictEqual({
      arn: 'arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/team-a/webapp01/ad-user',
      action: 'created',
      where: `SSM SecureString parameter ${PARAM}`,
    });
    expect(ports(aws).parameters.peek(PARAM)?.type).toBe('SecureString');
  });

  it('reads the value with decryption only, and rewrites our String parameter as a SecureString', async () => {
    const aws = new FakeAws();
    ports(aws).parameters.seed(PARAM, { value: VALUE, type: 'String', tags: OURS });
    await expect(ensureCredentials(target(secureString, aws))).resolves.toMatchObject({ action: 'updated' });
    expect(ports(aws).parameters.peek(PARAM)).toMatchObject({ type: 'SecureString', value: VALUE });
  });

  it('reports a parameter that vanished between the tag read and the value read as created again, with its tags', async () => {
    const aws = new FakeAws();
    secureString.seed(aws, 'ours', OLD);
    aws.log.before('GetParameter', () => secureString.vanish(aws));
    await expect(ensureCredentials(target(secureString, aws))).resolves.toMatchObject({ action: 'created' });
    expect(secureString.stored(aws)).toStrictEqual({ value: VALUE, ours: true });
  });
});

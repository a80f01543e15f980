// cleanUp, probe and deleteIfOurs on the fakes: deletion under policy Delete removes every recorded
// object a fresh read finds ours (credentials first), tries them all even when one fails, and leaves
// anyone else's alone.
import type { CredentialsRecord, GmsaCredentialSpecStatus, StorageLocation } from '../../../src/api/types.js';
import { cleanUp } from '../../../src/controllers/gmsaCredentialSpec/cleanup.js';
import {
  deleteIfOurs,
  probe,
  type ManagedObject,
  type OwnershipContext,
} from '../../../src/controllers/gmsaCredentialSpec/managedObjects.js';
import { ownershipTags } from '../../../src/domain/ownership.js';
import { FakeAws } from '../../fakes/aws.js';
import { FakeConfigMaps } from '../../fakes/configMaps.js';
import { credSpecResource, NAMESPACE, owner, PARAMETER } from '../../fixtures/resources.js';
import { domainless } from '../../fixtures/builders.js';

const OURS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01'));
const ANOTHERS = ownershipTags(owner('GmsaCredentialSpec', 'webapp01', 'team-b'));
const WEST = 'us-west-2';
const BUCKET = 'gmsa-credspecs';
const SECRET = 'gmsa/team-a/webapp01/ad-user';
const OLD_SECRET = 'gmsa/team-a/webapp01/old-user';
const CRED_PARAM = '/gmsa/team-a/webapp01/ad-user';

const ssmLocation = (name: string, region = 'us-east-1'): StorageLocation => ({
  kind: 'ssm',
  arn: `arn:aws:ssm:${region}:111122223333:parameter${name}`,
  region,
  parameterName: name,
});
const s3Location = (key: string): StorageLocation => ({
  kind: 's3',
  arn: `arn:aws:s3:::${BUCKET}/${key}`,
  region: 'us-east-1',
  bucket: BUCKET,
  key,
});
const fileLocation: StorageLocation = {
  kind: 'localFile',
  arn: 'file://webapp01.json',
  region: 'us-east-1',
  configMapName: 'webapp01-credspec',
};
const secret = (name: string, arn?: string): CredentialsRecord => ({
  store: 'SecretsManager',
  region: 'us-east-1',
  name,
  ...(arn ? { arn } : {}),
});

function world(): { aws: FakeAws; configMaps: FakeConfigMaps; ctx: OwnershipContext } {
  const aws = new FakeAws();
  const configMaps = new FakeConfigMaps(aws.log);
  aws.forRegion('us-east-1').objects.createBucket(BUCKET);
  const ctx: OwnershipContext = {
    aws,
    configMaps,
    namespace: NAMESPACE,
    owner: owner('GmsaCredentialSpec', 'webapp01'),
    uid: 'uid-webapp01',
  };
  return { aws, configMaps, ctx };
}

/** Everything a CR that moved around could have recorded: every store, two regions, renamed credentials. */
function movedAround(aws: FakeAws): GmsaCredentialSpecStatus {
  const east = aws.forRegion('us-east-1');
  east.parameters.seed(PARAMETER, { value: '{}', tags: OURS });
  aws.forRegion(WEST).parameters.seed(PARAMETER, { value: '{}', tags: OURS });
  east.objects.seed(BUCKET, 'gmsa/team-a/old.json', { body: '{}', tags: OURS });
  const arn = east.secrets.seed(SECRET, { value: 'v', tags: OURS });
  east.secrets.seed(OLD_SECRET, { value: 'v', tags: OURS });
  east.parameters.seed(CRED_PARAM, { value: 'v', type: 'SecureString', tags: OURS });
  return {
    credentialSpecLocation: ssmLocation(PARAMETER),
    previousLocations: [ssmLocation(PARAMETER, WEST), s3Location('gmsa/team-a/old.json')],
    credentials: secret(SECRET, arn),
    previousCredentials: [secret(OLD_SECRET), { store: 'SsmParameter', region: 'us-east-1', name: CRED_PARAM }],
  };
}

const DELETES = ['DeleteSecret', 'DeleteParameter', 'DeleteObject', 'deleteConfigMap'];

describe('cleanUp', () => {
  it('deletes every recorded object that is ours, in every region, the credentials first', async () => {
    const { aws, ctx } = world();
    const cr = credSpecResource({ domainless: domainless({ name: SECRET }) }, {}, movedAround(aws));
    const report = await cleanUp(cr, ctx);
    expect(report.leftAlone).toStrictEqual([]);
    expect(report.deleted).toStrictEqual([
      `Secrets Manager secret ${SECRET} (us-east-1)`,
      `Secrets Manager secret ${OLD_SECRET} (us-east-1)`,
      `SSM parameter ${CRED_PARAM} (us-east-1)`,
      `SSM parameter ${PARAMETER} (us-east-1)`,
      `SSM parameter ${PARAMETER} (${WEST})`,
      `S3 object s3://${BUCKET}/gmsa/team-a/old.json`,
    ]);
    const deletes = aws.log.calls.filter((c) => DELETES.includes(c.operation)).map((c) => c.operation);
    expect(deletes.slice(0, 3)).toStrictEqual(['DeleteSecret', 'DeleteSecret', 'DeleteParameter']);
    expect(aws.forRegion('us-east-1').parameters.peek(PARAMETER)).toBeUndefined();
    expect(aws.forRegion(WEST).parameters.peek(PARAMETER)).toBeUndefined();
    expect(aws.forRegion('us-east-1').objects.peek(BUCKET, 'gmsa/team-a/old.json')).toBeUndefined();
  });

  it("leaves another resource's and unowned objects alone, and says so", async () => {
    const { aws, ctx } = world();
    const east = aws.forRegion('us-east-1');
    east.parameters.seed(PARAMETER, { value: 'theirs', tags: ANOTHERS });
    east.objects.seed(BUCKET, 'gmsa/team-a/hand-made.json', { body: 'x', tags: {} });
    const cr = credSpecResource(
      {},
      {},
      {
        credentialSpecLocation: ssmLocation(PARAMETER),
        previousLocations: [s3Location('gmsa/team-a/hand-made.json')],
      },
    );
    await expect(cleanUp(cr, ctx)).resolves.toStrictEqual({
      deleted: [],
      leftAlone: [`SSM parameter ${PARAMETER} (us-east-1)`, `S3 object s3://${BUCKET}/gmsa/team-a/hand-made.json`],
    });
    expect(aws.log.calls.filter((c) => DELETES.includes(c.operation))).toStrictEqual([]);
    expect(east.parameters.peek(PARAMETER)?.value).toBe('theirs');
  });

  it('counts objects already gone as done, and a location whose bucket is gone too', async () => {
    const { aws, ctx } = world();
    aws.forRegion('us-east-1').objects.removeBucket(BUCKET);
    const cr = credSpecResource(
      {},
      {},
      {
        credentialSpecLocation: ssmLocation(PARAMETER),
        previousLocations: [s3Location('gmsa/team-a/old.json')],
      },
    );
    await expect(cleanUp(cr, ctx)).resolves.toStrictEqual({ deleted: [], leftAlone: [] });
  });

  it('tries every object when one fails, throws the first failure, and finishes on the next attempt', async () => {
    const { aws, ctx } = world();
    const cr = credSpecResource({ domainless: domainless({ name: SECRET }) }, {}, movedAround(aws));
    aws.fail('DeleteSecret', 'transient', { subject: cr.status?.credentials?.arn });
    await expect(cleanUp(cr, ctx)).rejects.toMatchObject({ class: 'transient', operation: 'DeleteSecret' });
    const east = aws.forRegion('us-east-1');
    expect(east.secrets.peek(SECRET)?.deletedDate).toBeUndefined();
    expect(east.secrets.peek(OLD_SECRET)?.deletedDate).toBeInstanceOf(Date);
    expect(east.parameters.peek(PARAMETER)).toBeUndefined();
    expect(aws.forRegion(WEST).parameters.peek(PARAMETER)).toBeUndefined();

    const again = await cleanUp(cr, ctx);
    expect(again.deleted).toContain(`Secrets Manager secret ${SECRET} (us-east-1)`);
    expect(east.secrets.peek(SECRET)?.deletedDate).toBeInstanceOf(Date);
  });

  it.each([
    ['0 deletes the secret at once', 0, false],
    ['7 schedules its deletion (restorable)', 7, true],
  ])('honours the recovery window: %s', async (_case, recoveryWindowDays, stillThere) => {
    const { aws, ctx } = world();
    const arn = aws.forRegion('us-east-1').secrets.seed(SECRET, { value: 'v', tags: OURS });
    const cr = credSpecResource(
      { domainless: domainless({ name: SECRET, recoveryWindowDays }) },
      {},
      { credentialSpecLocation: ssmLocation(PARAMETER), credentials: secret(SECRET, arn) },
    );
    await cleanUp(cr, ctx);
    expect(aws.forRegion('us-east-1').secrets.peek(SECRET) !== undefined).toBe(stillThere);
  });

  it('finds a re-created secret by name when the recorded ARN is stale, and deletes it by its current ARN', async () => {
    const { aws, ctx } = world();
    const secrets = aws.forRegion('us-east-1').secrets;
    const stale = secrets.seed(SECRET, { value: 'v', tags: OURS });
    secrets.remove(SECRET);
    const current = secrets.seed(SECRET, { value: 'v', tags: OURS });
    const cr = credSpecResource(
      { domainless: domainless({ name: SECRET }) },
      {},
      {
        credentialSpecLocation: ssmLocation(PARAMETER),
        credentials: secret(SECRET, stale),
      },
    );
    await expect(cleanUp(cr, ctx)).resolves.toMatchObject({
      deleted: [`Secrets Manager secret ${SECRET} (us-east-1)`],
    });
    expect(aws.log.calls.find((c) => c.operation === 'DeleteSecret')?.subject).toBe(current);
  });

  it('finds the credentials of a status written before records existed (only credentialsArn)', async () => {
    const { aws, ctx } = world();
    const arn = aws.forRegion('us-east-1').secrets.seed(SECRET, { value: 'v', tags: OURS });
    const cr = credSpecResource({ domainless: domainless({ name: SECRET }) }, {}, { credentialsArn: arn });
    await expect(cleanUp(cr, ctx)).resolves.toMatchObject({
      deleted: [`Secrets Manager secret ${SECRET} (us-east-1)`],
    });
  });

  it('deletes the localFile ConfigMap it owns, never one it does not', async () => {
    const { configMaps, ctx } = world();
    configMaps.seed(NAMESPACE, 'webapp01-credspec', { data: {}, ownerUids: ['uid-webapp01'] });
    const cr = credSpecResource(
      { storage: { localFile: { path: 'webapp01.json' } } },
      {},
      { credentialSpecLocation: fileLocation },
    );
    await expect(cleanUp(cr, ctx)).resolves.toStrictEqual({ deleted: ['ConfigMap webapp01-credspec'], leftAlone: [] });
    configMaps.seed(NAMESPACE, 'webapp01-credspec', { data: {}, ownerUids: ['someone-else'] });
    await expect(cleanUp(cr, ctx)).resolves.toStrictEqual({ deleted: [], leftAlone: ['ConfigMap webapp01-credspec'] });
  });

  it('does nothing for a resource that recorded nothing', async () => {
    const { aws, ctx } = world();
    await expect(cleanUp(credSpecResource(), ctx)).resolves.toStrictEqual({ deleted: [], leftAlone: [] });
    expect(aws.log.calls).toStrictEqual([]);
  });
});

describe('probe: whose object it is, from a fresh read', () => {
  const parameter: ManagedObject = { type: 'SsmParameter', region: 'us-east-1', name: PARAMETER };
  const object: ManagedObject = { type: 'S3Object', region: 'us-east-1', bucket: BUCKET, key: 'k' };
  const cm: ManagedObject = { type: 'ConfigMap', name: 'webapp01-credspec' };

  it.each<[string, ManagedObject, (w: ReturnType<typeof world>) => void, string]>([
    [
      'an SSM parameter tagged for us',
      parameter,
      (w) => w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: 'v', tags: OURS }),
      'ours',
    ],
    [
      'an SSM parameter tagged for another resource',
      parameter,
      (w) => w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: 'v', tags: ANOTHERS }),
      'foreign-operator-object',
    ],
    [
      'an untagged SSM parameter',
      parameter,
      (w) => w.aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: 'v' }),
      'unowned',
    ],
    ['a missing SSM parameter', parameter, () => undefined, 'absent'],
    [
      'an S3 object tagged for us',
      object,
      (w) => w.aws.forRegion('us-east-1').objects.seed(BUCKET, 'k', { body: 'x', tags: OURS }),
      'ours',
    ],
    [
      'an S3 object in a bucket that is gone',
      object,
      (w) => w.aws.forRegion('us-east-1').objects.removeBucket(BUCKET),
      'absent',
    ],
    [
      'a ConfigMap naming our uid among its owners',
      cm,
      (w) => w.configMaps.seed(NAMESPACE, 'webapp01-credspec', { data: {}, ownerUids: ['x', 'uid-webapp01'] }),
      'ours',
    ],
    [
      'a ConfigMap owned by someone else',
      cm,
      (w) => w.configMaps.seed(NAMESPACE, 'webapp01-credspec', { data: {}, ownerUids: ['x'] }),
      'foreign-operator-object',
    ],
    [
      'a ConfigMap without owners',
      cm,
      (w) => w.configMaps.seed(NAMESPACE, 'webapp01-credspec', { data: {} }),
      'unowned',
    ],
  ])('finds %s %s', async (_case, o, arrange, ownership) => {
    const w = world();
    arrange(w);
    await expect(probe(o, w.ctx)).resolves.toMatchObject({ ownership });
  });

  it("answers a secret's current ARN, found by name when the recorded one is stale", async () => {
    const w = world();
    const secrets = w.aws.forRegion('us-east-1').secrets;
    const stale = secrets.seed(SECRET, { value: 'v', tags: OURS });
    secrets.remove(SECRET);
    const current = secrets.seed(SECRET, { value: 'v', tags: ANOTHERS });
    await expect(
      probe({ type: 'Secret', region: 'us-east-1', name: SECRET, arn: stale }, w.ctx),
    ).resolves.toStrictEqual({
      ownership: 'foreign-operator-object',
      arn: current,
    });
    expect(w.aws.log.operations()).toStrictEqual(['DescribeSecret', 'DescribeSecret']);
  });
});

describe('deleteIfOurs', () => {
  it.each([
    ['ours: deleted', OURS, 'deleted', false],
    ["another resource's: not-ours, untouched", ANOTHERS, 'not-ours', true],
    ['untagged: not-ours, untouched', {}, 'not-ours', true],
  ])('an SSM parameter %s', async (_case, tags, outcome, remains) => {
    const { aws, ctx } = world();
    aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: 'v', tags });
    await expect(
      deleteIfOurs({ type: 'SsmParameter', region: 'us-east-1', name: PARAMETER }, ctx, { recoveryWindowDays: 7 }),
    ).resolves.toBe(outcome);
    expect(aws.forRegion('us-east-1').parameters.peek(PARAMETER) !== undefined).toBe(remains);
  });

  it('answers absent when the object vanished between the tag read and the delete', async () => {
    const { aws, ctx } = world();
    const parameters = aws.forRegion('us-east-1').parameters;
    parameters.seed(PARAMETER, { value: 'v', tags: OURS });
    aws.log.before('DeleteParameter', () => parameters.remove(PARAMETER));
    await expect(
      deleteIfOurs({ type: 'SsmParameter', region: 'us-east-1', name: PARAMETER }, ctx, { recoveryWindowDays: 7 }),
    ).resolves.toBe('absent');
  });

  it('never deletes when the tag read fails', async () => {
    const { aws, ctx } = world();
    aws.forRegion('us-east-1').parameters.seed(PARAMETER, { value: 'v', tags: OURS });
    aws.fail('ListTagsForResource', 'access-denied');
    await expect(
      deleteIfOurs({ type: 'SsmParameter', region: 'us-east-1', name: PARAMETER }, ctx, { recoveryWindowDays: 7 }),
    ).rejects.toMatchObject({ class: 'access-denied' });
    expect(aws.log.count('DeleteParameter')).toBe(0);
  });
});

// What the fakes add to the port contracts: failure injection, the call record, and the AWS rules moto
// does not enforce (those the contracts cannot check against moto).
import { AwsError } from '../../../src/aws/errors.js';
import { newRequestToken } from '../../../src/aws/requestToken.js';
import { KubeApiError } from '../../../src/kube/errors.js';
import { FakeAws } from '../../fakes/aws.js';
import { CallLog } from '../../fakes/callLog.js';
import { FakeConfigMaps } from '../../fakes/configMaps.js';
import { FakeEvents } from '../../fakes/events.js';
import { FakeObjectClient } from '../../fakes/objectClient.js';
import { FakeSecrets } from '../../fakes/secretReader.js';

const REGION = 'us-east-1';

describe('failure injection', () => {
  it.each([
    ['throttled', 'ThrottlingException', 400],
    ['transient', 'InternalFailure', 500],
    ['access-denied', 'AccessDeniedException', 403],
    ['terminal', 'ValidationException', 400],
  ] as const)(
    'makes an AWS operation fail %s, as an AwsError naming service and operation',
    async (kind, code, status) => {
      const aws = new FakeAws();
      aws.fail('ListTagsForResource', kind);
      const failed = aws.forRegion(REGION).parameters.getTags('/gmsa/x');
      await expect(failed).rejects.toBeInstanceOf(AwsError);
      await expect(failed).rejects.toMatchObject({
        class: kind,
        code,
        httpStatus: status,
        service: 'ssm',
        operation: 'ListTagsForResource',
      });
    },
  );

  it('fails once by default, then the operation works again', async () => {
    const aws = new FakeAws();
    const secrets = aws.forRegion(REGION).secrets;
    aws.fail('DescribeSecret', 'throttled');
    await expect(secrets.describe('s')).rejects.toMatchObject({ class: 'throttled' });
    await expect(secrets.describe('s')).resolves.toBeUndefined();
  });

  it('fails N times when asked, and only for the named subject', async () => {
    const aws = new FakeAws();
    const objects = aws.forRegion(REGION).objects;
    objects.createBucket('b');
    aws.fail('GetObject', 'transient', { times: 2, subject: 'b/k' });
    await expect(objects.get('b', 'other')).resolves.toBeUndefined();
    await expect(objects.get('b', 'k')).rejects.toMatchObject({ class: 'transient' });
    await expect(objects.get('b', 'k')).rejects.toMatchObject({ class: 'transient' });
    await expect(objects.get('b', 'k')).resolves.toBeUndefined();
  });

  it('makes a Kubernetes call fail with a KubeApiError of the given status', async () => {
    const configMaps = new FakeConfigMaps();
    configMaps.log.fail('getConfigMap', 403);
    const failed = configMaps.get('ns', 'cm');
    await expect(failed).rejects.toBeInstanceOf(KubeApiError);
    await expect(failed).rejects.toMatchObject({ status: 403, reason: 'Forbidden' });
  });

  it('throws a given error as it is', async () => {
    const secrets = new FakeSecrets();
    const bug = new TypeError('a bug');
    secrets.log.fail('getSecret', bug);
    await expect(secrets.read('ns', 's')).rejects.toBe(bug);
  });

  it('changes nothing on a failed write', async () => {
    const aws = new FakeAws();
    const parameters = aws.forRegion(REGION).parameters;
    aws.fail('PutParameter', 'throttled');
    await expect(parameters.put({ name: '/p', value: 'v', type: 'String', overwrite: false })).rejects.toThrow();
    expect(parameters.peek('/p')).toBeUndefined();
  });

  it('runs a planned change (someone else acting) just before the named call takes effect', async () => {
    const aws = new FakeAws();
    const parameters = aws.forRegion(REGION).parameters;
    parameters.seed('/p', { value: 'v' });
    aws.log.before('GetParameter', () => parameters.remove('/p'));
    await expect(parameters.getTags('/p')).resolves.toStrictEqual({});
    await expect(parameters.get('/p')).resolves.toBeUndefined();
  });

  it('refuses a times count that is not a positive integer', () => {
    expect(() => new CallLog().fail('GetParameter', 'throttled', { times: 0 })).toThrow(/positive integer/);
  });
});

describe('the call record', () => {
  it('keeps every call in order with service, operation, subject and region, across ports sharing a log', async () => {
    const aws = new FakeAws();
    const east = aws.forRegion(REGION);
    const west = aws.forRegion('us-west-2');
    await east.secrets.describe('gmsa/a');
    await west.parameters.get('/gmsa/b', { includeMetadata: true });
    expect(aws.log.calls).toStrictEqual([
      { service: 'secretsmanager', operation: 'DescribeSecret', subject: 'gmsa/a', region: REGION },
      { service: 'ssm', operation: 'GetParameter', subject: '/gmsa/b', region: 'us-west-2' },
    ]);
  });

  it('records the metadata read of includeMetadata as its own call (DescribeParameters)', async () => {
    const aws = new FakeAws();
    const parameters = aws.forRegion(REGION).parameters;
    parameters.seed('/p', { value: 'v', tier: 'Advanced' });
    await parameters.get('/p', { includeMetadata: true });
    expect(aws.log.operations()).toStrictEqual(['GetParameter', 'DescribeParameters']);
  });

  it('records no call where the adapter makes none (an empty tag map, Overwrite with Tags, more than 10 S3 tags)', async () => {
    const aws = new FakeAws();
    const ports = aws.forRegion(REGION);
    await ports.parameters.addTags('/p', {});
    await ports.secrets.tag('s', {});
    await expect(
      ports.parameters.put({ name: '/p', value: 'v', type: 'String', overwrite: true, tags: { a: '1' } }),
    ).rejects.toMatchObject({ code: 'TagsWithOverwrite' });
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    await expect(
      ports.objects.put({ bucket: 'b', key: 'k', body: 'x', contentType: 'text/plain', tags }),
    ).rejects.toMatchObject({ code: 'TooManyTags' });
    expect(aws.log.calls).toStrictEqual([]);
  });

  it('counts calls and forgets them on clear', async () => {
    const aws = new FakeAws();
    const ecs = aws.forRegion(REGION).taskDefinitions;
    await ecs.describe('web');
    await ecs.describe('web:1');
    expect(aws.log.count('DescribeTaskDefinition')).toBe(2);
    aws.log.clear();
    expect(aws.log.calls).toStrictEqual([]);
  });
});

describe('AWS rules the fakes hold that moto does not', () => {
  it('never lets an Advanced parameter go back to Standard', async () => {
    const parameters = new FakeAws().forRegion(REGION).parameters;
    parameters.seed('/p', { value: 'v1', tier: 'Advanced' });
    await expect(
      parameters.put({ name: '/p', value: 'v2', type: 'String', tier: 'Standard', overwrite: true }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'ValidationException' });
    await expect(parameters.put({ name: '/p', value: 'v2', type: 'String', overwrite: true })).resolves.toStrictEqual({
      version: 2,
    });
    expect(parameters.peek('/p')).toMatchObject({ value: 'v2', tier: 'Advanced' });
  });

  it.each([
    ['Standard', 4096, 4097],
    ['Advanced', 8192, 8193],
  ] as const)('holds at most the %s tier size (%i characters)', async (tier, fits, tooLong) => {
    const parameters = new FakeAws().forRegion(REGION).parameters;
    await expect(
      parameters.put({ name: '/fits', value: 'x'.repeat(fits), type: 'String', tier, overwrite: false }),
    ).resolves.toStrictEqual({ version: 1 });
    await expect(
      parameters.put({ name: '/too-long', value: 'x'.repeat(tooLong), type: 'String', tier, overwrite: false }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'ValidationException' });
  });

  it('describes a bare family as its newest ACTIVE revision (moto: the newest of any status)', async () => {
    const ecs = new FakeAws().forRegion(REGION).taskDefinitions;
    const input = { family: 'web', containerDefinitions: [{ name: 'web', image: 'img', memory: 512 }] };
    await ecs.register(input);
    await ecs.register(input);
    await ecs.deregister('web:2');
    await expect(ecs.describe('web')).resolves.toMatchObject({ revision: 1, status: 'ACTIVE' });
    await ecs.deregister('web:1');
    await expect(ecs.describe('web')).resolves.toBeUndefined();
  });

  it('refuses a new value and a create for a secret scheduled for deletion', async () => {
    const secrets = new FakeAws().forRegion(REGION).secrets;
    secrets.seed('s', { value: 'v', deletedDate: new Date(0) });
    await expect(
      secrets.putValue({ secretId: 's', value: 'w', clientRequestToken: newRequestToken() }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'InvalidRequestException' });
    await expect(
      secrets.create({ name: 's', value: 'w', tags: {}, clientRequestToken: newRequestToken() }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'InvalidRequestException' });
  });

  it('refuses PutObject with an invalid tag as a whole: nothing is stored', async () => {
    const objects = new FakeAws().forRegion(REGION).objects;
    objects.createBucket('b');
    await expect(
      objects.put({ bucket: 'b', key: 'k', body: 'x', contentType: 'text/plain', tags: { t: 'a&b' } }),
    ).rejects.toMatchObject({ code: 'InvalidTag' });
    expect(objects.peek('b', 'k')).toBeUndefined();
  });
});

describe('the Kubernetes fakes', () => {
  const owner = { apiVersion: 'ecsgmsa.io/v1alpha1', kind: 'GmsaCredentialSpec', name: 'web', uid: 'uid-1' };

  it('creates a ConfigMap owned by its owner, and refuses a second create (409 AlreadyExists)', async () => {
    const configMaps = new FakeConfigMaps();
    await configMaps.put({ namespace: 'ns', name: 'cm', data: { a: '1' }, labels: {}, owner });
    await expect(configMaps.get('ns', 'cm')).resolves.toMatchObject({ data: { a: '1' }, ownerUids: ['uid-1'] });
    await expect(configMaps.put({ namespace: 'ns', name: 'cm', data: {}, labels: {}, owner })).rejects.toMatchObject({
      status: 409,
      reason: 'AlreadyExists',
    });
  });

  it('replaces a ConfigMap only at its current resourceVersion (409 Conflict otherwise, 404 when gone)', async () => {
    const configMaps = new FakeConfigMaps();
    configMaps.seed('ns', 'cm', { data: { a: '1' } });
    const read = await configMaps.get('ns', 'cm');
    const stale = { namespace: 'ns', name: 'cm', data: { a: '2' }, labels: {}, owner, resourceVersion: 'stale' };
    await expect(configMaps.put(stale)).rejects.toMatchObject({ status: 409, reason: 'Conflict' });
    await configMaps.put({ ...stale, resourceVersion: read?.resourceVersion ?? '' });
    expect(configMaps.peek('ns', 'cm')).toMatchObject({ data: { a: '2' }, ownerUids: ['uid-1'] });
    configMaps.remove('ns', 'cm');
    await expect(configMaps.put(stale)).rejects.toMatchObject({ status: 404 });
    await expect(configMaps.delete('ns', 'cm')).resolves.toBe('not-found');
  });

  it('reads a Secret fresh each time, undefined when it does not exist', async () => {
    const secrets = new FakeSecrets();
    await expect(secrets.read('ns', 's')).resolves.toBeUndefined();
    secrets.set('ns', 's', { username: 'u' });
    await expect(secrets.read('ns', 's')).resolves.toStrictEqual({ data: { username: 'u' }, resourceVersion: '1' });
    expect(secrets.log.operations()).toStrictEqual(['getSecret', 'getSecret']);
  });

  it('writes a status only when it differs, and adds or removes a finalizer only when needed', async () => {
    type Obj = {
      metadata: { name: string; namespace: string; finalizers?: string[]; deletionTimestamp?: string };
      status?: unknown;
    };
    const client = new FakeObjectClient<Obj>();
    const obj: Obj = { metadata: { name: 'web', namespace: 'ns', finalizers: ['other'] }, status: { a: 1 } };
    client.put(obj);
    await expect(client.writeStatus(obj, { a: 1 })).resolves.toBe(false);
    await expect(client.writeStatus(obj, { a: 2 })).resolves.toBe(true);
    await client.addFinalizer(obj, 'f');
    await client.addFinalizer({ ...obj, metadata: { ...obj.metadata, finalizers: ['other', 'f'] } }, 'f');
    expect(client.object('ns/web')).toStrictEqual({
      metadata: { name: 'web', namespace: 'ns', finalizers: ['other', 'f'] },
      status: { a: 2 },
    });
    await client.removeFinalizer({ ...obj, metadata: { ...obj.metadata, finalizers: ['other', 'f'] } }, 'f');
    expect(client.log.operations()).toStrictEqual(['writeStatus', 'addFinalizer', 'removeFinalizer']);
    expect(client.lastStatus('ns/web')).toStrictEqual({ a: 2 });
    expect(client.object('ns/web')?.metadata.finalizers).toStrictEqual(['other']);
  });

  it('lets an object being deleted go when its last finalizer is removed', async () => {
    const client = new FakeObjectClient<{
      metadata: { name: string; finalizers?: string[]; deletionTimestamp?: string };
    }>();
    const obj = { metadata: { name: 'web', finalizers: ['f'], deletionTimestamp: 't' } };
    client.put(obj);
    await client.removeFinalizer(obj, 'f');
    expect(client.object('/web')).toBeUndefined();
  });

  it('fails a status write with an injected apiserver refusal, writing nothing', async () => {
    const client = new FakeObjectClient<{ metadata: { name: string }; status?: unknown }>();
    client.log.fail('writeStatus', 422);
    await expect(client.writeStatus({ metadata: { name: 'web' } }, { a: 1 })).rejects.toMatchObject({ status: 422 });
    expect(client.statuses).toStrictEqual([]);
  });

  it('keeps every event it records', async () => {
    const events = new FakeEvents();
    const subject = { apiVersion: 'v1', kind: 'K', metadata: { name: 'web', namespace: 'ns' } };
    await events.record(subject, 'Normal', 'Deleted', 'gone');
    await events.record(subject, 'Warning', 'AwsError', 'slow down');
    expect(events.summary()).toStrictEqual(['Normal Deleted', 'Warning AwsError']);
    expect(events.recorded[1]).toStrictEqual({
      object: 'ns/web',
      type: 'Warning',
      reason: 'AwsError',
      message: 'slow down',
    });
  });
});

import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { resetAws, testEnv } from '../../env/connect.js';
import { testPorts, uniqueName, type TestPorts } from './awsTestPorts.js';

describe('ObjectStore against moto', () => {
  let t: TestPorts;
  let admin: S3Client;
  const bucket = 'gmsa-credspecs-test';
  const key = (): string => `gmsa/${uniqueName('o')}.json`;

  beforeAll(async () => {
    await resetAws();
    t = testPorts();
    admin = new S3Client(testEnv().awsClientConfig());
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => {
    t.factory.close();
    admin.destroy();
  });

  it('returns undefined for a key that does not exist, and for its tags', async () => {
    const k = key();
    await expect(t.ports.objects.get(bucket, k)).resolves.toBeUndefined();
    await expect(t.ports.objects.getTags(bucket, k)).resolves.toBeUndefined();
    expect(t.calls.slice(-2).map((c) => c.outcome)).toStrictEqual(['not_found', 'not_found']);
  });

  it('treats a missing bucket as an error on reads and as not-found on delete', async () => {
    await expect(t.ports.objects.get('no-such-bucket-here', 'k')).rejects.toMatchObject({
      class: 'terminal',
      code: 'NoSuchBucket',
      httpStatus: 404,
    });
    await expect(t.ports.objects.delete('no-such-bucket-here', 'k')).resolves.toBe('not-found');
  });

  it('puts a UTF-8 body with content type and tags (the Tagging header), then reads both back', async () => {
    const k = key();
    const body = '{\n  "CmsPlugins": ["ActiveDirectory"],\n  "Note": "é ü 漢字"\n}\n';
    const tags = {
      'ecsgmsa.io/cluster': 'default',
      'ecsgmsa.io/name': 'webapp01',
      'team name': 'a b',
      path: '/x/y',
      math: '1+1=2',
    };
    await t.ports.objects.put({ bucket, key: k, body, contentType: 'application/json', tags });
    const got = await t.ports.objects.get(bucket, k);
    expect(got).toMatchObject({ body, contentType: 'application/json' });
    expect(got?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    await expect(t.ports.objects.getTags(bucket, k)).resolves.toStrictEqual(tags);
  });

  it('encrypts with SSE-KMS when a key is given', async () => {
    const k = key();
    await t.ports.objects.put({
      bucket,
      key: k,
      body: '{}',
      contentType: 'application/json',
      tags: {},
      kmsKeyId: 'alias/gmsa',
    });
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: k }));
    expect({ sse: head.ServerSideEncryption, key: head.SSEKMSKeyId }).toStrictEqual({
      sse: 'aws:kms',
      key: 'alias/gmsa',
    });
  });

  it('replaces the tag set with putTags', async () => {
    const k = key();
    await t.ports.objects.put({ bucket, key: k, body: 'x', contentType: 'text/plain', tags: { a: '1', b: '2' } });
    await t.ports.objects.putTags(bucket, k, { c: '3' });
    await expect(t.ports.objects.getTags(bucket, k)).resolves.toStrictEqual({ c: '3' });
  });

  it('refuses more than 10 tags without calling S3', async () => {
    const before = t.calls.length;
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    await expect(
      t.ports.objects.put({ bucket, key: key(), body: 'x', contentType: 'text/plain', tags }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'TooManyTags' });
    expect(t.calls.length).toBe(before);
  });

  it('deletes an object', async () => {
    const k = key();
    await t.ports.objects.put({ bucket, key: k, body: 'x', contentType: 'text/plain', tags: {} });
    await expect(t.ports.objects.delete(bucket, k)).resolves.toBe('deleted');
    await expect(t.ports.objects.get(bucket, k)).resolves.toBeUndefined();
  });
});

// The ObjectStore behaviour the controllers rely on, run against the S3 adapter over moto and against
// the fake: where the two disagree, the fake is wrong.
import type { Subject } from './portsUnderTest.js';

/** Declares the ObjectStore contract cases for `subject`; it creates the bucket it uses. */
export function objectStoreContract(subject: Subject): void {
  const bucket = 'gmsa-contract-credspecs';
  const key = (): string => `gmsa/${subject().unique('contract')}.json`;
  const objects = (): ReturnType<Subject>['ports']['objects'] => subject().ports.objects;
  const put = (k: string, body: string, tags: Record<string, string> = {}) =>
    objects().put({ bucket, key: k, body, contentType: 'application/json', tags });

  beforeAll(() => subject().createBucket(bucket));

  it('answers undefined for a key that does not exist, and for its tags', async () => {
    const k = key();
    await expect(objects().get(bucket, k)).resolves.toBeUndefined();
    await expect(objects().getTags(bucket, k)).resolves.toBeUndefined();
  });

  it('treats a missing bucket as terminal NoSuchBucket on get and put, as absent on getTags and delete', async () => {
    const missing = `no-such-bucket-${subject().unique('b')}`.toLowerCase().slice(0, 60);
    await expect(objects().get(missing, 'k')).rejects.toMatchObject({ class: 'terminal', code: 'NoSuchBucket' });
    await expect(
      objects().put({ bucket: missing, key: 'k', body: 'x', contentType: 'text/plain', tags: {} }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'NoSuchBucket' });
    await expect(objects().getTags(missing, 'k')).resolves.toBeUndefined();
    await expect(objects().delete(missing, 'k')).resolves.toBe('not-found');
  });

  it('stores a UTF-8 body with its content type and tags', async () => {
    const k = key();
    const body = '{"Note":"é ü 漢字"}\n';
    await put(k, body, { owner: 'me', 'with space': 'a:b/c=d+e-f@g' });
    await expect(objects().get(bucket, k)).resolves.toMatchObject({ body, contentType: 'application/json' });
    await expect(objects().getTags(bucket, k)).resolves.toStrictEqual({ owner: 'me', 'with space': 'a:b/c=d+e-f@g' });
  });

  // (moto keeps the object all the same; S3 refuses the whole request, and so does the fake.)
  it("refuses a tag value outside AWS's tag characters as terminal InvalidTag", async () => {
    await expect(put(key(), 'x', { team: 'a&b' })).rejects.toMatchObject({ class: 'terminal', code: 'InvalidTag' });
  });

  it('replaces body and the whole tag set on a second put', async () => {
    const k = key();
    await put(k, 'one', { a: '1', b: '2' });
    await put(k, 'two', { c: '3' });
    await expect(objects().get(bucket, k)).resolves.toMatchObject({ body: 'two' });
    await expect(objects().getTags(bucket, k)).resolves.toStrictEqual({ c: '3' });
  });

  it('reads back the SSE-KMS key with the body (as written; AWS answers the key ARN), none without SSE-KMS', async () => {
    const k = key();
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    await put(k, '{}');
    expect((await objects().get(bucket, k))?.kmsKeyId).toBeUndefined();
    await objects().put({ bucket, key: k, body: '{}', contentType: 'application/json', tags: {}, kmsKeyId: keyArn });
    await expect(objects().get(bucket, k)).resolves.toMatchObject({ body: '{}', kmsKeyId: keyArn });
  });

  it('replaces the tag set with putTags, keeping the body', async () => {
    const k = key();
    await put(k, 'body', { a: '1', b: '2' });
    await objects().putTags(bucket, k, { c: '3' });
    await expect(objects().getTags(bucket, k)).resolves.toStrictEqual({ c: '3' });
    await expect(objects().get(bucket, k)).resolves.toMatchObject({ body: 'body' });
  });

  it('refuses more than 10 tags as terminal TooManyTags, writing nothing', async () => {
    const k = key();
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    await expect(put(k, 'x', tags)).rejects.toMatchObject({ class: 'terminal', code: 'TooManyTags' });
    await expect(objects().get(bucket, k)).resolves.toBeUndefined();
  });

  it('deletes an object; deleting a key that does not exist still says deleted (S3 does not tell)', async () => {
    const k = key();
    await put(k, 'x');
    await expect(objects().delete(bucket, k)).resolves.toBe('deleted');
    await expect(objects().get(bucket, k)).resolves.toBeUndefined();
    await expect(objects().delete(bucket, k)).resolves.toBe('deleted');
  });
}

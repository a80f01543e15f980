// An in-memory S3 with the semantics the S3ObjectStore adapter shows against moto
// (test/integration/aws/s3.spec.ts): buckets must exist (created by the test), at most 10 tags per
// object, PutObject replaces the tag set, and a missing bucket is an error except for getTags and delete.
import { createHash } from 'node:crypto';
import type { AwsTags, ObjectStore, StoredObject } from '../../src/aws/ports.js';
import { S3_MAX_TAGS } from '../../src/aws/s3.js';
import { awsRefusal, CallLog } from './callLog.js';

type PutInput = Parameters<ObjectStore['put']>[0];

/** An object as the fake keeps it. */
export interface FakeObject {
  body: string;
  contentType: string;
  tags: AwsTags;
  kmsKeyId?: string;
}

/** Buckets by name, each holding objects by key. */
export type FakeBuckets = Map<string, Map<string, FakeObject>>;

/** ObjectStore in memory. Bucket names are global: the ports of every region share `buckets`. */
export class FakeObjectStore implements ObjectStore {
  constructor(
    private readonly region: string,
    readonly log: CallLog = new CallLog(),
    private readonly buckets: FakeBuckets = new Map(),
  ) {}

  /** Test setup: a bucket (the operator never creates one). */
  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }

  /** Someone deletes the bucket and everything in it. */
  removeBucket(bucket: string): void {
    this.buckets.delete(bucket);
  }

  /** Test setup: an object as someone (or an earlier reconcile) left it. Not recorded. */
  seed(bucket: string, key: string, object: Partial<FakeObject> & { body: string }): void {
    this.createBucket(bucket);
    this.buckets.get(bucket)?.set(key, { contentType: 'application/json', tags: {}, ...object });
  }

  /** The stored object, for assertions. Not recorded. */
  peek(bucket: string, key: string): Readonly<FakeObject> | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  /** Someone deletes the object. Not recorded. */
  remove(bucket: string, key: string): void {
    this.buckets.get(bucket)?.delete(key);
  }

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    await this.enter('GetObject', bucket, key);
    const o = this.bucket(bucket, 'GetObject').get(key);
    if (!o) return undefined;
    return {
      body: o.body,
      etag: `"${createHash('md5').update(o.body).digest('hex')}"`,
      contentType: o.contentType,
      // S3 answers the key as written (moto) or as its key ARN (AWS); the fake answers it as written.
      ...(o.kmsKeyId !== undefined ? { kmsKeyId: o.kmsKeyId } : {}),
    };
  }

  async getTags(bucket: string, key: string): Promise<AwsTags | undefined> {
    await this.enter('GetObjectTagging', bucket, key);
    const o = this.buckets.get(bucket)?.get(key);
    return o ? { ...o.tags } : undefined;
  }

  async put(input: PutInput): Promise<void> {
    checkTagCount(input.tags, 'PutObject');
    await this.enter('PutObject', input.bucket, input.key);
    checkTagCharacters(input.tags, 'PutObject');
    this.bucket(input.bucket, 'PutObject').set(input.key, {
      body: input.body,
      contentType: input.contentType,
      tags: { ...input.tags },
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
    });
  }

  async putTags(bucket: string, key: string, tags: AwsTags): Promise<void> {
    checkTagCount(tags, 'PutObjectTagging');
    await this.enter('PutObjectTagging', bucket, key);
    checkTagCharacters(tags, 'PutObjectTagging');
    const o = this.bucket(bucket, 'PutObjectTagging').get(key);
    if (!o)
      throw awsRefusal(
        { service: 's3', operation: 'PutObjectTagging' },
        'NoSuchKey',
        'The specified key does not exist.',
        {
          httpStatus: 404,
        },
      );
    o.tags = { ...tags };
  }

  async delete(bucket: string, key: string): Promise<'deleted' | 'not-found'> {
    await this.enter('DeleteObject', bucket, key);
    const objects = this.buckets.get(bucket);
    if (!objects) return 'not-found';
    objects.delete(key);
    return 'deleted';
  }

  private bucket(bucket: string, operation: string): Map<string, FakeObject> {
    const objects = this.buckets.get(bucket);
    if (!objects)
      throw awsRefusal({ service: 's3', operation }, 'NoSuchBucket', 'The specified bucket does not exist', {
        httpStatus: 404,
      });
    return objects;
  }

  private async enter(operation: string, bucket: string, key: string): Promise<void> {
    await this.log.enter({ service: 's3', operation, subject: `${bucket}/${key}`, region: this.region });
  }
}

/** The adapter refuses more than 10 tags before calling S3. */
function checkTagCount(tags: AwsTags, operation: string): void {
  const count = Object.keys(tags).length;
  if (count > S3_MAX_TAGS)
    throw awsRefusal(
      { service: 's3', operation },
      'TooManyTags',
      `S3 objects hold at most ${S3_MAX_TAGS} tags, got ${count}`,
    );
}

/** AWS's tag alphabet: letters, digits, spaces and `_ . : / = + - @` (moto enforces it on S3). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTagCharacters(tags: AwsTags, operation: string): void {
  const bad = Object.entries(tags).find(([k, v]) => !TAG_CHARACTERS.test(k) || !TAG_CHARACTERS.test(v));
  if (bad)
    throw awsRefusal(
      { service: 's3', operation },
      'InvalidTag',
      'tag keys and values hold letters, digits, spaces and _ . : / = + - @ only',
    );
}

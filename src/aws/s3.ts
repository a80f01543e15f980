// ObjectStore over S3: UTF-8 bodies, tags as the Tagging header, optional SSE-KMS.
import type { S3Client } from '@aws-sdk/client-s3';
import { callAws, codeIn, lookupAws, type CallContext } from './call.js';
import { AwsError } from './errors.js';
import type { AwsTags, ObjectStore, ObjectWrite, StoredObject } from './ports.js';
import { fromKeyValueList, s3TaggingHeader, toKeyValueList } from './tags.js';
import { s3Sdk } from './sdk.js';

const { DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand, PutObjectCommand, PutObjectTaggingCommand } =
  s3Sdk;

/** S3 keeps at most 10 tags per object. */
export const S3_MAX_TAGS = 10;

/** `NotFound` is what HEAD-style answers carry (no body to hold a code). */
const NO_SUCH_KEY = codeIn('NoSuchKey', 'NotFound');

function checkTagCount(tags: AwsTags, operation: string): void {
  const count = Object.keys(tags).length;
  if (count <= S3_MAX_TAGS) return;
  const message = `S3 objects hold at most ${S3_MAX_TAGS} tags, got ${count}`;
  throw new AwsError({ class: 'terminal', service: 's3', operation, code: 'TooManyTags', message });
}

/** The S3 adapter. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly ctx: CallContext,
  ) {}

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    // The body is read inside the call, so a connection dropped mid-body is classified and counted too.
    const out = await lookupAws(
      this.ctx,
      'GetObject',
      async () => {
        const res = await this.client.send(command);
        return {
          body: (await res.Body?.transformToString('utf-8')) ?? '',
          etag: res.ETag,
          contentType: res.ContentType,
          kmsKeyId: res.SSEKMSKeyId,
        };
      },
      { missing: NO_SUCH_KEY },
    );
    if (out === undefined) return undefined;
    return {
      body: out.body,
      ...(out.etag !== undefined ? { etag: out.etag } : {}),
      ...(out.contentType !== undefined ? { contentType: out.contentType } : {}),
      ...(out.kmsKeyId !== undefined ? { kmsKeyId: out.kmsKeyId } : {}),
    };
  }

  async getTags(bucket: string, key: string): Promise<AwsTags | undefined> {
    const command = new GetObjectTaggingCommand({ Bucket: bucket, Key: key });
    // A missing bucket holds no object: absent, so a location whose bucket is gone can be let go.
    const out = await lookupAws(this.ctx, 'GetObjectTagging', () => this.client.send(command), {
      missing: codeIn('NoSuchKey', 'NotFound', 'NoSuchBucket'),
    });
    return out === undefined ? undefined : fromKeyValueList(out.TagSet);
  }

  async put(input: ObjectWrite): Promise<void> {
    checkTagCount(input.tags, 'PutObject');
    const tagging = s3TaggingHeader(input.tags);
    const command = new PutObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      Body: input.body,
      ContentType: input.contentType,
      ...(tagging !== '' ? { Tagging: tagging } : {}),
      ...(input.kmsKeyId !== undefined ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: input.kmsKeyId } : {}),
    });
    await callAws(this.ctx, 'PutObject', () => this.client.send(command));
  }

  async putTags(bucket: string, key: string, tags: AwsTags): Promise<void> {
    checkTagCount(tags, 'PutObjectTagging');
    const command = new PutObjectTaggingCommand({
      Bucket: bucket,
      Key: key,
      Tagging: { TagSet: toKeyValueList(tags) },
    });
    await callAws(this.ctx, 'PutObjectTagging', () => this.client.send(command));
  }

  async delete(bucket: string, key: string): Promise<'deleted' | 'not-found'> {
    const command = new DeleteObjectCommand({ Bucket: bucket, Key: key });
    const out = await lookupAws(this.ctx, 'DeleteObject', () => this.client.send(command), {
      missing: codeIn('NoSuchBucket', 'NoSuchKey'),
    });
    return out === undefined ? 'not-found' : 'deleted';
  }
}

// Conversions between our tag map and the tag shapes of each AWS API.
import type { AwsTags } from './ports.js';

/** `{Key, Value}` list (SSM, Secrets Manager, S3), in key order. */
export function toKeyValueList(tags: AwsTags): { Key: string; Value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] ?? '' }));
}

/** A `{Key, Value}` list to a map; entries without a key are dropped, a missing value is ''. */
export function fromKeyValueList(
  list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): AwsTags {
  const tags: AwsTags = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return tags;
}

/** A `{key, value}` list (ECS) to a map. */
export function fromLowerKeyValueList(
  list: readonly { key?: string | undefined; value?: string | undefined }[] | undefined,
): AwsTags {
  return fromKeyValueList((list ?? []).map((t) => ({ Key: t.key, Value: t.value })));
}

/** S3's `Tagging` header: a URL query string, each key and value percent-encoded (`a=b&c%20d=e`), in key order. */
export function s3TaggingHeader(tags: AwsTags): string {
  return toKeyValueList(tags)
    .map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`)
    .join('&');
}

// Does a registered revision already hold the desired input? Pure.
import { TAG_KEYS } from '../../api/group.js';
import { HASH_VERSION } from '../../domain/task/render.js';

/**
 * True when every field of `desired` is in `actual` with the same value; `actual` may hold more
 * (DescribeTaskDefinition fills defaults and read-only fields). Arrays must have equal length.
 */
export function subsetMatches(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired))
    return (
      Array.isArray(actual) && desired.length === actual.length && desired.every((d, i) => subsetMatches(d, actual[i]))
    );
  if (desired !== null && typeof desired === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(desired).every(
      ([k, v]) => v === undefined || subsetMatches(v, (actual as Record<string, unknown>)[k]),
    );
  }
  return desired === actual;
}

/**
 * Whether a revision matches the desired input: by the spec hash tag when it was written with
 * this operator's hash version; otherwise (an older or newer release canonicalized differently)
 * by comparing the described content, so an upgrade does not re-register every task.
 */
export function revisionMatches(
  revision: { taskDefinition: Record<string, unknown>; tags: Record<string, string> },
  desired: { input: Record<string, unknown>; specSha256: string },
): boolean {
  if (revision.tags[TAG_KEYS.hashVersion] === HASH_VERSION)
    return revision.tags[TAG_KEYS.specSha256] === desired.specSha256;
  const { tags: _tags, ...content } = desired.input;
  return subsetMatches(content, revision.taskDefinition);
}

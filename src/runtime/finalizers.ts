// Finalizer decisions (pure) and the JSON Patch that removes ours without touching anyone else's.

/** What to do about the finalizer, from the object's metadata. */
export type FinalizerAction = 'add' | 'cleanup' | 'none' | 'gone';

/**
 * `add` before the first external write; `cleanup` when deleting with our finalizer on;
 * `gone` when deleting and ours is already off (nothing left to do); else `none`.
 */
export function finalizerAction(
  metadata: { deletionTimestamp?: string; finalizers?: string[] },
  finalizer: string,
): FinalizerAction {
  const has = (metadata.finalizers ?? []).includes(finalizer);
  if (metadata.deletionTimestamp) return has ? 'cleanup' : 'gone';
  return has ? 'none' : 'add';
}

export type JsonPatchOp =
  | { op: 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'add'; path: string; value: unknown };

/**
 * A JSON Patch adding `finalizer`: creates the list when absent, else appends. The `test` op
 * makes the patch fail (409/422) if the list changed since it was read, so a concurrent edit is
 * retried, never overwritten.
 */
export function addFinalizerPatch(finalizers: readonly string[] | undefined, finalizer: string): JsonPatchOp[] {
  if (!finalizers)
    return [
      { op: 'test', path: '/metadata/finalizers', value: null },
      { op: 'add', path: '/metadata/finalizers', value: [finalizer] },
    ];
  return [
    { op: 'test', path: '/metadata/finalizers', value: finalizers },
    { op: 'add', path: '/metadata/finalizers/-', value: finalizer },
  ];
}

/**
 * A JSON Patch removing `finalizer` at its index, guarded by a `test` of that index's value so
 * a list reordered by another controller never loses someone else's finalizer. `undefined`
 * when it is not present.
 */
export function removeFinalizerPatch(
  finalizers: readonly string[] | undefined,
  finalizer: string,
): JsonPatchOp[] | undefined {
  const index = (finalizers ?? []).indexOf(finalizer);
  if (index < 0) return undefined;
  const path = `/metadata/finalizers/${index}`;
  return [
    { op: 'test', path, value: finalizer },
    { op: 'remove', path },
  ];
}

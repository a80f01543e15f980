// Which watch changes deserve a reconcile: not our own status writes.
import { FINALIZER } from '../api/group.js';
import { deepEqual } from '../runtime/deepEqual.js';
import type { ChangeType } from '../runtime/watcher.js';

interface Obj {
  metadata?: {
    generation?: number;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
  };
}

/**
 * True for adds, deletes, and updates that change the generation (spec) or metadata a
 * reconcile reads (annotations, labels, others' finalizers, deletion, ours removed). A status-only
 * update or the addition of our finalizer is skipped: it is the controller's own write echoing back.
 */
export function needsReconcile(type: ChangeType, obj: Obj, old: Obj | undefined): boolean {
  if (type !== 'updated' || !old) return true;
  const a = old.metadata ?? {};
  const b = obj.metadata ?? {};
  return (
    a.generation !== b.generation ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    !deepEqual(a.annotations, b.annotations) ||
    !deepEqual(a.labels, b.labels) ||
    finalizersChanged(a.finalizers, b.finalizers)
  );
}

/** Another controller's finalizer came or went, or ours was removed (not: ours added by the reconcile itself). */
function finalizersChanged(before: string[] | undefined, after: string[] | undefined): boolean {
  if (!deepEqual(withoutOurs(before), withoutOurs(after))) return true;
  return (before ?? []).includes(FINALIZER) && !(after ?? []).includes(FINALIZER);
}

/** Finalizers other than ours: adding ours is the reconcile's own write echoing back. */
function withoutOurs(finalizers: string[] | undefined): string[] {
  return (finalizers ?? []).filter((f) => f !== FINALIZER);
}

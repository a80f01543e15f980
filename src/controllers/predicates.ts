// Which watch changes deserve a reconcile: not our own status writes.
import { deepEqual } from '../runtime/deepEqual.js';
import type { ChangeType } from '../runtime/watcher.js';

interface Obj {
  metadata?: { generation?: number; annotations?: Record<string, string>; labels?: Record<string, string>; finalizers?: string[]; deletionTimestamp?: string };
}

/**
 * True for adds, deletes, and updates that change the generation (spec) or metadata a
 * reconcile reads (annotations, labels, finalizers, deletion). A status-only update is skipped:
 * it is the controller's own write echoing back.
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
    !deepEqual(a.finalizers, b.finalizers)
  );
}

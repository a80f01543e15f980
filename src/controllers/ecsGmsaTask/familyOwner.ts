// Which EcsGmsaTask owns a task definition family when several name it: pure.
import type { EcsGmsaTask } from '../../api/types.js';

function key(t: EcsGmsaTask): string {
  return `${t.metadata.namespace ?? ''}/${t.metadata.name}`;
}

/**
 * The owner among `claimants` (every task naming the family in the region): the one whose status
 * already records the family, else the oldest (creationTimestamp, then key). Stable, so exactly
 * one task registers and the others are Stalled FamilyConflict.
 */
export function familyOwner(claimants: readonly EcsGmsaTask[], family: string): EcsGmsaTask | undefined {
  const recorded = claimants.filter((t) => t.status?.family === family);
  const pool = recorded.length > 0 ? recorded : claimants;
  return [...pool].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || key(a).localeCompare(key(b)))[0];
}

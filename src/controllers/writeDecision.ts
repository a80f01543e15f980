// The create-or-update decision for one AWS object, shared by every store: pure.
import type { Ownership } from '../domain/ownership.js';

/**
 * What to do with one object:
 * - `create`: absent; `none`: ours and up to date; `update`: ours, content differs;
 * - `adopt`: not tagged as anyone's and the CR says `ecsgmsa.io/adopt: "true"`: tag it, then update if needed;
 * - `refuse-foreign`: tagged as another CR's (or cluster's) object: never adopted;
 * - `refuse-unowned`: exists untagged without the adopt annotation: never overwritten.
 */
export type WriteDecision = 'create' | 'none' | 'update' | 'adopt' | 'refuse-foreign' | 'refuse-unowned';

export interface ObservedObject {
  exists: boolean;
  sameContent: boolean;
  /** Ownership read from tags; `ours` without reading when the status already records this object as ours. */
  ownership: Ownership;
}

/** Decides the write for an observed object. */
export function decideWrite(observed: ObservedObject, adopt: boolean): WriteDecision {
  if (!observed.exists) return 'create';
  if (observed.ownership === 'foreign-operator-object') return 'refuse-foreign';
  if (observed.ownership === 'unowned') return adopt ? 'adopt' : 'refuse-unowned';
  return observed.sameContent ? 'none' : 'update';
}

/** The outcome of ensuring one object, for status and events. */
export type EnsureAction = 'unchanged' | 'created' | 'updated' | 'adopted' | 'restored';

/** The action to report for an existing object: adoption first, then whether content was written. */
export function existingAction(decision: WriteDecision, wrote: boolean): EnsureAction {
  if (decision === 'adopt') return 'adopted';
  return wrote ? 'updated' : 'unchanged';
}

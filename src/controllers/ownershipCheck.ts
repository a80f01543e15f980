// Turns an ownership finding into a write decision or a Stalled AlreadyExists outcome.
import { ownershipOf, type Owner, type Ownership } from '../domain/ownership.js';
import { BlockedError } from './outcome.js';
import { decideWrite, type WriteDecision } from './writeDecision.js';

export interface Existing {
  /** Human name of the object, e.g. `SSM parameter /gmsa/x`. */
  what: string;
  sameContent: boolean;
  /** Tags read from AWS; `undefined` when the status already records the object as ours (no read needed). */
  tags: Record<string, string> | undefined;
}

/**
 * The decision for an existing object. Refusals become a BlockedError (Stalled AlreadyExists)
 * whose message says how to resolve it; nothing is written.
 */
export function decideExisting(existing: Existing, owner: Owner, adopt: boolean): Exclude<WriteDecision, 'create' | 'refuse-foreign' | 'refuse-unowned'> {
  const ownership: Ownership = existing.tags === undefined ? 'ours' : ownershipOf(existing.tags, owner);
  const decision = decideWrite({ exists: true, sameContent: existing.sameContent, ownership }, adopt);
  if (decision === 'refuse-foreign') {
    throw new BlockedError({ kind: 'stalled', reason: 'AlreadyExists', message: `${existing.what} already exists and belongs to another ${owner.kind} or cluster (ecsgmsa.io tags); it is never adopted: choose another name` });
  }
  if (decision === 'refuse-unowned') {
    throw new BlockedError({ kind: 'stalled', reason: 'AlreadyExists', message: `${existing.what} already exists and is not managed by this ${owner.kind}; annotate it ecsgmsa.io/adopt: "true" to take it over, or choose another name` });
  }
  if (decision === 'create') throw new Error('decideExisting called for an absent object');
  return decision;
}

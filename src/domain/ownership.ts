// The ownership tags on every AWS object the operator creates, how to read them back, and what the
// operator may do with an object that already exists: pure.
import { TAG_KEYS, type OurKind } from '../api/group.js';

/** Who owns an AWS object: the cluster and the custom resource. */
export interface Owner {
  cluster: string;
  kind: OurKind;
  namespace: string;
  name: string;
}

/** Tags naming `owner`, one per field (a tag value holds at most 256 characters). */
export function ownershipTags(owner: Owner): Record<string, string> {
  return {
    [TAG_KEYS.cluster]: owner.cluster,
    [TAG_KEYS.kind]: owner.kind,
    [TAG_KEYS.namespace]: owner.namespace,
    [TAG_KEYS.name]: owner.name,
  };
}

export type Ownership = 'ours' | 'foreign-operator-object' | 'unowned';

/**
 * Compares an object's tags with `owner`: `ours`, another CR's or cluster's object
 * (`foreign-operator-object`, never adopted), or `unowned` (adoptable only where permitted).
 */
export function ownershipOf(tags: Readonly<Record<string, string>>, owner: Owner): Ownership {
  const expected = ownershipTags(owner);
  const keys = Object.keys(expected);
  if (keys.every((k) => tags[k] === expected[k])) return 'ours';
  if (keys.some((k) => tags[k] !== undefined)) return 'foreign-operator-object';
  return 'unowned';
}

/** Whether a CR may take over an untagged object: it asks (annotation) and the tenancy policy allows it. */
export interface AdoptionRequest {
  annotated: boolean;
  permitted: boolean;
}

/**
 * What to do with an object that exists: `use` it (ours), `adopt` it (untagged, asked for and
 * permitted), or refuse. An object of another CR or cluster is never taken over.
 */
export type ExistingDecision =
  | { kind: 'use' }
  | { kind: 'adopt' }
  | { kind: 'refuse'; why: 'owned-by-another' | 'not-managed' | 'adoption-not-permitted' };

/** Decides about an existing object from its ownership and the adoption request. */
export function decideExisting(ownership: Ownership, adoption: AdoptionRequest): ExistingDecision {
  if (ownership === 'ours') return { kind: 'use' };
  if (ownership === 'foreign-operator-object') return { kind: 'refuse', why: 'owned-by-another' };
  if (!adoption.annotated) return { kind: 'refuse', why: 'not-managed' };
  return adoption.permitted ? { kind: 'adopt' } : { kind: 'refuse', why: 'adoption-not-permitted' };
}

/**
 * The message of a refusal, about `what` (e.g. `SSM parameter /gmsa/x`). It never names the owner:
 * another namespace's objects are not revealed.
 */
export function refusalMessage(what: string, why: Extract<ExistingDecision, { kind: 'refuse' }>['why']): string {
  switch (why) {
    case 'owned-by-another':
      return `${what} already exists and is owned by another resource; it is never taken over: choose another name`;
    case 'not-managed':
      return `${what} already exists and was not created by this resource; choose another name, or annotate the resource ecsgmsa.io/adopt: "true" to take it over where the tenancy policy allows adoption`;
    case 'adoption-not-permitted':
      return `${what} already exists and was not created by this resource; ecsgmsa.io/adopt is set, but the tenancy policy does not allow adoption in this namespace: choose another name`;
  }
}

/** The message of a refused task definition family (`family` names family and region); never names the owner. */
export function familyRefusalMessage(
  family: string,
  why: Extract<ExistingDecision, { kind: 'refuse' }>['why'],
): string {
  const base = `task definition family ${family} has ACTIVE revisions this resource did not register`;
  switch (why) {
    case 'owned-by-another':
      return `${base}: they are owned by another resource, and a family is never extended on top of another's revisions: choose another family`;
    case 'not-managed':
      return `${base} (made outside the operator); the operator does not extend a family it does not own: choose another family, or annotate the resource ecsgmsa.io/adopt: "true" where the tenancy policy allows adoption`;
    case 'adoption-not-permitted':
      return `${base} (made outside the operator); ecsgmsa.io/adopt is set, but the tenancy policy does not allow adoption in this namespace: choose another family`;
  }
}

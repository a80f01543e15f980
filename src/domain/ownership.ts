// The ownership tags on every AWS object the operator creates, and how to read them back.
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
 * (`foreign-operator-object`, never adopted), or `unowned` (adoptable when annotated).
 */
export function ownershipOf(tags: Readonly<Record<string, string>>, owner: Owner): Ownership {
  const expected = ownershipTags(owner);
  const keys = Object.keys(expected);
  if (keys.every((k) => tags[k] === expected[k])) return 'ours';
  if (keys.some((k) => tags[k] !== undefined)) return 'foreign-operator-object';
  return 'unowned';
}

import {
  decideExisting,
  familyRefusalMessage,
  ownershipOf,
  ownershipTags,
  refusalMessage,
  type Owner,
} from '../../../src/domain/ownership.js';

const owner: Owner = { cluster: 'prod', kind: 'GmsaCredentialSpec', namespace: 'team-a', name: 'web' };
const ours = ownershipTags(owner);

describe('ownershipOf', () => {
  it.each([
    ['every ownership tag matches', { ...ours, team: 'a' }, 'ours'],
    ['another name in the same namespace', { ...ours, 'ecsgmsa.io/name': 'api' }, 'foreign-operator-object'],
    ['another cluster', { ...ours, 'ecsgmsa.io/cluster': 'staging' }, 'foreign-operator-object'],
    ['another kind', { ...ours, 'ecsgmsa.io/kind': 'EcsGmsaTask' }, 'foreign-operator-object'],
    ['one ownership tag only (a partial copy)', { 'ecsgmsa.io/namespace': 'team-a' }, 'foreign-operator-object'],
    ['no ownership tag at all', { team: 'a' }, 'unowned'],
  ] as const)('%s → %s', (_name, tags, expected) => {
    expect(ownershipOf(tags, owner)).toBe(expected);
  });
});

describe('decideExisting', () => {
  it.each([
    ['ours is used', 'ours', false, false, { kind: 'use' }],
    ['ours is used whatever the annotation', 'ours', true, false, { kind: 'use' }],
    [
      "another resource's is refused, even annotated and permitted",
      'foreign-operator-object',
      true,
      true,
      { kind: 'refuse', why: 'owned-by-another' },
    ],
    [
      'an untagged object without the annotation is refused',
      'unowned',
      false,
      true,
      { kind: 'refuse', why: 'not-managed' },
    ],
    [
      'an untagged object annotated where the policy forbids adoption is refused',
      'unowned',
      true,
      false,
      { kind: 'refuse', why: 'adoption-not-permitted' },
    ],
    [
      'an untagged object annotated where the policy allows adoption is adopted',
      'unowned',
      true,
      true,
      { kind: 'adopt' },
    ],
  ] as const)('%s', (_name, ownership, annotated, permitted, expected) => {
    expect(decideExisting(ownership, { annotated, permitted })).toStrictEqual(expected);
  });
});

describe('refusal messages never name the owner', () => {
  it.each(['owned-by-another', 'not-managed', 'adoption-not-permitted'] as const)('%s', (why) => {
    for (const message of [
      refusalMessage('SSM parameter /gmsa/team-b/x', why),
      familyRefusalMessage('team-b-api (us-east-1)', why),
    ]) {
      expect(message).not.toMatch(/namespace [a-z]|ecsgmsa\.io\/(name|namespace)/);
      expect(message).toMatch(/choose another/);
    }
  });
});

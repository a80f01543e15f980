import { revisionMatches, subsetMatches } from '../../../src/controllers/ecsGmsaTask/revisionMatch.js';
import { familyOwner } from '../../../src/controllers/ecsGmsaTask/familyOwner.js';
import type { EcsGmsaTask } from '../../../src/api/types.js';

const input = { family: 'web', containerDefinitions: [{ name: 'app', image: 'img:1', memory: 512 }], tags: [{ key: 'ecsgmsa.io/spec-sha256', value: 'h1' }] };

describe('revision comparison', () => {
  it.each([
    ['the same hash under the same hash version', { 'ecsgmsa.io/hash-version': '1', 'ecsgmsa.io/spec-sha256': 'h1' }, {}, true],
    ['another hash under the same hash version', { 'ecsgmsa.io/hash-version': '1', 'ecsgmsa.io/spec-sha256': 'h0' }, {}, false],
    ['an older hash version with the same content plus ECS defaults', { 'ecsgmsa.io/hash-version': '0', 'ecsgmsa.io/spec-sha256': 'zz' }, { essential: true, cpu: 0 }, true],
    ['an older hash version with different content', { 'ecsgmsa.io/hash-version': '0', 'ecsgmsa.io/spec-sha256': 'zz' }, { image: 'img:0' }, false],
  ])('%s', (_name, tags, containerExtra, expected) => {
    const described = { family: 'web', revision: 3, status: 'ACTIVE', containerDefinitions: [{ name: 'app', image: 'img:1', memory: 512, ...containerExtra }] };
    expect(revisionMatches({ taskDefinition: described, tags }, { input, specSha256: 'h1' })).toBe(expected);
  });

  it.each([
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [{ a: [1, 2] }, { a: [1, 2, 3] }, false],
    [{ a: { b: 'x' } }, { a: { b: 'y' } }, false],
    [{ a: undefined }, {}, true],
  ])('subsetMatches(%p, %p) is %p', (desired, actual, expected) => {
    expect(subsetMatches(desired, actual)).toBe(expected);
  });
});

describe('family owner', () => {
  const task = (name: string, created: string, family?: string): EcsGmsaTask => ({ apiVersion: 'ecsgmsa.io/v1alpha1', kind: 'EcsGmsaTask', metadata: { name, namespace: 'ns', creationTimestamp: created }, spec: { taskDefinition: { family: 'f', containerDefinitions: [] } }, ...(family ? { status: { family } } : {}) });

  it('is the task whose status records the family, even if younger', () => {
    expect(familyOwner([task('old', '2026-01-01T00:00:00Z'), task('young', '2026-02-01T00:00:00Z', 'f')], 'f')?.metadata.name).toBe('young');
  });

  it('is the oldest claimant when none has registered yet', () => {
    expect(familyOwner([task('b', '2026-02-01T00:00:00Z'), task('a', '2026-01-01T00:00:00Z')], 'f')?.metadata.name).toBe('a');
  });
});

import { revisionMatches, subsetMatches } from '../../../src/controllers/ecsGmsaTask/revisionMatch.js';
import { familyOwner } from '../../../src/controllers/ecsGmsaTask/desired.js';
import type { EcsGmsaTask } from '../../../src/api/types.js';

const input = {
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'img:1', memory: 512 }],
  tags: [{ key: 'ecsgmsa.io/spec-sha256', value: 'h1' }],
};

describe('revision comparison', () => {
  it.each([
    [
      'the same hash under the same hash version',
      { 'ecsgmsa.io/hash-version': '1', 'ecsgmsa.io/spec-sha256': 'h1' },
      {},
      true,
    ],
    [
      'another hash under the same hash version',
      { 'ecsgmsa.io/hash-version': '1', 'ecsgmsa.io/spec-sha256': 'h0' },
      {},
      false,
    ],
    [
      'an older hash version with the same content plus ECS defaults',
      { 'ecsgmsa.io/hash-version': '0', 'ecsgmsa.io/spec-sha256': 'zz' },
      { essential: true, cpu: 0 },
      true,
    ],
    [
      'an older hash version with different content',
      { 'ecsgmsa.io/hash-version': '0', 'ecsgmsa.io/spec-sha256': 'zz' },
      { image: 'img:0' },
      false,
    ],
  ])('%s', (_name, tags, containerExtra, expected) => {
    const described = {
      family: 'web',
      revision: 3,
      status: 'ACTIVE',
      containerDefinitions: [{ name: 'app', image: 'img:1', memory: 512, ...containerExtra }],
    };
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
  const arn = (region: string, family: string): string =>
    `arn:aws:ecs:${region}:111122223333:task-definition/${family}:3`;
  const task = (name: string, created: string, status: EcsGmsaTask['status'] = {}): EcsGmsaTask => ({
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name, namespace: 'ns', creationTimestamp: created },
    spec: { taskDefinition: { family: 'f', containerDefinitions: [] } },
    status,
  });

  it.each<[string, EcsGmsaTask[], string | undefined]>([
    [
      'the task that registered there, even if younger',
      [
        task('old', '2026-01-01T00:00:00Z'),
        task('young', '2026-02-01T00:00:00Z', { family: 'f', taskDefinitionArn: arn('us-east-1', 'f') }),
      ],
      'young',
    ],
    [
      'nobody while none has registered: AWS-side ownership decides',
      [task('b', '2026-02-01T00:00:00Z'), task('a', '2026-01-01T00:00:00Z')],
      undefined,
    ],
    [
      'not a task that only tried (its status names the family, its revision is elsewhere)',
      [
        task('squatter', '2026-01-01T00:00:00Z', {
          family: 'f',
          region: 'us-east-1',
          taskDefinitionArn: arn('us-east-1', 'other'),
        }),
        task('platform', '2026-02-01T00:00:00Z'),
      ],
      undefined,
    ],
    [
      'not a task that registered the family in another region',
      [
        task('west', '2026-01-01T00:00:00Z', { family: 'f', taskDefinitionArn: arn('us-west-2', 'f') }),
        task('east', '2026-02-01T00:00:00Z', { family: 'f', taskDefinitionArn: arn('us-east-1', 'f') }),
      ],
      'east',
    ],
    [
      'the oldest of two that registered in a race',
      [
        task('b', '2026-02-01T00:00:00Z', { taskDefinitionArn: arn('us-east-1', 'f') }),
        task('a', '2026-01-01T00:00:00Z', { taskDefinitionArn: arn('us-east-1', 'f') }),
      ],
      'a',
    ],
  ])('is %s', (_name, claimants, owner) => {
    expect(familyOwner(claimants, 'f', 'us-east-1')?.metadata.name).toBe(owner);
  });
});

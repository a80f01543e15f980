import { PREVIOUS_OBJECTS_MAX } from '../../../src/api/limits.js';
import { familyLimitIssues, recordedFamilies, switchFamily } from '../../../src/controllers/ecsGmsaTask/plan.js';

const f = (family: string, region = 'us-east-1') => ({ family, region });

describe('switchFamily: the family recorded before the first registration', () => {
  it.each([
    [
      'a first reconcile records the family and its region',
      undefined,
      f('a'),
      { family: 'a', region: 'us-east-1' },
      undefined,
    ],
    [
      'the same family retires nothing',
      { family: 'a', region: 'us-east-1' },
      f('a'),
      { family: 'a', region: 'us-east-1' },
      undefined,
    ],
    [
      'a new family retires the old one',
      { family: 'a', region: 'us-east-1' },
      f('b'),
      { family: 'b', region: 'us-east-1' },
      f('a'),
    ],
    [
      'a new region retires the family in the old region',
      { family: 'a', region: 'us-east-1' },
      f('a', 'eu-west-1'),
      { family: 'a', region: 'eu-west-1' },
      f('a'),
    ],
    [
      'a status without a region (an older release) reads as the default region',
      { family: 'a' },
      f('a'),
      { family: 'a', region: 'us-east-1' },
      undefined,
    ],
    [
      'returning to a previous family takes it off the list',
      { family: 'b', region: 'us-east-1', previousFamilies: [f('a')] },
      f('a'),
      { family: 'a', region: 'us-east-1' },
      f('b'),
    ],
  ])('%s', (_name, status, desired, next, retired) => {
    const result = switchFamily(status, desired, 'us-east-1');
    expect(result.next).toStrictEqual(next);
    expect(result.retired).toStrictEqual(retired);
  });

  it('lists every recorded family once, current first', () => {
    expect(
      recordedFamilies(
        { family: 'a', region: 'us-east-1', previousFamilies: [f('b'), f('a'), f('a', 'eu-west-1')] },
        'us-east-1',
      ),
    ).toStrictEqual([f('a'), f('b'), f('a', 'eu-west-1')]);
    expect(recordedFamilies(undefined, 'us-east-1')).toStrictEqual([]);
  });

  it('refuses to keep more earlier families than status holds', () => {
    const many = Array.from({ length: PREVIOUS_OBJECTS_MAX + 1 }, (_, i) => f(`p${i}`));
    expect(familyLimitIssues({ family: 'x', previousFamilies: many }).map((i) => i.field)).toStrictEqual([
      'spec.taskDefinition.family',
    ]);
    expect(familyLimitIssues({ family: 'x', previousFamilies: many.slice(1) })).toStrictEqual([]);
  });
});

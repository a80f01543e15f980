// ecsgmsa_objects: objects counted by Ready / Stalled / Reconciling, as kstatus reads conditions.
import {
  conditionStatus,
  countConditions,
  type ObjectWithConditions,
  type WatchedCondition,
} from '../../../src/observability/objectConditions.js';

const withConditions = (...conditions: [string, string][]): ObjectWithConditions => ({
  status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
});

describe('conditionStatus', () => {
  const cases: [string, ObjectWithConditions, WatchedCondition, string][] = [
    ['an object never reconciled has Ready Unknown', {}, 'Ready', 'Unknown'],
    ['an object never reconciled is not Stalled', {}, 'Stalled', 'False'],
    ['an object never reconciled is not Reconciling', {}, 'Reconciling', 'False'],
    ['Ready=True counts as True', withConditions(['Ready', 'True']), 'Ready', 'True'],
    ['Ready=False counts as False', withConditions(['Ready', 'False'], ['Stalled', 'True']), 'Ready', 'False'],
    [
      'a Stalled condition present is read as written',
      withConditions(['Ready', 'False'], ['Stalled', 'True']),
      'Stalled',
      'True',
    ],
    [
      'a missing Reconciling condition is False (kstatus writes it only when True)',
      withConditions(['Ready', 'True']),
      'Reconciling',
      'False',
    ],
    ['a status other than True or False is Unknown', withConditions(['Ready', 'Maybe']), 'Ready', 'Unknown'],
    ['other condition types are ignored', withConditions(['CredentialSpecStored', 'True']), 'Ready', 'Unknown'],
  ];

  it.each(cases)('%s', (_name, obj, type, expected) => {
    expect(conditionStatus(obj, type)).toBe(expected);
  });
});

describe('countConditions', () => {
  it('gives every condition and status a count, zero included, for no objects', () => {
    const zero = { True: 0, False: 0, Unknown: 0 };
    expect(countConditions([])).toStrictEqual({ Ready: zero, Stalled: zero, Reconciling: zero });
  });

  it('counts each object once per condition, so each condition adds up to the number of objects', () => {
    const objects = [
      withConditions(['Ready', 'True']),
      withConditions(['Ready', 'True']),
      withConditions(['Ready', 'False'], ['Stalled', 'True']),
      withConditions(['Ready', 'False'], ['Reconciling', 'True']),
      {},
    ];
    const counts = countConditions(objects);
    expect(counts).toStrictEqual({
      Ready: { True: 2, False: 2, Unknown: 1 },
      Stalled: { True: 1, False: 4, Unknown: 0 },
      Reconciling: { True: 1, False: 4, Unknown: 0 },
    });
    for (const byStatus of Object.values(counts))
      expect(byStatus.True + byStatus.False + byStatus.Unknown).toBe(objects.length);
  });
});

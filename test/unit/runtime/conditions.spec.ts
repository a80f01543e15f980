import { setCondition, setConditions, type Condition } from '../../../src/runtime/conditions.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:05:00Z';
const ready = (status: Condition['status'], reason = 'Ready'): Condition => ({
  type: 'Ready',
  status,
  reason,
  message: 'm',
  lastTransitionTime: T0,
  observedGeneration: 1,
});

describe('conditions', () => {
  it('keeps lastTransitionTime when the status does not flip, refreshing the rest', () => {
    const next = setCondition(
      [ready('False', 'Progressing')],
      { type: 'Ready', status: 'False', reason: 'AwsRetrying', message: 'x' },
      2,
      T1,
    );
    expect(next).toStrictEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'AwsRetrying',
        message: 'x',
        lastTransitionTime: T0,
        observedGeneration: 2,
      },
    ]);
  });

  it('moves lastTransitionTime on a flip', () => {
    expect(
      setCondition([ready('False')], { type: 'Ready', status: 'True', reason: 'Ready', message: 'ok' }, 1, T1)[0]
        ?.lastTransitionTime,
    ).toBe(T1);
  });

  it.each(['Reconciling', 'Stalled'])('%s exists only while True', (type) => {
    const on = setCondition([ready('False')], { type, status: 'True', reason: 'Progressing', message: 'x' }, 1, T1);
    expect(on.map((c) => c.type)).toStrictEqual(['Ready', type]);
    expect(
      setCondition(on, { type, status: 'False', reason: 'Ready', message: '' }, 1, T1).map((c) => c.type),
    ).toStrictEqual(['Ready']);
  });

  it('keeps the position of existing conditions (stable status, no spurious diffs)', () => {
    const start = setConditions(
      [],
      [
        { type: 'Ready', status: 'False', reason: 'A', message: '' },
        { type: 'CredentialSpecStored', status: 'True', reason: 'B', message: '' },
      ],
      1,
      T0,
    );
    const next = setCondition(start, { type: 'Ready', status: 'True', reason: 'Ready', message: '' }, 1, T1);
    expect(next.map((c) => c.type)).toStrictEqual(['Ready', 'CredentialSpecStored']);
  });
});

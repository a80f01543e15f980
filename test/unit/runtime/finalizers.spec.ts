import { addFinalizerPatch, finalizerAction, removeFinalizerPatch } from '../../../src/runtime/finalizers.js';

const F = 'ecsgmsa.io/cleanup';

describe('finalizers', () => {
  it.each([
    ['add before the first write', {}, 'add'],
    ['nothing when present', { finalizers: [F] }, 'none'],
    ['cleanup when deleting with ours', { deletionTimestamp: 't', finalizers: ['other', F] }, 'cleanup'],
    ['gone when deleting without ours', { deletionTimestamp: 't', finalizers: ['other'] }, 'gone'],
  ])('%s', (_name, metadata, action) => {
    expect(finalizerAction(metadata, F)).toBe(action);
  });

  it('removes ours by index with a guarding test op', () => {
    expect(removeFinalizerPatch(['a', F, 'b'], F)).toStrictEqual([
      { op: 'test', path: '/metadata/finalizers/1', value: F },
      { op: 'remove', path: '/metadata/finalizers/1' },
    ]);
    expect(removeFinalizerPatch(['a'], F)).toBeUndefined();
  });

  it('appends to an existing list guarded by its current value', () => {
    expect(addFinalizerPatch(['a'], F)).toStrictEqual([
      { op: 'test', path: '/metadata/finalizers', value: ['a'] },
      { op: 'add', path: '/metadata/finalizers/-', value: F },
    ]);
  });
});

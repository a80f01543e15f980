import { needsReconcile } from '../../../src/controllers/predicates.js';

const base = { metadata: { generation: 1, annotations: { a: '1' }, finalizers: ['other'] } };
const withMeta = (m: object) => ({ metadata: { ...base.metadata, ...m } });

describe('needsReconcile', () => {
  it.each([
    ['an add', 'added', base, undefined, true],
    ['a delete', 'deleted', base, base, true],
    ['a status-only update (our own write)', 'updated', base, base, false],
    ['a spec change (generation)', 'updated', withMeta({ generation: 2 }), base, true],
    ['an annotation change', 'updated', withMeta({ annotations: { a: '2' } }), base, true],
    [
      'our finalizer added (our own write)',
      'updated',
      withMeta({ finalizers: ['other', 'ecsgmsa.io/cleanup'] }),
      base,
      false,
    ],
    [
      'our finalizer removed by someone',
      'updated',
      base,
      withMeta({ finalizers: ['other', 'ecsgmsa.io/cleanup'] }),
      true,
    ],
    ['another finalizer removed', 'updated', withMeta({ finalizers: [] }), base, true],
    ['deletion requested', 'updated', withMeta({ deletionTimestamp: 't' }), base, true],
  ] as const)('%s: %s', (_name, type, obj, old, expected) => {
    expect(needsReconcile(type, obj, old)).toBe(expected);
  });
});

import { identityOnly, LAST_APPLIED, slimForCache } from '../../../src/runtime/cacheTransforms.js';

const spec = { region: 'us-east-1' };
const status = { conditions: [{ type: 'Ready', status: 'True' }] };

describe('slimForCache', () => {
  it.each([
    ['drops managedFields', { name: 'a', managedFields: [{ manager: 'kubectl' }] }, { name: 'a' }],
    [
      'drops the last-applied annotation and keeps the others',
      { name: 'a', annotations: { [LAST_APPLIED]: '{"spec":{}}', 'ecsgmsa.io/suspend': 'true' } },
      { name: 'a', annotations: { 'ecsgmsa.io/suspend': 'true' } },
    ],
    [
      'drops annotations left empty',
      { name: 'a', annotations: { [LAST_APPLIED]: '{}' }, managedFields: [] },
      { name: 'a' },
    ],
    [
      'keeps labels, finalizers, generation and deletion',
      {
        name: 'a',
        labels: { x: 'y' },
        finalizers: ['ecsgmsa.io/cleanup'],
        generation: 3,
        deletionTimestamp: '2026-01-01T00:00:00Z',
        managedFields: [],
      },
      {
        name: 'a',
        labels: { x: 'y' },
        finalizers: ['ecsgmsa.io/cleanup'],
        generation: 3,
        deletionTimestamp: '2026-01-01T00:00:00Z',
      },
    ],
  ])('%s', (_what, metadata, expected) => {
    expect(slimForCache({ metadata, spec, status })).toStrictEqual({ metadata: expected, spec, status });
  });

  it('returns the same object when there is nothing to drop (no copy per event)', () => {
    const obj = { metadata: { name: 'a', annotations: { 'ecsgmsa.io/adopt': 'true' } }, spec };
    expect(slimForCache(obj)).toBe(obj);
  });

  it('does not modify the object it was given', () => {
    const obj = { metadata: { name: 'a', managedFields: [], annotations: { [LAST_APPLIED]: '{}' } } };
    slimForCache(obj);
    expect(obj.metadata).toHaveProperty('managedFields');
    expect(obj.metadata.annotations).toHaveProperty([LAST_APPLIED]);
  });
});

describe('identityOnly', () => {
  it('keeps name, namespace, uid and resourceVersion: nothing a kubectl-applied Secret hides in annotations', () => {
    const secret = {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: {
        name: 's',
        namespace: 'team-a',
        uid: 'u-1',
        resourceVersion: '42',
        labels: { a: 'b' },
        annotations: { [LAST_APPLIED]: '{"stringData":{"password":"p@ss"}}' },
        managedFields: [{}],
      },
    };
    expect(identityOnly(secret)).toStrictEqual({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { name: 's', namespace: 'team-a', uid: 'u-1', resourceVersion: '42' },
    });
  });
});

import { EXAMPLE_TENANCY } from '../../fixtures/tenancy.js';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import { INVALID_CASES, validCredSpec, validTask } from '../../fixtures/manifests.js';

const ctx = { accountId: '111122223333', region: 'us-east-1', clusterName: 'default', tenancy: EXAMPLE_TENANCY };

describe('validate rejects what the apiserver rejects (the same fixtures run against the real server in test/integration)', () => {
  it('accepts the valid base objects', () => {
    const report = renderDocuments(
      [validCredSpec('ns'), validTask('ns')].map((value, document) => ({ file: 'x.yaml', document, value })),
      ctx,
    );
    expect(report.errors).toStrictEqual([]);
  });

  it.each(INVALID_CASES.map((c) => [c.name, c] as const))('rejects %s on its field', (_name, c) => {
    const obj = c.build('ns');
    const docs = obj.kind === 'EcsGmsaTask' ? [validCredSpec('ns'), obj] : [obj];
    const report = renderDocuments(
      docs.map((value, document) => ({ file: 'x.yaml', document, value })),
      ctx,
    );
    expect(report.errors.map((e) => e.field)).toContain(c.field);
  });
});

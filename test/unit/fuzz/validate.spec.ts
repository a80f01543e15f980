import { EXAMPLE_TENANCY } from '../../fixtures/tenancy.js';
import fc from 'fast-check';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import { validCredSpec } from '../../fixtures/manifests.js';
import { mutatedManifest } from '../../fixtures/mutations.js';

const ctx = { accountId: '111122223333', region: 'us-east-1', clusterName: 'default', tenancy: EXAMPLE_TENANCY };

describe('validate and render under hostile input (property-based)', () => {
  it('never throws; every error names a field and says something; only clean documents render', () => {
    fc.assert(
      fc.property(mutatedManifest('ns', 'fuzz'), (manifest) => {
        const docs = [validCredSpec('ns'), manifest].map((value, document) => ({ file: 'f.yaml', document, value }));
        const report = renderDocuments(docs, ctx);
        for (const e of report.errors) {
          expect(e.field.length).toBeGreaterThan(0);
          expect(e.message.length).toBeGreaterThan(3);
        }
        const rendered = [...report.credentialSpecs, ...report.taskDefinitions].filter((r) => r.name === 'fuzz');
        const failed = report.errors.some((e) => e.name === 'fuzz');
        expect(rendered.length > 0 && failed).toBe(false);
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});

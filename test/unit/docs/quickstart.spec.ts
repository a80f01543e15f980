// docs/quickstart.md: its manifests pass the example overlay's tenancy policy, and the status values it
// shows are the ones the operator computes for them (region and cluster of the example overlay).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCommand } from '../../../src/cli/renderCommand.js';
import type { RenderReport } from '../../../src/domain/offline/types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/quickstart.md'), 'utf8');

/** The value printed after `label:` in the doc's sample output. */
function shown(label: string): string | undefined {
  return new RegExp(`^\\s*${label}:\\s+(\\S+)$`, 'm').exec(doc)?.[1];
}

describe('docs/quickstart.md', () => {
  let report: RenderReport;
  let code: number;

  beforeAll(async () => {
    const manifests = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((b) => b.includes('apiVersion:'));
    expect(manifests).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'quickstart-doc-'));
    const file = join(dir, 'all.yaml');
    writeFileSync(file, manifests.join('---\n'));
    let stdout = '';
    try {
      code = await renderCommand(
        {
          files: [file],
          accountId: '111122223333',
          region: 'eu-west-1',
          clusterName: 'prod-euw1',
          tenancy: { tenancyPolicy: join(root, 'deploy/overlays/example/tenancy.yaml') },
        },
        { stdout: (t) => void (stdout += t), stderr: () => undefined },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    report = JSON.parse(stdout) as RenderReport;
  });

  it('has manifests that pass validation and the example tenancy policy', () => {
    expect({ code, errors: report.errors }).toEqual({ code: 0, errors: [] });
    expect(report.credentialSpecs.map((c) => c.name)).toEqual(['webapp01']);
    expect(report.taskDefinitions.map((t) => t.name)).toEqual(['web']);
  });

  it('shows the reference, policies and spec hash the operator computes', () => {
    const credSpec = report.credentialSpecs[0]!;
    const task = report.taskDefinitions[0]!;
    expect(shown('Credential Spec Reference')).toBe(credSpec.reference);
    expect(shown('Execution Role Policy')).toBe(JSON.stringify(credSpec.executionRolePolicy));
    expect(shown('Instance Role Policy')).toBe(JSON.stringify(credSpec.instanceRolePolicy));
    const tags = (task.input as { tags?: { key: string; value: string }[] }).tags ?? [];
    expect(shown('specSha256')).toBe(tags.find((t) => t.key === 'ecsgmsa.io/spec-sha256')?.value);
  });
});

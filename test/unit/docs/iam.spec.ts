// docs/iam.md: every policy it shows is what `render` computes for the manifest it names.
import { EXAMPLE_TENANCY_FLAGS } from '../../fixtures/tenancy.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCommand } from '../../../src/cli/renderCommand.js';
import type { RenderReport } from '../../../src/domain/offline/types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/iam.md'), 'utf8');

function blocks(language: string): string[] {
  return [...doc.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

async function render(files: string[]): Promise<RenderReport> {
  let stdout = '';
  const code = await renderCommand(
    {
      files,
      accountId: '111122223333',
      region: 'us-east-1',
      clusterName: 'default',
      tenancy: {
        s3Buckets: [...EXAMPLE_TENANCY_FLAGS.s3Buckets, 'contoso-gmsa-credspecs'],
        kmsKeys: [
          'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321',
          'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ],
      },
    },
    { stdout: (t) => void (stdout += t), stderr: () => undefined },
  );
  expect(code).toBe(0);
  return JSON.parse(stdout) as RenderReport;
}

describe('docs/iam.md', () => {
  it('shows only policies render computes for the examples and manifests it names', async () => {
    const examples = [...new Set([...doc.matchAll(/`(examples\/[\w.-]+\.yaml)`/g)].map((m) => m[1]!))];
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const inline = blocks('yaml').filter((b) => b.includes('kind: GmsaCredentialSpec'));
    const dir = mkdtempSync(join(tmpdir(), 'iam-doc-'));
    const inlineFiles = inline.map((text, i) => {
      const file = join(dir, `inline-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const report = await render([...examples.map((e) => join(root, e)), ...inlineFiles]).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    const computed = new Set(
      report.credentialSpecs.flatMap((c) =>
        [c.executionRolePolicy, c.instanceRolePolicy].filter(Boolean).map((p) => JSON.stringify(p)),
      ),
    );
    const shown = blocks('json').map((b) => JSON.stringify(JSON.parse(b)));
    expect(shown.length).toBeGreaterThanOrEqual(7);
    for (const policy of shown) expect({ policy, computed: computed.has(policy) }).toEqual({ policy, computed: true });
  });
});

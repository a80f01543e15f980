import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { EXAMPLE_TENANCY_FLAGS } from '../../fixtures/tenancy.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { renderCommand, validateCommand, type OfflineOptions } from '../../../src/cli/renderCommand.js';
import { runProgram } from '../../../src/cli/program.js';
import type { RenderReport } from '../../../src/domain/offline/types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(root, 'examples');
const golden = join(root, 'test', 'golden');

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, sink: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

function options(files: string[]): OfflineOptions {
  return {
    files,
    accountId: '111122223333',
    region: 'us-east-1',
    clusterName: 'default',
    tenancy: EXAMPLE_TENANCY_FLAGS,
  };
}

async function render(
  files: string[],
  stdin?: string,
): Promise<{ code: number; report: RenderReport; stderr: string }> {
  const { out, sink } = capture();
  const code = await renderCommand(options(files), sink, stdin === undefined ? undefined : Readable.from([stdin]));
  return { code, report: JSON.parse(out.stdout) as RenderReport, stderr: out.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'egt-')), name);
  writeFileSync(path, text);
  return path;
}

describe('render on examples/', () => {
  it.each(readdirSync(examples).filter((f) => f.endsWith('.yaml')))(
    '%s renders cleanly and matches its golden file',
    async (file) => {
      const { code, report } = await render([join(examples, file)]);
      expect(report.errors).toStrictEqual([]);
      expect(code).toBe(0);
      const expected = readFileSync(join(golden, file.replace(/\.yaml$/, '.render.json')), 'utf8');
      expect(JSON.stringify({ ...report, skipped: report.skipped.map((s) => ({ ...s, file })) }, null, 2) + '\n').toBe(
        expected,
      );
    },
  );
});

describe('render and validate input handling', () => {
  it('names a missing file and exits 2', async () => {
    const { code, report } = await render(['/nonexistent/x.yaml']);
    expect(code).toBe(2);
    expect(report.errors).toStrictEqual([
      {
        file: '/nonexistent/x.yaml',
        document: -1,
        kind: '',
        namespace: '',
        name: '',
        field: '',
        message: 'no such file or directory',
      },
    ]);
  });

  it('names the file and document of a YAML syntax error and exits 2', async () => {
    const path = tempFile('bad.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkey: [unclosed\n');
    const { code, report } = await render([path]);
    expect(code).toBe(2);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: path, document: 1 });
    expect(report.errors[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
  });

  it('reports an unknown ecsgmsa.io kind with its document index and exits 1', async () => {
    const path = tempFile(
      'kind.yaml',
      'apiVersion: ecsgmsa.io/v1alpha1\nkind: GmsaThing\nmetadata: {name: a, namespace: team-n}\nspec: {}\n',
    );
    const { code, report } = await render([path]);
    expect(code).toBe(1);
    expect(report.errors).toStrictEqual([
      {
        file: path,
        document: 0,
        kind: 'GmsaThing',
        namespace: 'team-n',
        name: 'a',
        field: 'kind',
        message: 'unknown ecsgmsa.io kind "GmsaThing"; expected GmsaCredentialSpec or EcsGmsaTask',
      },
    ]);
  });

  it('lists documents of other API groups as skipped', async () => {
    const { report } = await render([join(examples, '01-windows-domainless-ssm.yaml')]);
    expect(report.skipped.map((s) => `${s.document} ${s.apiVersion} ${s.kind} ${s.name}`)).toStrictEqual([
      '0 v1 Namespace gmsa-examples',
      '1 v1 Secret webapp01-ad-user',
    ]);
  });

  it('reads stdin for "-"', async () => {
    const text = readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8');
    const { code, report } = await render(['-'], text);
    expect(code).toBe(0);
    expect(report.credentialSpecs.map((c) => c.name)).toStrictEqual(['batch01']);
  });

  it('reports a task whose CredSpec is not among the documents', async () => {
    const text = readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8')
      .split('---')
      .filter((d) => !d.includes('kind: GmsaCredentialSpec'))
      .join('---');
    const { code, report } = await render([tempFile('task.yaml', text)]);
    expect(code).toBe(1);
    expect(report.errors.map((e) => `${e.field}: ${e.message}`)).toStrictEqual([
      'spec.taskDefinition.containerDefinitions[0].gmsa.credentialSpecRef: GmsaCredentialSpec "batch01" is not among the given documents in namespace gmsa-examples',
    ]);
  });

  it('rejects an unknown field in the task definition, as the apiserver does', async () => {
    const text = readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8').replace(
      'memory: 256',
      'memory: 256\n        memroy: 256',
    );
    const { code, report } = await render([tempFile('typo.yaml', text)]);
    expect(code).toBe(1);
    expect(report.errors.map((e) => `${e.field}: ${e.message}`)).toStrictEqual([
      'spec.taskDefinition.containerDefinitions[0].memroy: unknown field "memroy" (did you mean "memory"?)',
    ]);
  });

  it('refuses services the namespace may not roll out, and duplicates, as the operator does', async () => {
    const text = readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8').replace(
      '  taskDefinition:',
      [
        '  services:',
        '    - { cluster: prod, service: gmsa-examples_batch }',
        '    - { cluster: prod, service: billing_batch }',
        '    - { cluster: prod, service: gmsa-examples_batch }',
        '  taskDefinition:',
      ].join('\n'),
    );
    const { code, report } = await render([tempFile('services.yaml', text)]);
    expect(code).toBe(1);
    expect(report.errors.map((e) => `${e.field}: ${e.message}`)).toStrictEqual([
      'spec.services[2]: service gmsa-examples_batch in cluster prod is listed twice',
      'spec.services[1]: ECS service "billing_batch" in cluster "prod" is not permitted for namespace "gmsa-examples" by the tenancy policy (allowed: cluster * service gmsa-examples_*)',
    ]);
  });

  it('validate prints located findings for humans with the same exit code', async () => {
    const path = tempFile(
      'acct.yaml',
      readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8').replace(
        'account: Batch01',
        'account: BatchProcessing01',
      ),
    );
    const { out, sink } = capture();
    const code = await validateCommand(options([path]), sink);
    expect(code).toBe(1);
    expect(out.stderr).toContain(
      `error: ${path}#1 GmsaCredentialSpec gmsa-examples/batch01: spec.account: "BatchProcessing01" is 17 characters; a gMSA sAMAccountName allows at most 15 plus "$"`,
    );
    expect(out.stdout).toContain('0 valid, 2 errors, 0 warnings, 1 skipped');
  });

  it('exits 2 on a usage error', async () => {
    const { out, sink } = capture();
    expect(await runProgram(['render'], sink)).toBe(2);
    expect(out.stderr).toContain("required option '-f, --filename <file>' not specified");
    expect(await runProgram(['render', '-f', 'x', '--account-id', '12'], capture().sink)).toBe(2);
  });
});

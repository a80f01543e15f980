// How `render`/`validate` read input: YAML as kubectl and the apiserver read it (YAML 1.1), input
// limits with clear errors (exit 2), linear-time parsing, and apiVersion/kind near misses of ours.
import { EXAMPLE_TENANCY_FLAGS } from '../../fixtures/tenancy.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { INPUT_LIMITS } from '../../../src/cli/inputLimits.js';
import { KUBECTL_YAML, parseManifests } from '../../../src/cli/parseManifests.js';
import { readDocuments } from '../../../src/cli/readDocuments.js';
import { renderCommand, validateCommand } from '../../../src/cli/renderCommand.js';
import { yamlShape } from '../../../src/cli/yamlShape.js';
import type { RenderReport } from '../../../src/domain/offline/types.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const example06 = readFileSync(join(examples, '06-linux-domain-joined-ssm.yaml'), 'utf8');

function tempFile(text: string, name = 'input.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'offline-input-')), name);
  writeFileSync(path, text);
  return path;
}

async function render(files: string[], stdin?: string): Promise<{ code: number; report: RenderReport }> {
  let stdout = '';
  const code = await renderCommand(
    { files, accountId: '111122223333', region: 'us-east-1', clusterName: 'default', tenancy: EXAMPLE_TENANCY_FLAGS },
    { stdout: (t) => (stdout += t), stderr: () => undefined },
    stdin === undefined ? undefined : Readable.from([stdin]),
  );
  return { code, report: JSON.parse(stdout) as RenderReport };
}

/** The single value of a one-document YAML text, parsed as the CLI parses it. */
function value(yaml: string): unknown {
  const parsed = parseManifests('t.yaml', yaml, INPUT_LIMITS);
  expect(parsed.problems).toStrictEqual([]);
  return parsed.documents[0]?.value;
}

describe('YAML as kubectl reads it (sigs.k8s.io/yaml: YAML 1.1)', () => {
  it.each([
    ['yes', true],
    ['Yes', true],
    ['YES', true],
    ['on', true],
    ['On', true],
    ['ON', true],
    ['y', true],
    ['Y', true],
    ['true', true],
    ['True', true],
    ['no', false],
    ['No', false],
    ['NO', false],
    ['off', false],
    ['Off', false],
    ['OFF', false],
    ['n', false],
    ['N', false],
    ['false', false],
    ['FALSE', false],
    ['"no"', 'no'],
    ["'yes'", 'yes'],
    ['nO', 'nO'],
    ['yES', 'yES'],
    ['0777', 511],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1e3', 1000],
    ['~', null],
    ['Null', null],
    ['1:20', '1:20'],
    ['2025-01-01', '2025-01-01'],
    ['2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z'],
  ])('reads %s as %p', (text, expected) => {
    expect(value(`v: ${text}\n`)).toStrictEqual({ v: expected });
  });

  it('reads a YAML 1.1 boolean key as the key "true", as sigs.k8s.io/yaml does', () => {
    expect(value('on: push\n')).toStrictEqual({ true: 'push' });
  });

  it('applies << merge keys', () => {
    expect(value('base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n')).toStrictEqual({
      base: { a: 1, b: 2 },
      x: { a: 1, b: 3 },
    });
  });

  it('refuses `account: no` (a boolean to kubectl) with the field and a hint, exit 1', async () => {
    const { code, report } = await render([tempFile(example06.replace('account: Batch01', 'account: no'))]);
    expect(code).toBe(1);
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        field: 'spec.account',
        message:
          'must be a string, not boolean (kubectl reads unquoted yes, no, on, off, y and n as booleans: quote the value)',
      }),
    );
  });

  it('accepts `account: "no"` quoted', async () => {
    const { code, report } = await render([tempFile(example06.replace('account: Batch01', 'account: "no"'))]);
    expect(report.errors).toStrictEqual([]);
    expect(code).toBe(0);
  });

  it('refuses a metadata.namespace that YAML 1.1 reads as a boolean', async () => {
    const { code, report } = await render([
      tempFile(example06.replaceAll('namespace: gmsa-examples', 'namespace: off')),
    ]);
    expect(code).toBe(1);
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        field: 'metadata.namespace',
        namespace: 'default',
        message:
          'must be a string, not boolean (kubectl reads unquoted yes, no, on, off, y and n as booleans: quote the value)',
      }),
    );
  });
});

describe('duplicate keys, found in one pass', () => {
  it('leaves the pairwise key comparison of the yaml package off (it made 40,000 keys take 42 s)', () => {
    expect(KUBECTL_YAML.uniqueKeys).toBe(false);
  });

  it.each([
    [
      'at the end of a long mapping',
      `m:\n${Array.from({ length: 5000 }, (_, i) => `  k${i}: v\n`).join('')}  k0: again\n`,
      'k0',
      5002,
    ],
    ['in a nested flow mapping', 'a: {b: 1, c: {d: 1, d: 2}}\n', 'd', 1],
    ['spelled differently but equal to kubectl (yes and true)', 'm: {yes: 1, true: 2}\n', 'true', 1],
    ['in the second document', 'a: 1\n---\nb: 1\nb: 2\n', 'b', 4],
  ])('reports a duplicate key %s, with its line', (_name, text, key, line) => {
    const parsed = parseManifests('dup.yaml', text, INPUT_LIMITS);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.message).toMatch(
      new RegExp(`^YAML error at line ${line}, column \\d+: duplicate key "${key}" in a mapping$`),
    );
  });

  it('does not count a << merge key as a duplicate', () => {
    expect(
      parseManifests('m.yaml', 'a: &a {x: 1}\nb: &b {y: 1}\nc:\n  <<: *a\n  <<: *b\n', INPUT_LIMITS).problems,
    ).toStrictEqual([]);
  });
});

describe('input limits (exit 2, naming the file and the limit)', () => {
  it('stops reading a file one byte over the byte limit', async () => {
    const path = tempFile(`data: ${'x'.repeat(INPUT_LIMITS.maxBytes)}\n`);
    const { code, report } = await render([path]);
    expect(code).toBe(2);
    expect(report.errors).toStrictEqual([
      {
        file: path,
        document: -1,
        kind: '',
        namespace: '',
        name: '',
        field: '',
        message: 'larger than 8,388,608 bytes; the limit per input is 8,388,608 bytes (8 MiB): split the file',
      },
    ]);
  });

  it('applies the byte limit to stdin', async () => {
    const { code, report } = await render(['-'], 'x'.repeat(INPUT_LIMITS.maxBytes + 1));
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.file, e.message])).toStrictEqual([
      ['<stdin>', 'larger than 8,388,608 bytes; the limit per input is 8,388,608 bytes (8 MiB): split the file'],
    ]);
  });

  it('refuses more than 10,000 documents in one input', async () => {
    const path = tempFile('---\na: 1\n'.repeat(INPUT_LIMITS.maxDocuments + 1));
    const { code, report } = await render([path]);
    expect(code).toBe(2);
    expect(report.errors).toStrictEqual([
      expect.objectContaining({
        file: path,
        message: 'more than 10,000 YAML documents; the limit per input is 10,000: split the file',
      }),
    ]);
  });

  it('accepts exactly 10,000 documents', async () => {
    const { code } = await render([tempFile('---\na: 1\n'.repeat(INPUT_LIMITS.maxDocuments))]);
    expect(code).toBe(1); // documents without apiVersion are findings, not an input problem
  });

  it('refuses more nodes than the limit before parsing, and names it', async () => {
    const limits = { ...INPUT_LIMITS, maxNodes: 1000 };
    const path = tempFile(`a: [${Array.from({ length: 1000 }, () => '1').join(', ')}]\n`);
    const read = await readDocuments([path], undefined, limits);
    expect(read.documents).toStrictEqual([]);
    expect(read.problems).toStrictEqual([
      {
        file: path,
        message: 'more than 1,000 YAML nodes (keys, values, list items); the limit per input is 1,000: split the file',
      },
    ]);
  });

  it('validate prints the limit error and exits 2', async () => {
    const path = tempFile('---\n'.repeat(INPUT_LIMITS.maxDocuments + 2));
    let stderr = '';
    const code = await validateCommand(
      {
        files: [path],
        accountId: '000000000000',
        region: 'us-east-1',
        clusterName: 'default',
        tenancy: EXAMPLE_TENANCY_FLAGS,
      },
      { stdout: () => undefined, stderr: (t) => (stderr += t) },
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: ${path}: more than 10,000 YAML documents; the limit per input is 10,000: split the file\n`,
    );
  });
});

describe('yamlShape (the lexer pass behind the limits)', () => {
  it.each([
    ['a: 1\nb: [x, {c: d}]\n', 1, 8],
    ['a\n---\nb\n', 2, 2],
    ['---\n...\n---\nx\n', 2, 1],
    ['%YAML 1.1\n---\na: "q"\n', 1, 2],
    ['- \n-\n- - 1\n', 1, 5],
    ['a: |\n  text\nb: *x\n', 1, 4],
    ['# only a comment\n', 0, 0],
  ])('counts %p as %d document(s) and %d node(s)', (text, documents, nodes) => {
    expect(yamlShape(text, { documents: 100, nodes: 100 })).toStrictEqual({ documents, nodes });
  });
});

describe('near misses of our apiVersion and kind are errors, not skipped documents', () => {
  const credSpec = (apiVersion: string, kind = 'GmsaCredentialSpec'): string =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: a, namespace: team-a}\nspec: {}\n`;

  it.each([
    [
      'upper case',
      'ECSGMSA.IO/v1alpha1',
      'GmsaCredentialSpec',
      'apiVersion',
      '"ECSGMSA.IO/v1alpha1" is not ecsgmsa.io/v1alpha1, though it looks like it: it differs in letter case; write ecsgmsa.io/v1alpha1',
    ],
    [
      'a Cyrillic а',
      'ecsgmsа.io/v1alpha1',
      'GmsaCredentialSpec',
      'apiVersion',
      '"ecsgmsа.io/v1alpha1" is not ecsgmsa.io/v1alpha1, though it looks like it: it contains "а" (U+0430); write ecsgmsa.io/v1alpha1',
    ],
    [
      'full-width letters',
      'ｅｃｓｇｍｓａ.io/v1alpha1',
      'EcsGmsaTask',
      'apiVersion',
      '"ｅｃｓｇｍｓａ.io/v1alpha1" is not ecsgmsa.io/v1alpha1, though it looks like it: it contains "ｅ" (U+FF45), "ｃ" (U+FF43), "ｓ" (U+FF53), ...; write ecsgmsa.io/v1alpha1',
    ],
    [
      'a zero-width space',
      'ecs\u200bgmsa.io/v1alpha1',
      'GmsaCredentialSpec',
      'apiVersion',
      '"ecs\u200bgmsa.io/v1alpha1" is not ecsgmsa.io/v1alpha1, though it looks like it: it contains invisible or space character U+200B; write ecsgmsa.io/v1alpha1',
    ],
    [
      'a zero for an o',
      'ecsgmsa.i0/v1alpha1',
      'GmsaCredentialSpec',
      'apiVersion',
      '"ecsgmsa.i0/v1alpha1" is not ecsgmsa.io/v1alpha1, though it looks like it: it uses look-alike characters; write ecsgmsa.io/v1alpha1',
    ],
    [
      'no version',
      'ecsgmsa.io',
      'GmsaCredentialSpec',
      'apiVersion',
      '"ecsgmsa.io" has no version; use ecsgmsa.io/v1alpha1',
    ],
    [
      'another group on our kind',
      'ecsgmsa.com/v1alpha1',
      'EcsGmsaTask',
      'apiVersion',
      '"ecsgmsa.com/v1alpha1" does not serve EcsGmsaTask; ecsgmsa.io kinds use apiVersion ecsgmsa.io/v1alpha1',
    ],
    [
      'a look-alike kind in our group',
      'ecsgmsa.io/v1alpha1',
      'GmsaСredentialSpec',
      'kind',
      '"GmsaСredentialSpec" is not GmsaCredentialSpec, though it looks like it: it contains "С" (U+0421); write GmsaCredentialSpec',
    ],
    [
      'a capital I for an l in our kind',
      'ecsgmsa.io/v1alpha1',
      'GmsaCredentiaISpec',
      'kind',
      '"GmsaCredentiaISpec" is not GmsaCredentialSpec, though it looks like it: it uses look-alike characters; write GmsaCredentialSpec',
    ],
    [
      'an upper-case kind in our group',
      'ecsgmsa.io/v1alpha1',
      'ecsgmsatask',
      'kind',
      '"ecsgmsatask" is not EcsGmsaTask, though it looks like it: it differs in letter case; write EcsGmsaTask',
    ],
  ])('%s', async (_name, apiVersion, kind, field, message) => {
    const { code, report } = await render([tempFile(credSpec(apiVersion, kind))]);
    expect(code).toBe(1);
    expect(report.skipped).toStrictEqual([]);
    expect(report.errors).toStrictEqual([
      expect.objectContaining({ field, message, kind, name: 'a', namespace: 'team-a' }),
    ]);
  });

  it.each([
    ["Kubernetes' own gMSA kind (windows.k8s.io GMSACredentialSpec)", 'windows.k8s.io/v1', 'GMSACredentialSpec'],
    ['a ConfigMap', 'v1', 'ConfigMap'],
    ['another group with a similar name', 'ecs.aws.example.com/v1', 'TaskDefinition'],
  ])('still skips %s', async (_name, apiVersion, kind) => {
    const { code, report } = await render([tempFile(credSpec(apiVersion, kind))]);
    expect(report.errors).toStrictEqual([]);
    expect(report.skipped).toHaveLength(1);
    expect(code).toBe(0);
  });
});

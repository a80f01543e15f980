// docs/reference.md: its generated regions are current, and its hand-written parts name every
// condition, reason, event, annotation, tag and metric label value the code uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCrds } from '../../../scripts/jsonschema/crdFiles.js';
import { operatorMetrics } from '../../../scripts/jsonschema/operatorMetrics.js';
import { code, fillRegions, referenceRegions } from '../../../scripts/jsonschema/referenceTables.js';
import { CONDITION_REASONS, CONDITION_TYPES, EVENT_REASONS } from '../../../src/api/conditions.js';
import { ANNOTATIONS, FINALIZER, TAG_KEYS } from '../../../src/api/group.js';
import { AWS_SERVICES, DEFAULT_RATE_LIMITS } from '../../../src/aws/rateLimitDefaults.js';
import { INPUT_LIMITS } from '../../../src/cli/inputLimits.js';
import { RUN_FLAGS } from '../../../src/runtime/config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/reference.md'), 'utf8');
const source = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The string literals of `export type <name> = 'a' | 'b' ...;` in a source file. */
function stringUnion(text: string, name: string): string[] {
  const body = new RegExp(`export type ${name} =([^;]+);`).exec(text)?.[1] ?? '';
  return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** The text of the `## <title>` section. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  return start < 0 ? '' : doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/reference.md', () => {
  it('has every generated region, current (run npx tsx scripts/jsonschema/reference.ts)', () => {
    const regions = referenceRegions({
      crds: readCrds(join(root, 'crds')),
      flags: RUN_FLAGS,
      rateLimits: DEFAULT_RATE_LIMITS,
      metrics: operatorMetrics(),
    });
    expect(fillRegions(doc, regions)).toBe(doc);
  });

  it('documents every condition type and reason of src/api/conditions.ts', () => {
    expect(CONDITION_TYPES.length).toBeGreaterThan(5);
    expect(CONDITION_REASONS.length).toBeGreaterThan(15);
    for (const type of CONDITION_TYPES) {
      expect({ type, documented: section('Conditions').includes(`| \`${type}\` |`) }).toEqual({
        type,
        documented: true,
      });
    }
    for (const reason of CONDITION_REASONS) {
      expect({ reason, documented: section('Reasons').includes(`\`${reason}\``) }).toEqual({
        reason,
        documented: true,
      });
    }
  });

  it('documents every event reason (the typed vocabulary every record() call takes)', () => {
    expect(EVENT_REASONS.length).toBeGreaterThan(15);
    for (const reason of EVENT_REASONS) {
      expect({ reason, documented: section('Events').includes(`\`${reason}\``) }).toEqual({ reason, documented: true });
    }
  });

  it('documents the annotations, the finalizer and the tags', () => {
    for (const value of [...Object.values(ANNOTATIONS), FINALIZER, ...Object.values(TAG_KEYS)])
      expect({ value, documented: doc.includes(`\`${value}\``) }).toEqual({ value, documented: true });
  });

  it('says a required run flag is required and promises no fallback for it', () => {
    const flags = section('Flags');
    const required = RUN_FLAGS.filter((f) => f.required);
    expect(required.map((f) => f.flag)).toContain('region');
    for (const { flag } of required) {
      expect(flags).toContain(`| \`--${flag} <value>\` |`);
      expect(flags).toMatch(new RegExp(`\\| \`--${flag} <value>\` \\| \`[A-Z_]+\` \\| required \\|`));
      expect(flags).toMatch(new RegExp(`\`--${flag}\`[^\\n]* is required: without it \`run\` exits 2`));
      expect(flags).not.toMatch(new RegExp(`Without \`--${flag}\`[^.]*use`));
    }
  });

  it('documents the offline input limits with the values the CLI applies', () => {
    const offline = section('Offline commands');
    expect(offline).toContain(
      `| bytes | ${INPUT_LIMITS.maxBytes / 1024 / 1024} MiB (${INPUT_LIMITS.maxBytes.toLocaleString('en')}) |`,
    );
    expect(offline).toContain(`| YAML documents | ${INPUT_LIMITS.maxDocuments.toLocaleString('en')} |`);
    expect(offline).toContain(
      `| YAML nodes (keys, values, list items) | ${INPUT_LIMITS.maxNodes.toLocaleString('en')} |`,
    );
  });

  it('documents the metric label values', () => {
    const values = [
      ...stringUnion(source('src/observability/metrics.ts'), 'ReconcileResultLabel'),
      ...stringUnion(source('src/observability/metrics.ts'), 'AwsOutcome'),
      ...stringUnion(source('src/observability/metrics.ts'), 'LdapOperationLabel'),
      ...stringUnion(source('src/observability/metrics.ts'), 'DirectoryVerificationLabel'),
      ...stringUnion(source('src/kube/objects.ts'), 'WriteRecorder'),
      ...AWS_SERVICES,
      'sts',
      'gmsacredentialspec',
      'ecsgmsatask',
    ];
    for (const value of values)
      expect({ value, documented: section('Metrics').includes(`\`${value}\``) }).toEqual({ value, documented: true });
  });
});

describe('fillRegions', () => {
  const regions = new Map([['a', 'A']]);

  it('replaces region content and keeps the rest', () => {
    expect(fillRegions('x\n<!-- generated:a -->\nold\nlines\n<!-- /generated:a -->\ny', regions)).toBe(
      'x\n<!-- generated:a -->\nA\n<!-- /generated:a -->\ny',
    );
  });

  it('fails on a region it does not generate and on a missing region', () => {
    expect(() =>
      fillRegions('<!-- generated:a -->\n<!-- /generated:a -->\n<!-- generated:b -->\n<!-- /generated:b -->', regions),
    ).toThrow(/"b" is not generated/);
    expect(() => fillRegions('nothing', regions)).toThrow(/lacks the generated region\(s\) a/);
  });

  it('escapes pipes inside code spans of table cells', () => {
    expect(code('^(a|b)$')).toBe('`^(a\\|b)$`');
  });
});

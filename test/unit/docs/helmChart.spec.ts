// The chart's generated files and docs/helm.md are current, and values.yaml and values.schema.json
// describe the same keys (so the generated values reference lists every value with its default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CHART_DIR, fillRegions, generatedChartFiles } from '../../../scripts/chart/chartFiles.js';
import { valuesLeafPaths, valuesRows, valuesTable, type ValuesSchema } from '../../../scripts/chart/valuesReference.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = generatedChartFiles(root);
const schema = JSON.parse(readFileSync(join(root, CHART_DIR, 'values.schema.json'), 'utf8')) as ValuesSchema & {
  additionalProperties?: boolean;
};
const values = parse(readFileSync(join(root, CHART_DIR, 'values.yaml'), 'utf8')) as Record<string, unknown>;

/** Every object node of the schema that declares properties, with its path. */
function* objectNodes(
  node: ValuesSchema & { additionalProperties?: unknown },
  path = '$',
): Generator<[string, ValuesSchema & { additionalProperties?: unknown }]> {
  if (!node.properties) return;
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties)) yield* objectNodes(child, `${path}.${key}`);
}

describe('generated chart and monitoring files', () => {
  it.each([...files.keys()])('%s is committed as generated (run npx tsx scripts/chart/generate.ts)', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(files.get(path));
  });
});

describe('values.yaml and values.schema.json', () => {
  const rows = valuesRows(schema, values);

  it('give every value in the schema a default in values.yaml', () => {
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.default === undefined).map((r) => r.path)).toStrictEqual([]);
  });

  it('put no key in values.yaml that the schema does not describe', () => {
    const described = new Set(rows.map((r) => r.path));
    // A free-form mapping (nodeSelector, affinity, ...) is one row; its keys are its content.
    const undescribed = valuesLeafPaths(values).filter(
      (path) => ![...described].some((d) => path === d || path.startsWith(`${d}.`)),
    );
    expect(undescribed).toStrictEqual([]);
  });

  it('describe every value', () => {
    expect(rows.filter((r) => r.description.length < 10).map((r) => r.path)).toStrictEqual([]);
  });

  it('refuse unknown keys at every level that has a fixed shape', () => {
    for (const [path, node] of objectNodes(schema))
      expect({ path, closed: node.additionalProperties }).toStrictEqual({ path, closed: false });
  });
});

describe('the values reference', () => {
  it('is a table row per value: path, type, default (JSON, or a pointer to values.yaml when long), description', () => {
    const table = valuesTable([
      { path: 'a.b', type: 'string', default: '', description: 'What b is.', limits: ['one of `"x"`'] },
      {
        path: 'c',
        type: 'object',
        default: { k: 'v'.repeat(80) },
        description: 'Pipes | and <tags> escaped.',
        limits: [],
      },
    ]);
    expect(table.split('\n')).toStrictEqual([
      '| Value | Type | Default | Description |',
      '| --- | --- | --- | --- |',
      '| `a.b` | string | `""` | What b is. one of `"x"` |',
      '| `c` | object | see `values.yaml` | Pipes \\| and &lt;tags&gt; escaped. |',
    ]);
  });

  it('walks objects with declared properties and lists free-form ones as one value', () => {
    const rows = valuesRows(
      {
        properties: {
          a: {
            type: 'object',
            description: 'A.',
            properties: { b: { type: 'integer', description: 'B.', minimum: 1, maximum: 3 } },
          },
          m: { type: 'object', description: 'M.' },
        },
      },
      { a: { b: 2 }, m: { x: 'y' } },
    );
    expect(rows).toStrictEqual([
      { path: 'a.b', type: 'integer', default: 2, description: 'B.', limits: ['1–3'] },
      { path: 'm', type: 'object', default: { x: 'y' }, description: 'M.', limits: [] },
    ]);
  });

  it('fails on a generated region the generator does not know, and on one missing', () => {
    const regions = new Map([['values', 'x']]);
    expect(() => fillRegions('<!-- generated:other -->\n<!-- /generated:other -->', regions, 'doc.md')).toThrow(
      'doc.md: region "other" is not generated',
    );
    expect(() => fillRegions('no regions', regions, 'doc.md')).toThrow('doc.md lacks the generated region(s) values');
  });
});

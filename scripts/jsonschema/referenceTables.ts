// The generated parts of docs/reference.md (field tables, flags, metrics, AWS rate limits): pure.
// docs/reference.md holds hand-written prose around regions delimited by
//   <!-- generated:NAME --> ... <!-- /generated:NAME -->
// whose content is replaced by fillRegions(); scripts/jsonschema/reference.ts writes the result.
import type { CustomResourceDefinition } from '../../src/api/schema/crds.js';
import type { CelRule, SchemaNode } from '../../src/api/schema/openapi.js';
import type { RateLimitGroup } from '../../src/aws/rateLimitDefaults.js';
import type { FlagSpec } from '../../src/runtime/config.js';

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  limits: string[];
}

/** One metric as prom-client describes it. */
export interface MetricInfo {
  name: string;
  type: string;
  help: string;
  labelNames: readonly string[];
}

/** Plain table text: pipes escaped, no line breaks, no HTML. */
function text(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .trim();
}

/** A code span for a table cell (pipes escaped, as GFM tables require even inside code). */
export function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function typeOf(node: SchemaNode): string {
  if (node.type === 'array') return `[]${node.items ? typeOf(node.items) : 'any'}`;
  if (node.type === 'object' && node.additionalProperties) return `map[string]${typeOf(node.additionalProperties)}`;
  const base = node.type ?? 'any';
  return node.format ? `${base} (${node.format})` : base;
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${unit} ${min}` : `${unit} ${min}–${max}`;
  if (max !== undefined) return `${unit} ≤ ${max}`;
  if (min !== undefined) return `${unit} ≥ ${min}`;
  return undefined;
}

/** The limits of a scalar node (enum, pattern, lengths, bounds). */
function scalarLimits(node: SchemaNode): string[] {
  const out: string[] = [];
  if (node.enum) out.push(`one of ${node.enum.map((v) => code(String(v))).join(', ')}`);
  const length = range(node.minLength, node.maxLength, 'length');
  if (length) out.push(length);
  const bounds = range(node.minimum, node.maximum, 'value');
  if (bounds) out.push(bounds);
  if (node.pattern) out.push(`pattern ${code(node.pattern)}`);
  return out;
}

function limitsOf(node: SchemaNode): string[] {
  const out = scalarLimits(node);
  const items = range(node.minItems, node.maxItems, 'items');
  if (items) out.push(items);
  const entries = range(node.minProperties, node.maxProperties, 'entries');
  if (entries) out.push(entries);
  if (node.type === 'array' && node.items && node.items.type !== 'object')
    out.push(...scalarLimits(node.items).map((l) => `each ${l}`));
  if (node.type === 'object' && node.additionalProperties && node.additionalProperties.type !== 'object')
    out.push(...scalarLimits(node.additionalProperties).map((l) => `each value ${l}`));
  return out;
}

/** The node whose properties a row's children are: an object, or the object items of a list. */
function container(node: SchemaNode): SchemaNode | undefined {
  if (node.properties) return node;
  if (node.type === 'array' && node.items?.properties) return node.items;
  return undefined;
}

/** Rows for `node`'s properties (not for `node` itself), depth first, in schema order. */
export function fieldRows(node: SchemaNode, prefix: string): FieldRow[] {
  const holder = container(node);
  if (!holder) return [];
  const base = holder === node ? prefix : `${prefix}[]`;
  return Object.entries(holder.properties ?? {}).flatMap(([key, child]) => {
    const path = `${base}.${key}`;
    const row: FieldRow = {
      path,
      type: typeOf(child),
      required: (holder.required ?? []).includes(key),
      description: child.description ?? '',
      limits: limitsOf(child),
    };
    if (child.default !== undefined) row.default = child.default;
    return [row, ...fieldRows(child, path)];
  });
}

interface PlacedRule {
  /** The row the rule's fieldPath names. */
  target: string;
  /** The row of the node that holds the rule (for a list item: the list's row). */
  holder: string;
  rule: CelRule;
}

/** Every CEL rule below `node` (row path `path`), with where it belongs. */
function rulesBelow(node: SchemaNode, path: string, holderRow = path): PlacedRule[] {
  const own = (node['x-kubernetes-validations'] ?? []).map((rule) => ({
    target: `${path}${rule.fieldPath ?? ''}`,
    holder: holderRow,
    rule,
  }));
  const items = node.type === 'array' && node.items ? rulesBelow(node.items, `${path}[]`, path) : [];
  const children = Object.entries(node.properties ?? {}).flatMap(([key, child]) => rulesBelow(child, `${path}.${key}`));
  return [...own, ...items, ...children];
}

/** The rows of `root.properties[top]` (paths start with `top`), each CEL rule on the row it concerns. */
export function topLevelRows(root: SchemaNode, top: 'spec' | 'status'): { rows: FieldRow[]; rulesOnTop: string[] } {
  const node = root.properties?.[top];
  if (!node) return { rows: [], rulesOnTop: [] };
  const rows = fieldRows(node, top);
  const rulesOnTop: string[] = [];
  for (const placed of rulesBelow(node, top)) {
    const row = rows.find((r) => r.path === placed.target) ?? rows.find((r) => r.path === placed.holder);
    if (row) row.limits.push(`rule: ${text(placed.rule.message)}`);
    else rulesOnTop.push(text(placed.rule.message));
  }
  return { rows, rulesOnTop };
}

function cell(row: FieldRow): string {
  const fallback = row.default === undefined ? '' : code(JSON.stringify(row.default));
  return `| ${code(row.path)} | ${text(row.type)} | ${row.required ? 'yes' : ''} | ${fallback} | ${text(row.description)} | ${row.limits.join('; ')} |`;
}

/** A field table, followed by rules that concern the whole object. */
export function fieldTable(table: { rows: readonly FieldRow[]; rulesOnTop: readonly string[] }): string {
  const lines = [
    '| Field | Type | Required | Default | Description | Limits and rules |',
    '| --- | --- | --- | --- | --- | --- |',
    ...table.rows.map(cell),
  ];
  if (table.rulesOnTop.length > 0) lines.push('', ...table.rulesOnTop.map((r) => `- Rule: ${r}`));
  return lines.join('\n');
}

/** `kubectl get` columns of a CRD. */
export function printerColumns(crd: CustomResourceDefinition): string {
  const columns = crd.spec.versions[0]!.additionalPrinterColumns;
  const names = crd.spec.names;
  const list = columns.map((c) => `${c.name}${c.priority ? ' (`-o wide`)' : ''}: ${code(c.jsonPath)}`).join('; ');
  return `Short name ${code(names.shortNames[0] ?? '')}, category ${code(names.categories[0] ?? '')}, plural ${code(names.plural)}, namespaced. \`kubectl get\` columns: ${list}.`;
}

/** The `run` flags table. */
export function flagsTable(flags: readonly FlagSpec[]): string {
  const rows = flags.map((f) => {
    const name = f.boolean ? `--${f.flag}` : `--${f.flag} <value>`;
    const notes = [
      f.repeatable && !f.help.includes('repeatable') ? 'repeatable' : '',
      f.boolean ? 'boolean; env `true` or `1`' : '',
    ]
      .filter(Boolean)
      .join(', ');
    const fallback = f.required ? 'required' : f.default !== undefined ? code(f.default) : '';
    return `| ${code(name)} | ${code(f.env)} | ${fallback} | ${text(f.help)}${notes ? ` (${notes})` : ''} |`;
  });
  return ['| Flag | Environment variable | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The default client-side AWS rate limits table. */
export function rateLimitsTable(groups: readonly RateLimitGroup[]): string {
  const rows = groups.map(
    (g) =>
      `| ${code(g.bucket)} | ${g.operations.map(code).join(', ')} | ${g.limit.qps} | ${g.limit.burst} | ${text(g.source)} |`,
  );
  return [
    '| Bucket | Operations (`service.Operation`) | QPS | Burst | Quota source |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The metrics table. */
export function metricsTable(metrics: readonly MetricInfo[]): string {
  const rows = metrics.map(
    (m) => `| ${code(m.name)} | ${m.type} | ${m.labelNames.map(code).join(', ')} | ${text(m.help)} |`,
  );
  return ['| Metric | Type | Labels | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export interface ReferenceInputs {
  crds: readonly CustomResourceDefinition[];
  flags: readonly FlagSpec[];
  rateLimits: readonly RateLimitGroup[];
  metrics: readonly MetricInfo[];
}

/** Region name → generated markdown. */
export function referenceRegions(input: ReferenceInputs): Map<string, string> {
  const regions = new Map<string, string>();
  for (const crd of input.crds) {
    const kind = crd.spec.names.kind.toLowerCase();
    const root = crd.spec.versions[0]!.schema.openAPIV3Schema;
    regions.set(`${kind}-names`, printerColumns(crd));
    regions.set(`${kind}-spec`, fieldTable(topLevelRows(root, 'spec')));
    regions.set(`${kind}-status`, fieldTable(topLevelRows(root, 'status')));
  }
  regions.set('flags', flagsTable(input.flags));
  regions.set('rate-limits', rateLimitsTable(input.rateLimits));
  regions.set('metrics', metricsTable(input.metrics));
  return regions;
}

const REGION = /<!-- generated:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g;

/**
 * `markdown` with every generated region's content replaced. Fails on a region the document has
 * but the generator does not know, and on a generated region missing from the document.
 */
export function fillRegions(markdown: string, regions: ReadonlyMap<string, string>): string {
  const seen = new Set<string>();
  const out = markdown.replace(REGION, (_whole, name: string) => {
    const content = regions.get(name);
    if (content === undefined)
      throw new Error(`docs region "${name}" is not generated by scripts/jsonschema/referenceTables.ts`);
    seen.add(name);
    return `<!-- generated:${name} -->\n${content}\n<!-- /generated:${name} -->`;
  });
  const missing = [...regions.keys()].filter((n) => !seen.has(n));
  if (missing.length > 0) throw new Error(`docs/reference.md lacks the generated region(s) ${missing.join(', ')}`);
  return out;
}

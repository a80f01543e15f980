// The values reference of docs/helm.md, from the chart's values.schema.json and values.yaml: pure.
import { code } from '../jsonschema/referenceTables.js';

/** The part of a values.schema.json node the reference reads. */
export interface ValuesSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, ValuesSchema>;
  items?: ValuesSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  required?: string[];
}

/** One row: a leaf value (a scalar, a list, or a free-form mapping). */
export interface ValuesRow {
  path: string;
  type: string;
  default: unknown;
  description: string;
  limits: string[];
}

const DEFAULT_CELL_MAX = 60;

function typeOf(node: ValuesSchema): string {
  const types = Array.isArray(node.type) ? node.type : [node.type ?? 'any'];
  return types.map((t) => (t === 'array' ? `list of ${node.items ? typeOf(node.items) : 'any'}` : t)).join(' or ');
}

function limitsOf(node: ValuesSchema): string[] {
  const out: string[] = [];
  if (node.enum) out.push(`one of ${node.enum.map((v) => code(JSON.stringify(v))).join(', ')}`);
  if (node.minimum !== undefined || node.maximum !== undefined)
    out.push(`${node.minimum ?? '…'}–${node.maximum ?? '…'}`);
  if (node.maxLength !== undefined) out.push(`length ≤ ${node.maxLength}`);
  if (node.minLength !== undefined) out.push(`length ≥ ${node.minLength}`);
  if (node.pattern) out.push(`pattern ${code(node.pattern)}`);
  if (node.items?.pattern) out.push(`each matches ${code(node.items.pattern)}`);
  return out;
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    values,
  );
}

/**
 * A row per leaf of `schema` (depth first, in schema order), its default read from `values`
 * (values.yaml). Objects with declared properties are walked, not listed.
 */
export function valuesRows(schema: ValuesSchema, values: unknown, prefix: readonly string[] = []): ValuesRow[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, node]) => {
    const path = [...prefix, key];
    if (node.properties) return valuesRows(node, values, path);
    return [
      {
        path: path.join('.'),
        type: typeOf(node),
        default: valueAt(values, path),
        description: node.description ?? '',
        limits: limitsOf(node),
      },
    ];
  });
}

/** Every leaf path of a values.yaml object (a mapping with keys is walked, anything else is a leaf). */
export function valuesLeafPaths(values: unknown, prefix: readonly string[] = []): string[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [prefix.join('.')];
  const entries = Object.entries(values as Record<string, unknown>);
  if (entries.length === 0 && prefix.length > 0) return [prefix.join('.')];
  return entries.flatMap(([key, value]) => valuesLeafPaths(value, [...prefix, key]));
}

function defaultCell(value: unknown): string {
  if (value === undefined) return '(none)';
  const json = JSON.stringify(value);
  return json.length > DEFAULT_CELL_MAX ? 'see `values.yaml`' : code(json);
}

function cell(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').trim();
}

/** The markdown table of `rows`. */
export function valuesTable(rows: readonly ValuesRow[]): string {
  const lines = rows.map(
    (r) =>
      `| ${code(r.path)} | ${r.type} | ${defaultCell(r.default)} | ${[cell(r.description), ...r.limits].filter(Boolean).join(' ')} |`,
  );
  return ['| Value | Type | Default | Description |', '| --- | --- | --- | --- |', ...lines].join('\n');
}

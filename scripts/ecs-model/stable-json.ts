// Deterministic JSON for generated schemas: fixed key order in each node, property names sorted.
import type { SchemaNode } from '../../src/api/schema/openapi.js';

/** Order of keys inside a schema node; keys not listed follow, sorted. */
const NODE_KEY_ORDER = [
  'type',
  'title',
  'description',
  'format',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'items',
  'additionalProperties',
];

function rank(key: string): number {
  const index = NODE_KEY_ORDER.indexOf(key);
  return index === -1 ? NODE_KEY_ORDER.length : index;
}

function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `node` with keys in NODE_KEY_ORDER and `properties` sorted by name, recursively. */
export function canonicalSchema(node: SchemaNode): SchemaNode {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort(compareKeys)) {
    const value = node[key as keyof SchemaNode];
    if (key === 'properties') out[key] = canonicalProperties(value as Record<string, SchemaNode>);
    else if (key === 'items' || key === 'additionalProperties') out[key] = canonicalSchema(value as SchemaNode);
    else out[key] = value;
  }
  return out;
}

function canonicalProperties(properties: Record<string, SchemaNode>): Record<string, SchemaNode> {
  const out: Record<string, SchemaNode> = {};
  for (const name of Object.keys(properties).sort(byName)) out[name] = canonicalSchema(properties[name] ?? {});
  return out;
}

/** Two-space indented JSON with a trailing newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// Validates a value against a structural OpenAPI schema as the apiserver does (CEL rules excepted),
// and applies schema defaults. Lets the offline CLI reject what `kubectl apply` would.
import type { SchemaNode } from '../../api/schema/openapi.js';
import { error, structuralError, type ValidationIssue } from './issue.js';

type Check = (value: unknown, schema: SchemaNode, path: string) => ValidationIssue[];

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: SchemaNode['type']): boolean {
  const actual = typeName(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

const stringChecks: Check = (value, schema, path) => {
  const s = value as string;
  const issues: ValidationIssue[] = [];
  if (schema.maxLength !== undefined && s.length > schema.maxLength)
    issues.push(error(path, `is ${s.length} characters; at most ${schema.maxLength} allowed`));
  if (schema.minLength !== undefined && s.length < schema.minLength)
    issues.push(error(path, `must have at least ${schema.minLength} character${schema.minLength > 1 ? 's' : ''}`));
  // Unicode mode, as the apiserver's RE2 reads patterns: `\p{L}` is a letter class, not the letters "p{L}".
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(s))
    issues.push(error(path, `"${s.slice(0, 80)}" does not match ${schema.pattern}`));
  return issues;
};

const numberChecks: Check = (value, schema, path) => {
  const n = value as number;
  if (schema.minimum !== undefined && n < schema.minimum)
    return [error(path, `${n} is below the minimum ${schema.minimum}`)];
  if (schema.maximum !== undefined && n > schema.maximum)
    return [error(path, `${n} is above the maximum ${schema.maximum}`)];
  return [];
};

const arrayChecks: Check = (value, schema, path) => {
  const list = value as unknown[];
  const issues: ValidationIssue[] = [];
  if (schema.maxItems !== undefined && list.length > schema.maxItems)
    issues.push(error(path, `has ${list.length} items; at most ${schema.maxItems} allowed`));
  if (schema.minItems !== undefined && list.length < schema.minItems)
    issues.push(error(path, `needs at least ${schema.minItems} item${schema.minItems > 1 ? 's' : ''}`));
  list.forEach((item, i) => issues.push(...validateAgainstSchema(item, schema.items ?? {}, `${path}[${i}]`)));
  return issues;
};

function mapChecks(record: Record<string, unknown>, schema: SchemaNode, path: string): ValidationIssue[] {
  const entries = Object.entries(record);
  const issues: ValidationIssue[] = [];
  if (schema.maxProperties !== undefined && entries.length > schema.maxProperties)
    issues.push(error(path, `has ${entries.length} entries; at most ${schema.maxProperties} allowed`));
  for (const [key, child] of entries)
    issues.push(...validateAgainstSchema(child, schema.additionalProperties ?? {}, `${path}[${JSON.stringify(key)}]`));
  return issues;
}

const objectChecks: Check = (value, schema, path) => {
  const record = value as Record<string, unknown>;
  if (schema.additionalProperties) return mapChecks(record, schema, path);
  if (!schema.properties) return [];
  const properties = schema.properties;
  const issues: ValidationIssue[] = (schema.required ?? [])
    .filter((k) => record[k] === undefined)
    .map((k) => structuralError(join(path, k), 'is required'));
  for (const [key, child] of Object.entries(record)) {
    const childSchema = properties[key];
    if (childSchema) issues.push(...validateAgainstSchema(child, childSchema, join(path, key)));
    else
      issues.push(
        structuralError(join(path, key), `unknown field "${key}"${suggestion(key, Object.keys(properties))}`),
      );
  }
  return issues;
};

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Levenshtein distance, for suggesting the field a typo meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(
        Math.min(
          (previous[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function suggestion(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const scored = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= 2 && best.d < key.length ? ` (did you mean "${best.k}"?)` : '';
}

const byType: Partial<Record<NonNullable<SchemaNode['type']>, Check>> = {
  string: stringChecks,
  integer: numberChecks,
  number: numberChecks,
  array: arrayChecks,
  object: objectChecks,
};

/** Every way `value` breaks `schema`, each with its field path. */
export function validateAgainstSchema(value: unknown, schema: SchemaNode, path = ''): ValidationIssue[] {
  if (value === null && schema.nullable === true) return [];
  if (schema.type && !typeMatches(value, schema.type)) return [typeError(path, value, schema.type)];
  if (schema.enum && !schema.enum.includes(value as string)) return [enumError(path, value, schema.enum)];
  const check = schema.type ? byType[schema.type] : undefined;
  return check ? check(value, schema, path) : [];
}

function typeError(path: string, value: unknown, type: NonNullable<SchemaNode['type']>): ValidationIssue {
  return structuralError(path, `must be ${type === 'integer' ? 'an' : 'a'} ${type}, not ${typeName(value)}`);
}

function enumError(path: string, value: unknown, allowed: readonly unknown[]): ValidationIssue {
  return error(path, `"${String(value)}" is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
}

/** A copy of `value` with schema defaults filled in where fields are absent, as the apiserver does. */
export function applySchemaDefaults(value: unknown, schema: SchemaNode): unknown {
  if (Array.isArray(value)) return value.map((item) => applySchemaDefaults(item, schema.items ?? {}));
  if (value === null || typeof value !== 'object' || !schema.properties) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(schema.properties)) {
    if (out[key] === undefined && child.default !== undefined) out[key] = structuredClone(child.default);
    if (out[key] !== undefined) out[key] = applySchemaDefaults(out[key], child);
  }
  return out;
}

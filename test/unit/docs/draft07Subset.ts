// A draft-07 validator for the keywords scripts/jsonschema emits, so a test can check manifests the way an
// editor would without a JSON Schema library (none is a dependency).
import type { JsonSchema } from '../../../scripts/jsonschema/editorSchema.js';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function scalarErrors(value: unknown, schema: JsonSchema, path: string): string[] {
  const errors: string[] = [];
  if ('const' in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${path}: must be one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: does not match ${schema.pattern}`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength)
      errors.push(`${path}: longer than ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength)
      errors.push(`${path}: shorter than ${schema.minLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  }
  return errors;
}

function objectErrors(value: Record<string, unknown>, schema: JsonSchema, path: string): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of (schema.required as string[] | undefined) ?? [])
    if (!(key in value)) errors.push(`${path}.${key}: is required`);
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties)
    errors.push(`${path}: more than ${schema.maxProperties} properties`);
  for (const [key, child] of Object.entries(value)) {
    const sub = properties[key];
    if (sub) errors.push(...validate(child, sub, `${path}.${key}`));
    else if (schema.additionalProperties === false) errors.push(`${path}.${key}: is not allowed`);
    else if (typeof schema.additionalProperties === 'object')
      errors.push(...validate(child, schema.additionalProperties as JsonSchema, `${path}.${key}`));
  }
  return errors;
}

/** Every violation of `schema` by `value`, as `path: problem`. */
export function validate(value: unknown, schema: JsonSchema, path = '$'): string[] {
  if (schema.type !== undefined && !typeMatches(value, schema.type))
    return [`${path}: must be ${JSON.stringify(schema.type)}, is ${typeOf(value)}`];
  const errors = scalarErrors(value, schema, path);
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${path}: more than ${schema.maxItems} items`);
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items)
      value.forEach((item, i) => errors.push(...validate(item, schema.items as JsonSchema, `${path}[${i}]`)));
  } else if (typeOf(value) === 'object') errors.push(...objectErrors(value as Record<string, unknown>, schema, path));
  return errors;
}

// The subset of Kubernetes JSONSchemaProps our CRDs use, and small builders for it.

/** A CEL validation rule (`x-kubernetes-validations`). */
export interface CelRule {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

/** A structural OpenAPI v3 schema node as accepted by apiextensions.k8s.io/v1. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  /** Names the TypeScript interface generated for this node; Kubernetes keeps it as documentation. */
  title?: string;
  description?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
  enum?: (string | number | boolean)[];
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  'x-kubernetes-validations'?: CelRule[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

type Extra = Omit<SchemaNode, 'type' | 'properties' | 'items'>;

/** A string node. */
export function str(extra: Extra = {}): SchemaNode {
  return { type: 'string', ...extra };
}

/** An integer node. */
export function int(extra: Extra = {}): SchemaNode {
  return { type: 'integer', ...extra };
}

/** A boolean node. */
export function bool(extra: Extra = {}): SchemaNode {
  return { type: 'boolean', ...extra };
}

/** A string enum. */
export function oneOf(values: readonly string[], extra: Extra = {}): SchemaNode {
  return { type: 'string', enum: [...values], ...extra };
}

/** An object with the given properties; `required` lists the mandatory ones. */
export function obj(
  properties: Record<string, SchemaNode>,
  extra: Omit<SchemaNode, 'type' | 'properties'> = {},
): SchemaNode {
  return { type: 'object', properties, ...extra };
}

/** A list; `maxItems` is mandatory so CEL cost estimation stays bounded. */
export function arr(items: SchemaNode, maxItems: number, extra: Omit<Extra, 'maxItems'> = {}): SchemaNode {
  return { type: 'array', items, maxItems, ...extra };
}

/** A string-to-string map with bounded keys and values. */
export function stringMap(maxProperties: number, maxValueLength: number, extra: Extra = {}): SchemaNode {
  return {
    type: 'object',
    additionalProperties: { type: 'string', maxLength: maxValueLength },
    maxProperties,
    ...extra,
  };
}

/** A CEL single-quoted string literal holding `value` verbatim. */
export function celString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

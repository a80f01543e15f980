// Converts a botocore shape and everything reachable from it into a Kubernetes structural schema.
import type { SchemaNode } from '../../src/api/schema/openapi.js';
import type { Bounds } from './bounds.js';
import { shortDescription, truncate } from './doc-text.js';
import { portablePattern } from './portable-pattern.js';
import { shapeOf, type Shape, type ShapeRef, type ServiceModel } from './smithy-model.js';

export interface ConvertOptions {
  bounds: Bounds;
  /** Cap on each `description`, in characters. */
  descriptionMaxLength: number;
  /** Prefix of the `title` given to structures and enums (titles name the generated TypeScript types). */
  titlePrefix: string;
}

/** Where a shape is used: `key` looks bounds up (`Structure.member`, `...[]`, `...{}`), `member` is the member name. */
interface Site {
  key: string;
  member: string;
}

const INTEGER_FORMAT: Readonly<Record<string, string>> = { integer: 'int32', long: 'int64' };
const NUMBER_FORMAT: Readonly<Record<string, string>> = { float: 'float', double: 'double' };

class ShapeConverter {
  /** Shapes being converted, to reject recursion (a structural schema cannot express it). */
  private readonly stack: string[] = [];

  constructor(
    private readonly model: ServiceModel,
    private readonly options: ConvertOptions,
  ) {}

  convert(name: string, site: Site): SchemaNode {
    if (this.stack.includes(name)) throw new Error(`recursive shape ${[...this.stack, name].join(' -> ')}`);
    const shape = shapeOf(this.model, name, site.key);
    this.stack.push(name);
    try {
      return this.convertShape(name, shape, site);
    } finally {
      this.stack.pop();
    }
  }

  private convertShape(name: string, shape: Shape, site: Site): SchemaNode {
    switch (shape.type) {
      case 'structure':
        return this.structure(name, shape);
      case 'list':
        return this.list(shape, site);
      case 'map':
        return this.map(shape, site);
      case 'string':
        return this.string(name, shape, site);
      case 'integer':
      case 'long':
        return withRange({ type: 'integer', format: INTEGER_FORMAT[shape.type] }, shape);
      case 'float':
      case 'double':
        return withRange({ type: 'number', format: NUMBER_FORMAT[shape.type] }, shape);
      case 'boolean':
        return { type: 'boolean' };
      case 'timestamp':
        return { type: 'string', format: 'date-time', maxLength: 64 };
      default:
        throw new Error(`${site.key}: shape ${name} has type ${shape.type}, which the generator does not convert`);
    }
  }

  private structure(name: string, shape: Shape): SchemaNode {
    const members = shape.members ?? {};
    const properties: Record<string, SchemaNode> = {};
    for (const [member, ref] of Object.entries(members)) {
      properties[jsonName(member, ref)] = this.property(name, member, ref);
    }
    const node: SchemaNode = { type: 'object', title: this.options.titlePrefix + name, properties };
    const required = (shape.required ?? []).map((member) => requiredName(name, member, members));
    if (required.length > 0) node.required = [...required].sort();
    // A union holds exactly one of its members.
    if (shape.union) Object.assign(node, { minProperties: 1, maxProperties: 1 });
    return node;
  }

  private property(owner: string, member: string, ref: ShapeRef): SchemaNode {
    const node = this.convert(ref.shape, { key: `${owner}.${member}`, member });
    const doc = ref.documentation ?? this.model.shapes[ref.shape]?.documentation;
    const text = shortDescription(doc, this.options.descriptionMaxLength);
    const deprecated = ref.deprecated === true || this.model.shapes[ref.shape]?.deprecated === true;
    const max = this.options.descriptionMaxLength;
    const description = deprecated ? truncate(`Deprecated: ${text ?? ref.deprecatedMessage ?? ''}`.trim(), max) : text;
    if (description) node.description = description;
    return node;
  }

  private list(shape: Shape, site: Site): SchemaNode {
    const member = required(shape.member, `${site.key}: list without member`);
    const items = this.convert(member.shape, { key: `${site.key}[]`, member: site.member });
    const node: SchemaNode = { type: 'array', items, maxItems: this.listMaxItems(shape, items, site) };
    if (shape.min !== undefined && shape.min > 0) node.minItems = shape.min;
    return node;
  }

  private listMaxItems(shape: Shape, items: SchemaNode, site: Site): number {
    const bound = shape.max ?? this.options.bounds.listMaxItems[site.key] ?? items.enum?.length;
    if (bound === undefined)
      throw new Error(`${site.key}: list without a model max; add it to LIST_MAX_ITEMS in bounds.ts`);
    return bound;
  }

  private map(shape: Shape, site: Site): SchemaNode {
    const value = required(shape.value, `${site.key}: map without value`);
    const bound = shape.max ?? this.options.bounds.mapMaxProperties[site.key];
    if (bound === undefined)
      throw new Error(`${site.key}: map without a model max; add it to MAP_MAX_PROPERTIES in bounds.ts`);
    const additionalProperties = this.convert(value.shape, { key: `${site.key}{}`, member: site.member });
    const node: SchemaNode = { type: 'object', additionalProperties, maxProperties: bound };
    if (shape.min !== undefined && shape.min > 0) node.minProperties = shape.min;
    return node;
  }

  private string(name: string, shape: Shape, site: Site): SchemaNode {
    if (shape.enum) return { type: 'string', title: this.options.titlePrefix + name, enum: [...shape.enum] };
    const node: SchemaNode = { type: 'string' };
    const pattern = shape.pattern === undefined ? undefined : portablePattern(shape.pattern);
    if (pattern !== undefined) node.pattern = pattern;
    if (shape.min !== undefined && shape.min > 0) node.minLength = shape.min;
    node.maxLength = shape.max ?? this.stringMaxLength(site);
    return node;
  }

  private stringMaxLength(site: Site): number {
    const { bounds } = this.options;
    const listed = bounds.stringMaxLength[site.key];
    if (listed !== undefined) return listed;
    return /Arn$/.test(site.member) && !site.key.endsWith('{}') ? bounds.arnMaxLength : bounds.defaultStringMaxLength;
  }
}

function withRange(node: SchemaNode, shape: Shape): SchemaNode {
  if (shape.min !== undefined) node.minimum = shape.min;
  if (shape.max !== undefined) node.maximum = shape.max;
  return node;
}

function jsonName(member: string, ref: ShapeRef): string {
  return ref.locationName ?? member;
}

function requiredName(owner: string, member: string, members: Record<string, ShapeRef>): string {
  const ref = required(members[member], `${owner}: required member ${member} is not a member`);
  return jsonName(member, ref);
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}

/** The schema of `rootShape` (a structure), titled and described from the model. */
export function convertShape(model: ServiceModel, rootShape: string, options: ConvertOptions): SchemaNode {
  const root = new ShapeConverter(model, options).convert(rootShape, { key: rootShape, member: rootShape });
  const description = shortDescription(model.shapes[rootShape]?.documentation, options.descriptionMaxLength);
  if (description) root.description = description;
  return root;
}

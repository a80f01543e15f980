// Renders TypeScript interfaces from the CRD schemas: titled nodes become named interfaces, the rest inline.
import type { SchemaNode } from '../../src/api/schema/openapi.js';

interface Context {
  named: Map<string, string>;
  order: string[];
}

function doc(description: string | undefined, indent: string): string {
  if (!description) return '';
  return `${indent}/** ${description.replaceAll('*/', '*\\/')} */\n`;
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function objectBody(node: SchemaNode, ctx: Context, indent: string): string {
  const required = new Set(node.required ?? []);
  const lines = Object.entries(node.properties ?? {}).map(([key, child]) => {
    const optional = required.has(key) ? '' : '?';
    return `${doc(child.description, indent + '  ')}${indent}  ${propertyName(key)}${optional}: ${typeOf(child, ctx, indent + '  ')};\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

function scalarType(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (node.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return 'unknown';
  }
}

function typeOf(node: SchemaNode, ctx: Context, indent: string): string {
  if (node.title) return declare(node.title, node, ctx);
  if (node.type === 'array') return `Array<${typeOf(node.items ?? {}, ctx, indent)}>`;
  if (node.type !== 'object') return scalarType(node);
  if (node.additionalProperties) return `Record<string, ${typeOf(node.additionalProperties, ctx, indent)}>`;
  if (!node.properties) return 'Record<string, unknown>';
  return objectBody(node, ctx, indent);
}

function declare(name: string, node: SchemaNode, ctx: Context): string {
  if (ctx.named.has(name)) return name;
  ctx.named.set(name, '');
  const untitled: SchemaNode = { ...node, title: undefined };
  const body = typeOf(untitled, ctx, '');
  const text = body.startsWith('{')
    ? `${doc(node.description, '')}export interface ${name} ${body}\n`
    : `${doc(node.description, '')}export type ${name} = ${body};\n`;
  ctx.named.set(name, text);
  ctx.order.push(name);
  return name;
}

/** Renders one module declaring every titled schema reachable from `roots`, in first-use order. */
export function typescriptFromSchemas(roots: readonly SchemaNode[], header: string): string {
  const ctx: Context = { named: new Map(), order: [] };
  for (const root of roots) {
    if (!root.title) throw new Error('a root schema needs a title to name its type');
    declare(root.title, root, ctx);
  }
  const body = ctx.order.map((name) => ctx.named.get(name)).join('\n');
  return `${header}\n${body}`;
}

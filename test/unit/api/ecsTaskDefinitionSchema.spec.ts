// The generated ECS RegisterTaskDefinition schema (scripts/ecs-model) checked against hand-written expectations,
// plus the generator's pure helpers on small hand-made models.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaNode } from '../../../src/api/schema/openapi.js';
import { DEFAULT_BOUNDS } from '../../../scripts/ecs-model/bounds.js';
import { collectEnums } from '../../../scripts/ecs-model/collect-enums.js';
import { convertShape } from '../../../scripts/ecs-model/convert-shape.js';
import { firstSentence, shortDescription, truncate } from '../../../scripts/ecs-model/doc-text.js';
import { portablePattern } from '../../../scripts/ecs-model/portable-pattern.js';
import type { ServiceModel } from '../../../scripts/ecs-model/smithy-model.js';
import { canonicalSchema } from '../../../scripts/ecs-model/stable-json.js';

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'api', 'schema');
const schemaPath = join(schemaDir, 'ecsTaskDefinition.generated.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaNode;
const enums = JSON.parse(readFileSync(join(schemaDir, 'ecsTaskDefinition.enums.generated.json'), 'utf8')) as Record<
  string,
  string[]
>;
const meta = JSON.parse(readFileSync(join(schemaDir, 'ecsTaskDefinition.generated.meta.json'), 'utf8')) as Record<
  string,
  unknown
>;

const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];
const FORBIDDEN_KEYS = [
  '$ref',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-generated-from',
];

/** Every schema node with its path, e.g. `.containerDefinitions[].credentialSpecs`. */
function nodes(node: SchemaNode, path = ''): [string, SchemaNode][] {
  const out: [string, SchemaNode][] = [[path, node]];
  for (const [name, child] of Object.entries(node.properties ?? {})) out.push(...nodes(child, `${path}.${name}`));
  if (node.items) out.push(...nodes(node.items, `${path}[]`));
  if (typeof node.additionalProperties === 'object') out.push(...nodes(node.additionalProperties, `${path}{}`));
  return out;
}

function at(path: string): SchemaNode {
  const found = nodes(schema).find(([p]) => p === path);
  if (!found) throw new Error(`no schema node at ${path}`);
  return found[1];
}

const all = nodes(schema);
const container = at('.containerDefinitions[]');

/** Paths of the nodes failing `ok`; tables of offenders read better than one test per node. */
function offenders(filter: (node: SchemaNode) => boolean, ok: (node: SchemaNode) => boolean): string[] {
  return all.filter(([, node]) => filter(node) && !ok(node)).map(([path]) => path || '(root)');
}
const any = (): boolean => true;

describe('generated ECS task definition schema: structural rules', () => {
  it.each<[string, (node: SchemaNode) => boolean, (node: SchemaNode) => boolean]>([
    ['every node has a Kubernetes type', any, (n) => TYPES.includes(n.type ?? '')],
    [
      'no $ref, combinators, preserve-unknown-fields or provenance keys',
      any,
      (n) => FORBIDDEN_KEYS.every((k) => !(k in n)),
    ],
    ['no additionalProperties: false', any, (n) => (n.additionalProperties as unknown) !== false],
    [
      'every array has a finite maxItems',
      (n) => n.type === 'array',
      (n) => Number.isInteger(n.maxItems) && (n.maxItems ?? 0) > 0,
    ],
    [
      'every string has a maxLength or an enum',
      (n) => n.type === 'string',
      (n) => Number.isInteger(n.maxLength) || (n.enum?.length ?? 0) > 0,
    ],
    [
      'objects have properties xor additionalProperties',
      (n) => n.type === 'object',
      (n) => Boolean(n.properties) !== Boolean(n.additionalProperties),
    ],
    [
      'maps have a maxProperties',
      (n) => n.additionalProperties !== undefined,
      (n) => Number.isInteger(n.maxProperties),
    ],
    [
      'required names are properties',
      (n) => n.required !== undefined,
      (n) => (n.required ?? []).every((r) => r in (n.properties ?? {})),
    ],
    [
      'descriptions are plain text of at most 200 characters',
      (n) => n.description !== undefined,
      (n) => (n.description ?? '').length <= 200 && !/<\/?[a-z]+[^>]*>|&[a-z]+;/.test(n.description ?? ''),
    ],
  ])('%s', (_rule, filter, ok) => {
    expect(offenders(filter, ok)).toEqual([]);
  });

  it('is small enough for client-side apply (< 150 KB)', () => {
    expect(statSync(schemaPath).size).toBeLessThan(150 * 1024);
  });

  it('is the canonical serialization (sorted properties, fixed key order)', () => {
    expect(JSON.stringify(canonicalSchema(schema))).toBe(JSON.stringify(schema));
  });
});

describe('generated ECS task definition schema: content', () => {
  it.each([
    'family',
    'taskRoleArn',
    'executionRoleArn',
    'networkMode',
    'containerDefinitions',
    'volumes',
    'placementConstraints',
    'requiresCompatibilities',
    'cpu',
    'memory',
    'tags',
    'pidMode',
    'ipcMode',
    'proxyConfiguration',
    'inferenceAccelerators',
    'ephemeralStorage',
    'runtimePlatform',
    'enableFaultInjection',
  ])('has top-level field %s', (field) => {
    expect(schema.properties).toHaveProperty([field]);
  });

  it('requires family and containerDefinitions', () => {
    expect(schema.required).toEqual(['containerDefinitions', 'family']);
  });

  it.each([
    'name',
    'image',
    'credentialSpecs',
    'hostname',
    'dockerSecurityOptions',
    'environment',
    'secrets',
    'logConfiguration',
    'healthCheck',
  ])('container definitions have %s', (field) => {
    expect(container.properties).toHaveProperty([field]);
  });

  it('credentialSpecs is an array of at most one string (documented: "The maximum number of ARNs is 1")', () => {
    const node = at('.containerDefinitions[].credentialSpecs');
    expect(node).toMatchObject({ type: 'array', maxItems: 1, items: { type: 'string' } });
  });

  it.each([
    ['.containerDefinitions', 10],
    ['.placementConstraints', 10],
    ['.tags', 50],
    ['.containerDefinitions[].environmentFiles', 10],
    ['.containerDefinitions[].restartPolicy.ignoredExitCodes', 50],
    ['.requiresCompatibilities', 4],
  ])('%s holds at most %i items', (path, max) => {
    expect(at(path).maxItems).toBe(max);
  });

  it.each([
    ['.family', 255],
    ['.containerDefinitions[].name', 255],
    ['.containerDefinitions[].image', 327],
    ['.taskRoleArn', 2048],
    ['.executionRoleArn', 2048],
    ['.tags[].key', 128],
    ['.tags[].value', 256],
  ])('%s is at most %i characters', (path, max) => {
    expect(at(path).maxLength).toBe(max);
  });

  it('tag keys are 1..128 characters of the documented alphabet', () => {
    const key = at('.tags[].key');
    expect(key.minLength).toBe(1);
    const re = new RegExp(key.pattern ?? '', 'u');
    expect(re.test('ecsgmsa.io/owner')).toBe(true);
    expect(re.test('bad#key')).toBe(false);
  });

  it.each([
    'WINDOWS_SERVER_2025_CORE',
    'WINDOWS_SERVER_2025_FULL',
    'WINDOWS_SERVER_2022_CORE',
    'WINDOWS_SERVER_2019_CORE',
    'WINDOWS_SERVER_2016_FULL',
    'LINUX',
  ])('runtimePlatform.operatingSystemFamily allows %s', (value) => {
    expect(at('.runtimePlatform.operatingSystemFamily').enum).toContain(value);
  });

  it('networkMode is exactly bridge, host, awsvpc, none', () => {
    expect(at('.networkMode').enum).toEqual(['bridge', 'host', 'awsvpc', 'none']);
  });

  it.each([
    ['.runtimePlatform.operatingSystemFamily', 'OSFamily'],
    ['.networkMode', 'NetworkMode'],
    ['.requiresCompatibilities[]', 'Compatibility'],
    ['.containerDefinitions[].logConfiguration.logDriver', 'LogDriver'],
  ])('%s matches enums.%s', (path, shape) => {
    expect(at(path).enum).toEqual(enums[shape]);
  });

  it('every titled enum node matches the enums file', () => {
    for (const [, node] of all.filter(([, n]) => n.enum)) {
      expect(node.enum).toEqual(enums[(node.title ?? '').replace(/^Ecs/, '')]);
    }
  });

  it('records its provenance beside the schema, not in it', () => {
    expect(meta['x-generated-from']).toMatch(/^botocore \d+\.\d+\.\d+ ecs 2014-11-13 RegisterTaskDefinitionRequest$/);
    expect(JSON.stringify(schema)).not.toContain('x-generated-from');
  });
});

describe('doc-text', () => {
  it.each([
    ['<p>The name of a container.</p><p>More.</p>', 'The name of a container.'],
    ['<p>Use <code>awsvpc</code>, e.g. for Fargate. Then more.</p>', 'Use awsvpc, e.g. for Fargate.'],
    ['<important><p>Old agents fail.</p></important><p>The entry point.</p>', 'The entry point.'],
    ['<note><p>Only a note.</p></note>', 'Only a note.'],
    ['<p>Version 1.26.0 or later is required.</p>', 'Version 1.26.0 or later is required.'],
    ['<p>a &lt;b&gt; &amp; c</p>', 'a <b> & c'],
    ['', undefined],
  ])('shortDescription(%j)', (html, expected) => {
    expect(shortDescription(html, 200)).toBe(expected);
  });

  it('truncates at a word boundary with an ellipsis', () => {
    const out = truncate('one two three four five six', 15);
    expect(out).toBe('one two...');
    expect(out.length).toBeLessThanOrEqual(15);
  });

  it('keeps a sentence without a final period whole', () => {
    expect(firstSentence('no period here')).toBe('no period here');
  });
});

describe('portable-pattern', () => {
  it.each([
    ['([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)', '^(?:([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*))$'],
    ['^[a-z]+$', '^[a-z]+$'],
    ['^(?=a)b$', undefined],
    ['(a)\\1', undefined],
    ['(?<name>a)', undefined],
    ['\\p{Letter}+', undefined],
    ['a++', undefined],
    ['[', undefined],
  ])('portablePattern(%j) = %j', (pattern, expected) => {
    expect(portablePattern(pattern)).toBe(expected);
  });
});

describe('convertShape on a hand-made model', () => {
  const base: ServiceModel = {
    metadata: { apiVersion: '2014-11-13' },
    shapes: {
      Root: {
        type: 'structure',
        required: ['name'],
        members: {
          name: { shape: 'Name', documentation: '<p>The name. Extra.</p>' },
          renamed: { shape: 'Flag', locationName: 'wireName' },
          modes: { shape: 'ModeList' },
          labels: { shape: 'Labels' },
          choice: { shape: 'Choice' },
          size: { shape: 'Long' },
          old: { shape: 'Flag', deprecated: true, documentation: '<p>Old thing.</p>' },
        },
      },
      Name: { type: 'string', min: 1, max: 10 },
      Flag: { type: 'boolean' },
      Mode: { type: 'string', enum: ['a', 'b', 'c'] },
      ModeList: { type: 'list', member: { shape: 'Mode' } },
      Labels: { type: 'map', key: { shape: 'Text' }, value: { shape: 'Text' } },
      Text: { type: 'string' },
      Choice: { type: 'structure', union: true, members: { x: { shape: 'Flag' }, y: { shape: 'Flag' } } },
      Long: { type: 'long', min: 0 },
    },
  };
  const options = {
    bounds: { ...DEFAULT_BOUNDS, mapMaxProperties: { 'Root.labels': 7 } },
    descriptionMaxLength: 200,
    titlePrefix: 'T',
  };

  it('converts each shape kind', () => {
    const out = convertShape(base, 'Root', options);
    expect(out).toMatchObject({ type: 'object', title: 'TRoot', required: ['name'] });
    expect(out.properties?.name).toEqual({ type: 'string', description: 'The name.', minLength: 1, maxLength: 10 });
    expect(out.properties?.wireName).toEqual({ type: 'boolean' });
    expect(out.properties?.modes).toEqual({
      type: 'array',
      maxItems: 3,
      items: { type: 'string', title: 'TMode', enum: ['a', 'b', 'c'] },
    });
    expect(out.properties?.labels).toEqual({
      type: 'object',
      maxProperties: 7,
      additionalProperties: { type: 'string', maxLength: 4096 },
    });
    expect(out.properties?.choice).toMatchObject({ minProperties: 1, maxProperties: 1 });
    expect(out.properties?.size).toEqual({ type: 'integer', format: 'int64', minimum: 0 });
    expect(out.properties?.old?.description).toBe('Deprecated: Old thing.');
  });

  it('collects reachable enums', () => {
    expect(collectEnums(base, 'Root')).toEqual({ Mode: ['a', 'b', 'c'] });
  });

  it('refuses a list without a bound', () => {
    const model: ServiceModel = {
      ...base,
      shapes: { ...base.shapes, ModeList: { type: 'list', member: { shape: 'Text' } } },
    };
    expect(() => convertShape(model, 'Root', options)).toThrow(/Root\.modes: list without a model max/);
  });

  it('refuses a map without a bound', () => {
    expect(() => convertShape(base, 'Root', { ...options, bounds: DEFAULT_BOUNDS })).toThrow(
      /Root\.labels: map without a model max/,
    );
  });

  it('refuses recursive shapes', () => {
    const model: ServiceModel = {
      metadata: { apiVersion: 'x' },
      shapes: { Node: { type: 'structure', members: { child: { shape: 'Node' } } } },
    };
    expect(() => convertShape(model, 'Node', options)).toThrow(/recursive shape Node -> Node/);
  });
});

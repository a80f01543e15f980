// schemas/*.json: committed as generated from crds/, and they accept the examples and flag typos as an editor would.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { readCrds } from '../../../scripts/jsonschema/crdFiles.js';
import { DRAFT_07, editorSchemaFiles, type JsonSchema } from '../../../scripts/jsonschema/editorSchema.js';
import { validate } from './draft07Subset.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = editorSchemaFiles(readCrds(join(root, 'crds')));
const schemaFor: Record<string, JsonSchema> = {
  GmsaCredentialSpec: JSON.parse(files.get('schemas/gmsacredentialspec_v1alpha1.json') ?? '{}') as JsonSchema,
  EcsGmsaTask: JSON.parse(files.get('schemas/ecsgmsatask_v1alpha1.json') ?? '{}') as JsonSchema,
};

type Manifest = {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown>;
};

/** Every GmsaCredentialSpec and EcsGmsaTask of examples/, with where it came from. */
const examples: [string, Manifest][] = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(root, 'examples', f), 'utf8')).map((d, i): [string, Manifest] => [
      `${f}#${i}`,
      d.toJS() as Manifest,
    ]),
  )
  .filter(([, m]) => m.apiVersion === 'ecsgmsa.io/v1alpha1');

/** Every node of a schema with its path. */
function* nodes(node: JsonSchema, path = '$'): Generator<[string, JsonSchema]> {
  yield [path, node];
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>))
    yield* nodes(child, `${path}.${key}`);
  if (typeof node.items === 'object') yield* nodes(node.items as JsonSchema, `${path}[]`);
  if (typeof node.additionalProperties === 'object') yield* nodes(node.additionalProperties as JsonSchema, `${path}{}`);
}

describe('editor JSON Schemas (schemas/)', () => {
  it('generates one file per CRD', () => {
    expect([...files.keys()].sort()).toEqual([
      'schemas/ecsgmsatask_v1alpha1.json',
      'schemas/gmsacredentialspec_v1alpha1.json',
    ]);
  });

  it.each([...files.keys()])('%s is committed as generated (run npx tsx scripts/jsonschema/generate.ts)', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(files.get(path));
  });

  describe.each(Object.entries(schemaFor))('%s', (kind, schema) => {
    it('is draft-07 with apiVersion and kind fixed', () => {
      expect(schema.$schema).toBe(DRAFT_07);
      const props = schema.properties as Record<string, JsonSchema>;
      expect(props.apiVersion).toMatchObject({ const: 'ecsgmsa.io/v1alpha1', enum: ['ecsgmsa.io/v1alpha1'] });
      expect(props.kind).toMatchObject({ const: kind, enum: [kind] });
      expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
    });

    it('closes every object with properties except metadata, and keeps no x-kubernetes-* key or OpenAPI-only format', () => {
      for (const [path, node] of nodes(schema)) {
        expect(Object.keys(node).filter((k) => k.startsWith('x-kubernetes-') || k === 'nullable')).toEqual([]);
        if (node.format !== undefined) expect({ path, format: node.format }).toEqual({ path, format: 'date-time' });
        if (node.properties && path !== '$.metadata')
          expect({ path, additionalProperties: node.additionalProperties }).toEqual({
            path,
            additionalProperties: false,
          });
      }
    });

    it('has patterns an editor can compile (JavaScript, unicode mode)', () => {
      for (const [path, node] of nodes(schema))
        if (typeof node.pattern === 'string') expect(() => new RegExp(node.pattern as string, 'u')).not.toThrow(path);
    });
  });

  it.each(examples)('accepts %s', (_where, manifest) => {
    expect(validate(manifest, schemaFor[manifest.kind ?? '']!)).toEqual([]);
  });

  it('flags a misspelt field, a wrong enum value, a wrong apiVersion and a missing required field', () => {
    const [, credSpec] = examples.find(([, m]) => m.kind === 'GmsaCredentialSpec')!;
    const broken = structuredClone(credSpec) as Manifest & {
      spec: { storage: Record<string, unknown>; hostOs: string; domain: Record<string, unknown> };
    };
    broken.apiVersion = 'ecsgmsa.io/v1';
    broken.spec.hostOs = 'windows';
    broken.spec.storage = { ssm: { parametreName: '/gmsa/x' } };
    // sid, guid and netBiosName are required only without spec.directory: a CEL rule, not the editor schema's.
    delete broken.spec.domain.dnsName;
    expect(validate(broken, schemaFor.GmsaCredentialSpec!).sort()).toEqual([
      '$.apiVersion: must be "ecsgmsa.io/v1alpha1"',
      '$.apiVersion: must be one of ["ecsgmsa.io/v1alpha1"]',
      '$.spec.domain.dnsName: is required',
      '$.spec.hostOs: must be one of ["Windows","Linux"]',
      '$.spec.storage.ssm.parameterName: is required',
      '$.spec.storage.ssm.parametreName: is not allowed',
    ]);
  });

  it('flags a misspelt field inside a container definition of an EcsGmsaTask', () => {
    const [, task] = examples.find(([, m]) => m.kind === 'EcsGmsaTask')!;
    const broken = structuredClone(task) as Manifest & {
      spec: { taskDefinition: { containerDefinitions: Record<string, unknown>[] } };
    };
    broken.spec.taskDefinition.containerDefinitions[0]!.gmsa = { credentialSpecRefs: 'webapp01' };
    expect(validate(broken, schemaFor.EcsGmsaTask!)).toEqual([
      '$.spec.taskDefinition.containerDefinitions[0].gmsa.credentialSpecRef: is required',
      '$.spec.taskDefinition.containerDefinitions[0].gmsa.credentialSpecRefs: is not allowed',
    ]);
  });
});

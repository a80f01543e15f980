import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generatedApiFiles } from '../../../scripts/api/generate.js';
import type { SchemaNode } from '../../../src/api/schema/openapi.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = generatedApiFiles();

/** Every schema node with its path. */
function* walk(node: SchemaNode, path = ''): Generator<[string, SchemaNode]> {
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* walk(child, `${path}.${key}`);
  if (node.items) yield* walk(node.items, `${path}[]`);
  if (node.additionalProperties) yield* walk(node.additionalProperties, `${path}{}`);
}

describe('generated API files', () => {
  it.each([...files.keys()])('%s is committed and matches its source (run npm run generate:api)', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(files.get(path));
  });

  describe.each([...files.keys()].filter((p) => p.startsWith('crds/')))('%s', (path) => {
    const crd = parse(files.get(path) ?? '') as { spec: { versions: { schema: { openAPIV3Schema: SchemaNode } }[] } };
    const schema = crd.spec.versions[0]!.schema.openAPIV3Schema;

    it('fits in the 256 KiB last-applied annotation of client-side apply with room to spare', () => {
      // kubectl stores the whole object as JSON in an annotation; annotations hold 256 KiB in total.
      expect(Buffer.byteLength(JSON.stringify(crd))).toBeLessThan(200 * 1024);
    });

    it('is structural: every node typed, nothing preserves unknown fields', () => {
      for (const [nodePath, node] of walk(schema)) {
        if (nodePath === '.metadata') continue;
        expect({ nodePath, typed: typeof node.type === 'string' }).toStrictEqual({ nodePath, typed: true });
        expect(node).not.toHaveProperty('x-kubernetes-preserve-unknown-fields');
        expect(node).not.toHaveProperty('$ref');
      }
    });

    it('bounds every list and string so CEL cost estimates stay finite', () => {
      for (const [nodePath, node] of walk(schema)) {
        if (node.type === 'array')
          expect({ nodePath, bounded: typeof node.maxItems === 'number' }).toStrictEqual({ nodePath, bounded: true });
        const bounded =
          node.maxLength !== undefined ||
          node.enum !== undefined ||
          node.format === 'date-time' ||
          nodePath.startsWith('.apiVersion') ||
          nodePath.startsWith('.kind');
        if (node.type === 'string') expect({ nodePath, bounded }).toStrictEqual({ nodePath, bounded: true });
      }
    });
  });
});

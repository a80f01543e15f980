// Writes schemas/*.json (editor JSON Schemas) from crds/*.yaml.
//   npx tsx scripts/jsonschema/generate.ts           rewrite the files
//   npx tsx scripts/jsonschema/generate.ts --check   exit 1 when a committed file is out of date
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCrds } from './crdFiles.js';
import { editorSchemaFiles } from './editorSchema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = editorSchemaFiles(readCrds(join(root, 'crds')));
const check = process.argv.includes('--check');
let stale = 0;

for (const [path, content] of files) {
  const target = join(root, path);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== content) {
      console.error(`${path} is out of date: run npx tsx scripts/jsonschema/generate.ts`);
      stale++;
    }
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
}
if (stale > 0) process.exit(1);
if (check) console.log(`${files.size} schema files are up to date`);

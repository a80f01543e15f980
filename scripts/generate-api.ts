// Writes crds/*.yaml and src/api/types.generated.ts from src/api/schema (npm run generate:api).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedApiFiles } from './api/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of generatedApiFiles()) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
}

// Writes the generated chart and monitoring files (scripts/chart/chartFiles.ts says which, from what).
//   npx tsx scripts/chart/generate.ts           write them
//   npx tsx scripts/chart/generate.ts --check   exit 1 when one is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedChartFiles } from './chartFiles.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = generatedChartFiles(root);
const stale = [...files].filter(([path, content]) => {
  try {
    return readFileSync(join(root, path), 'utf8') !== content;
  } catch {
    return true;
  }
});

if (process.argv.includes('--check')) {
  for (const [path] of stale) console.error(`${path} is out of date: run npx tsx scripts/chart/generate.ts`);
  if (stale.length === 0) console.log(`${files.size} generated files up to date`);
  process.exit(stale.length > 0 ? 1 : 0);
}
for (const [path, content] of stale) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
console.log(`${files.size} generated files, ${stale.length} rewritten`);

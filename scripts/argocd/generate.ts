// Writes deploy/argocd/argocd-cm-patch.yaml from deploy/argocd/health.lua.
//   npx tsx scripts/argocd/generate.ts           rewrite the file
//   npx tsx scripts/argocd/generate.ts --check   exit 1 when the committed file is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderArgoCdPatch } from './argocdPatch.js';

const dir = fileURLToPath(new URL('../../deploy/argocd/', import.meta.url));
const target = join(dir, 'argocd-cm-patch.yaml');
const rendered = renderArgoCdPatch((file) => readFileSync(join(dir, file), 'utf8'));

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== rendered) {
    console.error(`${target} is out of date: run npx tsx scripts/argocd/generate.ts`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, rendered);
  console.log(`wrote ${target}`);
}

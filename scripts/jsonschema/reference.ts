// Regenerates the generated regions of docs/reference.md (field tables from crds/, flags, metrics, AWS rate limits).
//   npx tsx scripts/jsonschema/reference.ts           rewrite docs/reference.md in place
//   npx tsx scripts/jsonschema/reference.ts --check   exit 1 when it is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS } from '../../src/aws/rateLimitDefaults.js';
import { RUN_FLAGS } from '../../src/runtime/config.js';
import { readCrds } from './crdFiles.js';
import { operatorMetrics } from './operatorMetrics.js';
import { fillRegions, referenceRegions } from './referenceTables.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const target = join(root, 'docs', 'reference.md');
const current = readFileSync(target, 'utf8');
const regions = referenceRegions({
  crds: readCrds(join(root, 'crds')),
  flags: RUN_FLAGS,
  rateLimits: DEFAULT_RATE_LIMITS,
  metrics: operatorMetrics(),
});
const next = fillRegions(current, regions);

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/reference.md is out of date: run npx tsx scripts/jsonschema/reference.ts');
    process.exit(1);
  }
  console.log('docs/reference.md is up to date');
} else {
  writeFileSync(target, next);
  console.log(`wrote docs/reference.md (${regions.size} generated regions)`);
}

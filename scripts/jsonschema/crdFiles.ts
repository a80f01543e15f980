// Reading crds/*.yaml: shared by the JSON Schema and reference generators and their tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CustomResourceDefinition } from '../../src/api/schema/crds.js';

/** The CRDs of `dir` (crds/), in file name order. */
export function readCrds(dir: string): CustomResourceDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as CustomResourceDefinition);
}

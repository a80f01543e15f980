// Generates the Kubernetes structural schema of ECS RegisterTaskDefinition input from the pinned botocore model.
//
//   npx tsx scripts/ecs-model/generate-task-definition-schema.ts            # write the three files
//   npx tsx scripts/ecs-model/generate-task-definition-schema.ts --check    # exit 1 when they are stale
//   ... --description-max 200                                               # cap on each description
//
// Needs python3 with pip (first run only, to download the wheel; ECSGMSA_CACHE_DIR moves the cache).
// Output: properties sorted by name, `required` sorted, enum values in model order, fixed key order per node.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_BOUNDS } from './bounds.js';
import { collectEnums, reachableShapes } from './collect-enums.js';
import { convertShape } from './convert-shape.js';
import { ECS_API_VERSION, fetchEcsModel, type FetchedModel } from './fetch-model.js';
import { asServiceModel } from './smithy-model.js';
import { canonicalSchema, prettyJson } from './stable-json.js';

const ROOT_SHAPE = 'RegisterTaskDefinitionRequest';
/** Default cap on descriptions: the first sentence, at most this many characters, keeps the CRD small. */
const DESCRIPTION_MAX_LENGTH = 200;
const SCHEMA_FILE = 'src/api/schema/ecsTaskDefinition.generated.json';
const ENUMS_FILE = 'src/api/schema/ecsTaskDefinition.enums.generated.json';
const META_FILE = 'src/api/schema/ecsTaskDefinition.generated.meta.json';
const COMMAND = 'npx tsx scripts/ecs-model/generate-task-definition-schema.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** File path (relative to the repo) to content. */
function render(fetched: FetchedModel, descriptionMaxLength: number): Map<string, string> {
  const model = asServiceModel(fetched.json);
  if (model.metadata.apiVersion !== ECS_API_VERSION)
    throw new Error(`model apiVersion ${model.metadata.apiVersion}, expected ${ECS_API_VERSION}`);
  const schema = convertShape(model, ROOT_SHAPE, { bounds: DEFAULT_BOUNDS, descriptionMaxLength, titlePrefix: 'Ecs' });
  const meta = {
    'x-generated-from': `botocore ${fetched.botocoreVersion} ecs ${ECS_API_VERSION} ${ROOT_SHAPE}`,
    generator: 'scripts/ecs-model/generate-task-definition-schema.ts',
    command: COMMAND,
    botocoreVersion: fetched.botocoreVersion,
    wheel: fetched.wheelFile,
    wheelSha256: fetched.wheelSha256,
    modelEntry: fetched.modelEntry,
    modelSha256: fetched.modelSha256,
    rootShape: ROOT_SHAPE,
    reachableShapes: reachableShapes(model, ROOT_SHAPE).length,
    descriptionMaxLength,
    propertyOrder: 'sorted by name',
    enumOrder: 'model order',
  };
  return new Map([
    [SCHEMA_FILE, prettyJson(canonicalSchema(schema))],
    [ENUMS_FILE, prettyJson(collectEnums(model, ROOT_SHAPE))],
    [META_FILE, prettyJson(meta)],
  ]);
}

function isCurrent(path: string, content: string): boolean {
  const file = join(repoRoot, path);
  return existsSync(file) && readFileSync(file, 'utf8') === content;
}

function main(): void {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, 'description-max': { type: 'string' } },
  });
  const descriptionMax = Number(values['description-max'] ?? DESCRIPTION_MAX_LENGTH);
  if (!Number.isInteger(descriptionMax) || descriptionMax < 20)
    throw new Error('--description-max must be an integer >= 20');
  const files = render(fetchEcsModel(), descriptionMax);
  const stale = [...files].filter(([path, content]) => !isCurrent(path, content)).map(([path]) => path);
  if (values.check) {
    if (stale.length > 0) {
      console.error(`stale: ${stale.join(', ')}; run ${COMMAND}`);
      process.exitCode = 1;
    }
    return;
  }
  for (const [path, content] of files) {
    writeFileSync(join(repoRoot, path), content);
    console.log(`${stale.includes(path) ? 'wrote' : 'unchanged'} ${path} (${Buffer.byteLength(content)} bytes)`);
  }
}

main();

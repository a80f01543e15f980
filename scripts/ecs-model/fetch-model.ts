// Downloads the pinned botocore wheel from PyPI (pip) and extracts the ECS service model into a local cache.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** botocore release the committed schema was generated from (the newest on PyPI when pinned). */
export const BOTOCORE_VERSION = '1.44.8';
export const ECS_API_VERSION = '2014-11-13';
const MODEL_DIR = `botocore/data/ecs/${ECS_API_VERSION}`;

export interface FetchedModel {
  /** Parsed service-2.json. */
  json: unknown;
  botocoreVersion: string;
  wheelFile: string;
  wheelSha256: string;
  /** Path of the model inside the wheel. */
  modelEntry: string;
  /** sha256 of the (decompressed) service-2.json. */
  modelSha256: string;
}

/** `$ECSGMSA_CACHE_DIR/botocore-<version>`, by default under ~/.cache/ecs-gmsa-operator. */
export function cacheDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.ECSGMSA_CACHE_DIR ?? join(homedir(), '.cache', 'ecs-gmsa-operator');
  return join(base, `botocore-${version}`);
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} failed to start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

function findWheel(dir: string, version: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => f.startsWith(`botocore-${version}-`) && f.endsWith('.whl'));
  return name === undefined ? undefined : join(dir, name);
}

function downloadWheel(dir: string, version: string): string {
  const cached = findWheel(dir, version);
  if (cached) return cached;
  mkdirSync(dir, { recursive: true });
  run('python3', [
    '-m',
    'pip',
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '-q',
    '-d',
    dir,
    `botocore==${version}`,
  ]);
  const wheel = findWheel(dir, version);
  if (!wheel) throw new Error(`pip download left no botocore-${version} wheel in ${dir}`);
  return wheel;
}

/** Python copying the model out of the wheel (a zip), gunzipped when needed, to argv[3]; prints the entry read. */
const EXTRACT = `
import gzip, sys, zipfile
wheel, folder, target = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for entry in (folder + '/service-2.json', folder + '/service-2.json.gz'):
        if entry in names:
            data = z.read(entry)
            if entry.endswith('.gz'):
                data = gzip.decompress(data)
            with open(target, 'wb') as out:
                out.write(data)
            sys.stdout.write(entry)
            sys.exit(0)
sys.exit('no ECS service-2.json in ' + wheel)
`;

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The pinned ECS model: downloads the wheel with pip unless the cache has it, then extracts
 * `ecs-<apiVersion>-service-2.json` next to it and parses that.
 */
export function fetchEcsModel(version: string = BOTOCORE_VERSION): FetchedModel {
  const dir = cacheDir(version);
  const wheel = downloadWheel(dir, version);
  const target = join(dir, `ecs-${ECS_API_VERSION}-service-2.json`);
  const modelEntry = run('python3', ['-c', EXTRACT, wheel, MODEL_DIR, target]).trim();
  const text = readFileSync(target, 'utf8');
  return {
    json: JSON.parse(text) as unknown,
    botocoreVersion: version,
    wheelFile: basename(wheel),
    wheelSha256: sha256(readFileSync(wheel)),
    modelEntry,
    modelSha256: sha256(text),
  };
}

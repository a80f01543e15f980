// Where the pinned test components live: versions.env, the cache folders, the binaries and run folders.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Versions {
  kubernetes: string;
  etcd: string;
  moto: string;
}

export interface Binaries {
  kubeApiServer: string;
  etcd: string;
  motoServer: string;
}

/** The repository root: the first folder above this file holding a package.json (works from dist/ too). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/** Parses `KEY=VALUE` lines (comments and blanks ignored). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq < 1) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1).replace(/^["']|["']$/g, '');
  }
  return out;
}

/** The pins of devenv/versions.env. */
export function versions(): Versions {
  const file = join(repoRoot(), 'devenv', 'versions.env');
  const env = parseEnvFile(readFileSync(file, 'utf8'));
  const pick = (key: string): string => {
    const value = env[key];
    if (!value) throw new Error(`${file} does not set ${key}`);
    return value;
  };
  return { kubernetes: pick('KUBERNETES_VERSION'), etcd: pick('ETCD_VERSION'), moto: pick('MOTO_VERSION') };
}

/** `$ECSGMSA_CACHE_DIR`, default `~/.cache/ecs-gmsa-operator` (the same rule as build-components.sh). */
export function cacheRoot(): string {
  const override = process.env.ECSGMSA_CACHE_DIR;
  return override && override !== '' ? override : join(homedir(), '.cache', 'ecs-gmsa-operator');
}

/** Where build-components.sh puts each binary for the pinned versions. */
export function binaryPaths(v: Versions = versions()): Binaries {
  const k8sBin = join(cacheRoot(), `kubernetes-${v.kubernetes}-etcd-${v.etcd}`, 'bin');
  return {
    kubeApiServer: join(k8sBin, 'kube-apiserver'),
    etcd: join(k8sBin, 'etcd'),
    motoServer: join(cacheRoot(), `moto-${v.moto}`, 'bin', 'moto_server'),
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binaries, or an error naming the first missing one and how to build it. */
export function requireBinaries(v: Versions = versions()): Binaries {
  const bins = binaryPaths(v);
  const named: [string, string][] = [
    [`etcd ${v.etcd}`, bins.etcd],
    [`kube-apiserver ${v.kubernetes}`, bins.kubeApiServer],
    [`moto_server ${v.moto}`, bins.motoServer],
  ];
  for (const [name, path] of named) {
    if (!isExecutable(path)) {
      throw new Error(
        `test environment: ${name} is missing (no executable at ${path}); run \`npm run env:build\` (devenv/build-components.sh) first`,
      );
    }
  }
  return bins;
}

/** The folder that holds one sub-folder per run: `<repo>/.run` (gitignored). */
export function runsRoot(): string {
  return join(repoRoot(), '.run');
}

const handedOut = new Set<string>();

/**
 * A new run folder name: `<UTC timestamp>-<pid>`, sortable by start time; `-2`, `-3`... when this process
 * already took that name (several runs started within one second, e.g. two Samba instances).
 */
export function newRunDir(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = `${stamp}-${process.pid}`;
  let name = base;
  for (let n = 2; handedOut.has(name); n++) name = `${base}-${n}`;
  handedOut.add(name);
  return join(runsRoot(), name);
}

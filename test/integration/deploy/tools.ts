// The pinned command-line tools devenv/build-tools.sh builds from the Go module proxy (and caches) when missing.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What devenv/build-tools.sh can print the path of. */
export type Tool = 'kustomize' | 'helm' | 'promtool' | 'prometheus-operator-crds';

const paths = new Map<Tool, Promise<string>>();

/** helm's configuration, cache and data (repositories, plugins) in a folder of this process, not the user's. */
let helmHome: string | undefined;
function helmEnv(): Record<string, string> {
  helmHome ??= mkdtempSync(join(tmpdir(), 'ecsgmsa-helm-'));
  return {
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_DATA_HOME: join(helmHome, 'data'),
  };
}

/** The cached binary (or, for the CRDs, folder) of `tool`; the first call builds it when missing (minutes, once per machine). */
export function toolPath(tool: Tool): Promise<string> {
  let path = paths.get(tool);
  if (!path) {
    path = run('bash', [join(root, 'devenv/build-tools.sh'), '--print', tool], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 20 * 60_000,
    })
      .then(({ stdout }) => stdout.trim().split('\n').pop() ?? '')
      .then((printed) => {
        if (!printed) throw new Error(`devenv/build-tools.sh --print ${tool} printed no path`);
        return printed;
      });
    paths.set(tool, path);
  }
  return path;
}

/** Runs `tool` with `args`; resolves with its output, rejects with the exit code and both streams. */
export async function runTool(
  tool: Exclude<Tool, 'prometheus-operator-crds'>,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ stdout: string; stderr: string }> {
  const binary = await toolPath(tool);
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(tool === 'helm' ? helmEnv() : {}),
      ...options.env,
    };
    return await run(binary, args, { maxBuffer: 64 * 1024 * 1024, cwd: options.cwd ?? root, env });
  } catch (err: unknown) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`${tool} ${args.join(' ')} exited ${e.code ?? '?'}\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

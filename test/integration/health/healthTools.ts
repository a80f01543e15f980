// The Go programs the health tests run, built on first use from the Go module proxy by
// devenv/build-health-tools.sh (cached by version and source; a no-op when current).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const buildScript = fileURLToPath(new URL('../../../devenv/build-health-tools.sh', import.meta.url));

const VARIABLES = { argocd: 'ARGOCD_HEALTH', kstatus: 'KSTATUS_CHECK' } as const;

/** The path of the tool's binary, built first when missing (allow minutes on a cold machine). */
export function buildHealthTool(tool: keyof typeof VARIABLES): string {
  const out = execFileSync('bash', [buildScript, tool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const binary = new RegExp(`^${VARIABLES[tool]}=(.+)$`, 'm').exec(out)?.[1];
  if (!binary) throw new Error(`build-health-tools.sh printed no ${VARIABLES[tool]} line:\n${out}`);
  return binary;
}

/** Runs `binary args...` with `object` as JSON on stdin; its stdout without the final newline. */
export function runVerdict(binary: string, args: readonly string[], object: unknown): string {
  const result = spawnSync(binary, args, { input: JSON.stringify(object), encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${binary} exited ${String(result.status)}: ${result.stderr}`);
  return result.stdout.replace(/\n$/, '');
}

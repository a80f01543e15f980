// Runs `ecs-gmsa-operator run` as a child process, as production does, with its logs captured.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
/** The compiled entry point (`npm run build`): what the image runs, without tsx's compile-time memory. */
export const BUILT_BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

export interface OperatorProcess {
  child: ChildProcess;
  logPath: string;
  /** Resolves with the exit code (or signal name) once the process ends. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the operator with `args` after `run`; env carries static fake AWS credentials only. */
export function startOperatorProcess(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { built?: boolean } = {},
): OperatorProcess {
  const dir = mkdtempSync(join(tmpdir(), 'ecsgmsa-operator-'));
  const logPath = join(dir, 'operator.log');
  const log = createWriteStream(logPath);
  const entry = options.built ? [BUILT_BIN] : ['--import', 'tsx', bin];
  const child = spawn(process.execPath, [...entry, 'run', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, logPath, exited, kill: (signal) => void child.kill(signal) };
}

/** GETs a path of the operator's ops server; undefined while it does not answer. */
export async function opsGet(port: number, path: string): Promise<{ status: number; text: string } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text() };
  } catch {
    return undefined;
  }
}

// Runs one component: spawn in its own process group with output to a log file, wait until ready, stop by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface Readiness {
  /** Named in the error when it never passes, e.g. `GET https://127.0.0.1:6443/readyz`. */
  step: string;
  /** True when ready; a string is the reason it is not ready yet (shown if the wait times out). */
  check: () => Promise<true | string>;
  timeoutMs: number;
}

export interface ProcessSpec {
  component: string;
  command: string;
  args: string[];
  logPath: string;
  env?: NodeJS.ProcessEnv;
  readiness: Readiness;
  /** Called as soon as the process exists, before readiness (so a crash-cleanup record can include it). */
  onSpawn?: (p: SpawnedProcess) => void;
}

export interface SpawnedProcess {
  component: string;
  pid: number;
  command: string;
}

export interface RunningProcess {
  readonly component: string;
  readonly pid: number;
  readonly command: string;
  readonly logPath: string;
  /** True once the process exited (by itself or through stop()). */
  exited(): boolean;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when the process has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** The processes started here and not yet exited: killed on process exit as a last resort. */
const live = new Map<number, RunningProcess>();
let exitHookInstalled = false;

/** True while `pid` exists and is not a zombie (this machine's init may reap orphans late). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc entry: gone (or not Linux: ask the kernel).
    try {
      process.kill(pid, 0);
      return true;
    } catch (err: unknown) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Kills every process started by this module that is still running (synchronous, for exit paths). */
export function killAllNow(): void {
  for (const p of live.values()) killGroup(p.pid, 'SIGKILL');
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllNow();
      process.removeListener(signal, onSignal);
      // Nobody else handles it: behave as if we had not listened (default action: terminate).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** The last `lines` lines of a log file ('' if it does not exist). */
export function logTail(path: string, lines = 40): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .slice(-lines - 1)
    .join('\n')
    .trimEnd();
}

export function startFailure(component: string, step: string, logPath: string, reason: string): Error {
  const tail = logTail(logPath);
  return new Error(
    `${component} failed to start at step ${step}; log: ${logPath}\n${reason}${tail ? `\n--- last lines of the log ---\n${tail}` : ''}`,
  );
}

class Managed implements RunningProcess {
  private readonly exitPromise: Promise<void>;
  private exitInfo: string | undefined;
  /** true once spawned, or the spawn error's message. */
  readonly spawned: Promise<true | string>;

  constructor(
    readonly component: string,
    private readonly child: ChildProcess,
    readonly command: string,
    readonly logPath: string,
  ) {
    this.spawned = new Promise((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', (err) => resolve(err.message));
    });
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = signal ? `signal ${signal}` : `code ${String(code)}`;
        live.delete(this.pid);
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  exited(): boolean {
    return this.exitInfo !== undefined;
  }

  exitDescription(): string {
    return this.exitInfo ?? 'running';
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited()) return;
    killGroup(this.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([this.exitPromise.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    // Also reaps any child the component left in its group.
    killGroup(this.pid, 'SIGKILL');
    if (outcome === 'timeout') await this.exitPromise;
  }
}

function spawnLogged(spec: ProcessSpec): Managed {
  const fd = openSync(spec.logPath, 'a');
  writeSync(
    fd,
    `\n=== ${new Date().toISOString()} starting ${spec.component}: ${spec.command} ${spec.args.join(' ')}\n`,
  );
  try {
    const child = spawn(spec.command, spec.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: spec.env ?? process.env,
    });
    // The components never hold the event loop: stop() or the exit hook ends them.
    child.unref();
    return new Managed(spec.component, child, spec.command, spec.logPath);
  } finally {
    closeSync(fd);
  }
}

async function waitReady(proc: Managed, spec: ProcessSpec): Promise<void> {
  const { step, check, timeoutMs } = spec.readiness;
  const deadline = Date.now() + timeoutMs;
  let last = 'not checked yet';
  let delay = 50;
  while (Date.now() < deadline) {
    if (proc.exited())
      throw startFailure(
        spec.component,
        step,
        spec.logPath,
        `the process exited (${proc.exitDescription()}) before it was ready`,
      );
    const outcome = await check().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    if (outcome === true) return;
    last = outcome;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
  throw startFailure(spec.component, step, spec.logPath, `not ready after ${timeoutMs / 1000}s; last check: ${last}`);
}

/** Spawns the component and resolves once its readiness check passes; on failure it is stopped and the error names step and log. */
export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  installExitHook();
  let proc: Managed;
  try {
    proc = spawnLogged(spec);
  } catch (err: unknown) {
    throw startFailure(spec.component, 'spawn', spec.logPath, err instanceof Error ? err.message : String(err));
  }
  const spawned = await proc.spawned;
  if (spawned !== true) throw startFailure(spec.component, 'spawn', spec.logPath, spawned);
  live.set(proc.pid, proc);
  spec.onSpawn?.({ component: spec.component, pid: proc.pid, command: spec.command });
  try {
    await waitReady(proc, spec);
  } catch (err: unknown) {
    await proc.stop(2_000);
    throw err;
  }
  return proc;
}

// Crash safety across runs: each run records its pids; a later start kills those of runs whose owner died.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning as alive } from './processes.js';
import { cleanupListPath } from './watchdog.js';

export interface PidRecord {
  /** The Node process that started the run (jest, or the sandbox CLI). */
  ownerPid: number;
  processes: { component: string; pid: number; command: string }[];
  /** Folders outside the run folder to delete with it (etcd's tmpfs data). */
  tmpDirs: string[];
}

const RECORD = 'pids.json';
const RUN_NAME = /^\d{8}T\d{6}Z-\d+(-\d+)?$/;

/** Writes pids.json (read by reapOrphans) and the watchdog's cleanup list. */
export function writePidRecord(runDir: string, record: PidRecord): void {
  writeFileSync(join(runDir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
  const lines = [...record.processes.map((p) => `pgid ${p.pid}`), ...record.tmpDirs.map((d) => `dir ${d}`)];
  writeFileSync(cleanupListPath(runDir), lines.map((l) => `${l}\n`).join(''));
}

export function removePidRecord(runDir: string): void {
  rmSync(cleanupListPath(runDir), { force: true });
  rmSync(join(runDir, RECORD), { force: true });
}

/**
 * True if `pid` runs `command` (guards against a recycled pid): by its command line or, for servers that
 * rewrite their command line (samba shows "samba: root process"), by its executable.
 */
function runs(pid: number, command: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(command)) return true;
    return readlinkSync(`/proc/${pid}/exe`) === command;
  } catch {
    return false;
  }
}

function readRecord(runDir: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, RECORD), 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

function reapRun(runDir: string, record: PidRecord, log: (line: string) => void): void {
  for (const p of record.processes) {
    if (!alive(p.pid) || !runs(p.pid, p.command)) continue;
    log(`[env] killing ${p.component} (pid ${p.pid}) left over by dead run ${runDir}`);
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (const dir of record.tmpDirs) rmSync(dir, { recursive: true, force: true });
  removePidRecord(runDir);
}

/**
 * Under `root` (the folder of run folders): kills the components of runs whose owner process is gone,
 * then deletes all but the newest `keep` finished run folders (their logs are kept until then).
 */
export function reapOrphans(root: string, log: (line: string) => void, keep = 20): void {
  if (!existsSync(root)) return;
  const names = readdirSync(root)
    .filter((n) => RUN_NAME.test(n))
    .sort();
  const finished: string[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const record = readRecord(dir);
    if (record && alive(record.ownerPid)) continue;
    if (record) reapRun(dir, record, log);
    finished.push(dir);
  }
  for (const dir of finished.slice(0, Math.max(0, finished.length - keep)))
    rmSync(dir, { recursive: true, force: true });
}

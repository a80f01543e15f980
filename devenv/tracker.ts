// What a crash cleanup must kill and delete for one run: each process as soon as it is spawned, tmpfs folders, lock files.
import { removePidRecord, writePidRecord } from './orphans.js';
import type { SpawnedProcess } from './processes.js';

/** Keeps `<run>/pids.json` and the watchdog's cleanup list current (see orphans.ts and watchdog.ts). */
export class Tracker {
  private readonly processes = new Map<string, SpawnedProcess>();
  readonly tmpDirs: string[] = [];

  constructor(private readonly runDir: string) {}

  readonly onSpawn = (p: SpawnedProcess): void => {
    this.processes.set(p.component, p);
    this.write();
  };

  /** A folder or file outside the run folder to delete when the run ends or its owner dies. */
  addTmpDir(dir: string): void {
    this.tmpDirs.push(dir);
    this.write();
  }

  write(): void {
    writePidRecord(this.runDir, {
      ownerPid: process.pid,
      processes: [...this.processes.values()],
      tmpDirs: this.tmpDirs,
    });
  }

  /** Removes the record after a clean stop. */
  remove(): void {
    removePidRecord(this.runDir);
  }
}

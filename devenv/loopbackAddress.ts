// One loopback address per Samba instance (its LDAP ports cannot move): 127.77.x.y, claimed with a lock file
// in the component cache so concurrent runs, worktrees and instances never share one.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { cacheRoot } from './paths.js';
import { isRunning } from './processes.js';

/** A claimed address; `release()` frees it (idempotent). */
export interface LoopbackAddress {
  ip: string;
  /** The lock file; a crash cleanup deletes it like a temporary folder. */
  lockPath: string;
  release(): void;
}

// 127.77.0.0/24 is left to build-samba.sh's template start (127.77.0.1).
const THIRD_OCTETS = 254;
const FOURTH_OCTETS = 254;
const SIZE = THIRD_OCTETS * FOURTH_OCTETS;

function candidate(index: number): string {
  const i = index % SIZE;
  return `127.77.${1 + Math.floor(i / FOURTH_OCTETS)}.${1 + (i % FOURTH_OCTETS)}`;
}

/** True while the lock's owner runs; a lock without a pid yet (just created) counts as held for 10 s. */
function heldByLiveOwner(path: string): boolean {
  try {
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0) return isRunning(owner);
    return Date.now() - statSync(path).mtimeMs < 10_000;
  } catch {
    return false; // deleted meanwhile
  }
}

/** Creates the lock file exclusively; takes over one whose owner process is gone. */
function tryLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return true;
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (heldByLiveOwner(path)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

/** True when nothing accepts connections on ip:port (a leftover server would make the address unusable). */
function portClosed(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port, timeout: 500 });
    const done = (closed: boolean): void => {
      socket.destroy();
      resolve(closed);
    };
    socket.once('connect', () => done(false));
    socket.once('timeout', () => done(false));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}

/** Claims a free 127.77.x.y: not locked by a live process and with nothing listening on 389 or 636. */
export async function claimLoopbackAddress(): Promise<LoopbackAddress> {
  const dir = join(cacheRoot(), 'samba-addresses');
  mkdirSync(dir, { recursive: true });
  const start = (process.pid * 7919 + Date.now()) % SIZE;
  for (let n = 0; n < 512; n++) {
    const ip = candidate(start + n);
    const lockPath = join(dir, ip);
    if (!tryLock(lockPath)) continue;
    if ((await portClosed(ip, 636)) && (await portClosed(ip, 389))) {
      return { ip, lockPath, release: () => rmSync(lockPath, { force: true }) };
    }
    rmSync(lockPath, { force: true });
  }
  throw new Error(`no free loopback address for Samba under 127.77.0.0/16 after 512 tries; stale locks are in ${dir}`);
}

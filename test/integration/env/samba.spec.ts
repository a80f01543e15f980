// The Samba AD DC component's own lifecycle: own loopback address per instance, clean stop, crash cleanup.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapOrphans, type PidRecord } from '../../../devenv/orphans.js';
import { isRunning } from '../../../devenv/processes.js';
import { startSamba, type Samba } from '../../../devenv/samba.js';
import { withLdap } from '../../../devenv/sambaLdap.js';

const T = 120_000;
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const readRecord = (runDir: string): PidRecord =>
  JSON.parse(readFileSync(join(runDir, 'pids.json'), 'utf8')) as PidRecord;
const runDirOf = (s: Samba): string => join(s.logPath, '..');

async function eventually(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Samba instances started on their own', () => {
  it(
    'get distinct loopback addresses, answer LDAPS, and leave nothing behind but their logs',
    async () => {
      const [a, b] = await Promise.all([startSamba(), startSamba()]);
      try {
        expect(a.ip).not.toBe(b.ip);
        for (const s of [a, b]) {
          expect(s.ip).toMatch(/^127\.77\.\d+\.\d+$/);
          const record = readRecord(runDirOf(s));
          expect(record.processes.map((p) => p.component)).toEqual(['samba']);
          expect(record.tmpDirs).toEqual([
            expect.stringMatching(new RegExp(`/samba-addresses/${s.ip.replace(/\./g, '\\.')}$`)),
            s.dataDir,
          ]);
          const name = await withLdap(
            s,
            s.admin.upn,
            s.admin.password,
            async (c) =>
              (await c.search('', { scope: 'base', attributes: ['dnsHostName'] })).searchEntries[0]?.dnsHostName,
          );
          expect(name).toBe(s.dcHostName);
        }
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
      for (const s of [a, b]) {
        const record = join(runDirOf(s), 'pids.json');
        expect(existsSync(record)).toBe(false);
        expect(existsSync(s.dataDir)).toBe(false);
        expect(existsSync(s.logPath)).toBe(true);
      }
    },
    T,
  );
});

/** Starts Samba in a separate Node process that never stops it; resolves with that process and the run folder. */
async function orphanOwner(): Promise<{ owner: ChildProcess; runDir: string }> {
  const script =
    "const { startSamba } = await import('./devenv/samba.ts'); const s = await startSamba(); console.log(JSON.stringify({ runDir: s.logPath.replace(/\\/samba\\.log$/, '') })); setInterval(() => {}, 1000);";
  const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { runDir } = await new Promise<{ runDir: string }>((resolve, reject) => {
    owner.stdout.on('data', (c: Buffer) => resolve(JSON.parse(c.toString().trim()) as { runDir: string }));
    owner.once('exit', (code) => reject(new Error(`owner exited with ${String(code)}`)));
  });
  return { owner, runDir };
}

/** The pid of the watchdog shell watching `ownerPid` (found by its argv: ecsgmsa-env-watchdog <owner> <list>). */
function watchdogOf(ownerPid: number): number {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('ecsgmsa-env-watchdog') && argv.includes(String(ownerPid))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no watchdog for ${ownerPid}`);
}

describe('a Samba whose owner dies without stopping it', () => {
  it(
    'is killed by the watchdog, and its data folder and address lock are removed',
    async () => {
      const { owner, runDir } = await orphanOwner();
      const record = readRecord(runDir);
      expect(record.processes.map((p) => p.component)).toEqual(['samba']);
      expect(record.tmpDirs).toHaveLength(2); // the address lock and the data folder
      expect(record.tmpDirs.every((d) => existsSync(d))).toBe(true);
      owner.kill('SIGKILL');
      await eventually(() => record.processes.every((p) => !isRunning(p.pid)), 'the orphaned samba to die');
      await eventually(() => record.tmpDirs.every((d) => !existsSync(d)), 'its data folder and address lock to go');
    },
    T,
  );

  it(
    'is killed by the next run when its watchdog died too (samba rewrites its command line)',
    async () => {
      const { owner, runDir } = await orphanOwner();
      const record = readRecord(runDir);
      const watchdog = watchdogOf(owner.pid ?? -1);
      process.kill(watchdog, 'SIGKILL');
      owner.kill('SIGKILL');
      await eventually(() => !isRunning(owner.pid ?? -1) && !isRunning(watchdog), 'the owner and its watchdog to die');
      expect(record.processes.every((p) => isRunning(p.pid))).toBe(true);
      reapOrphans(join(repo, '.run'), () => undefined);
      await eventually(() => record.processes.every((p) => !isRunning(p.pid)), 'the orphaned samba to be reaped');
      expect(record.tmpDirs.every((d) => !existsSync(d))).toBe(true);
    },
    T,
  );
});

// Process handling of the environment: start failures name component, step and log; stop kills the group.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning, startProcess } from '../../../devenv/processes.js';
import { requireBinaries } from '../../../devenv/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'ecsgmsa-proc-'));
const alive = isRunning;

describe('startProcess', () => {
  it('reports a process that exits before it is ready, with its log tail', async () => {
    const logPath = join(dir, 'dies.log');
    const start = startProcess({
      component: 'dies',
      command: 'sh',
      args: ['-c', 'echo boom-on-stderr >&2; exit 3'],
      logPath,
      readiness: { step: 'readiness (never)', check: () => Promise.resolve('not yet'), timeoutMs: 10_000 },
    });
    await expect(start).rejects.toThrow(`dies failed to start at step readiness (never); log: ${logPath}`);
    await expect(start).rejects.toThrow(/exited \(code 3\)[\s\S]*boom-on-stderr/);
  });

  it('reports a readiness timeout with the last check, and kills the process', async () => {
    const logPath = join(dir, 'slow.log');
    await expect(
      startProcess({
        component: 'slow',
        command: 'sleep',
        args: ['60'],
        logPath,
        readiness: { step: 'readiness (GET /nothing)', check: () => Promise.resolve('HTTP 503'), timeoutMs: 500 },
      }),
    ).rejects.toThrow(
      /slow failed to start at step readiness \(GET \/nothing\); log: .*\nnot ready after 0.5s; last check: HTTP 503/,
    );
  });

  it('reports a missing executable at step spawn', async () => {
    await expect(
      startProcess({
        component: 'ghost',
        command: join(dir, 'no-such-binary'),
        args: [],
        logPath: join(dir, 'ghost.log'),
        readiness: { step: 'readiness', check: () => Promise.resolve(true), timeoutMs: 1_000 },
      }),
    ).rejects.toThrow(/ghost failed to start at step spawn; log: .*\n.*ENOENT/);
  });

  it('stops the whole process group, SIGKILL after the grace period', async () => {
    const proc = await startProcess({
      component: 'stubborn',
      command: 'sh',
      args: ['-c', 'trap "" TERM; sleep 60 & wait'],
      logPath: join(dir, 'stubborn.log'),
      readiness: { step: 'readiness', check: () => Promise.resolve(true), timeoutMs: 1_000 },
    });
    expect(alive(proc.pid)).toBe(true);
    await proc.stop(300);
    expect(proc.exited()).toBe(true);
    expect(alive(proc.pid)).toBe(false);
  });

  it('names the missing component binary and the build command', () => {
    const saved = process.env.ECSGMSA_CACHE_DIR;
    process.env.ECSGMSA_CACHE_DIR = join(dir, 'empty-cache');
    try {
      expect(() => requireBinaries()).toThrow(
        /etcd v3\.6\.4 is missing \(no executable at .*empty-cache.*\); run `npm run env:build`/,
      );
    } finally {
      if (saved === undefined) delete process.env.ECSGMSA_CACHE_DIR;
      else process.env.ECSGMSA_CACHE_DIR = saved;
    }
  });
});

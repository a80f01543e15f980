// The environment's own lifecycle on private envs (startEnv in the test): restart keeps state, stop and crashes free everything.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api } from '@kubernetes/client-node';
import { startEnv, type TestEnv } from '../../../devenv/index.js';
import type { PidRecord } from '../../../devenv/orphans.js';
import { probe } from '../../../devenv/probe.js';
import { isRunning } from '../../../devenv/processes.js';

// jest 30 reads testTimeout only at the top level of the config, not per project: give each test its own.
const T = 120_000;
const repo = fileURLToPath(new URL('../../../', import.meta.url));

const alive = isRunning;

async function eventually(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const readRecord = (runDir: string): PidRecord =>
  JSON.parse(readFileSync(join(runDir, 'pids.json'), 'utf8')) as PidRecord;

describe('a private environment', () => {
  let env: TestEnv | undefined;
  const lines: string[] = [];
  const started = (): TestEnv => {
    if (!env) throw new Error('the environment did not start');
    return env;
  };

  beforeAll(async () => {
    env = await startEnv({ watchCache: false, log: (line) => lines.push(line) });
  }, T);

  afterAll(async () => {
    await env?.stop();
  }, T);

  it(
    'starts with --watch-cache=false and records its pids',
    () => {
      const e = started();
      expect(lines.at(-1)).toMatch(/^\[env\] ready in /);
      expect(readFileSync(e.logs.kubeApiServer, 'utf8')).toContain('--watch-cache=false');
      const record = readRecord(e.runDir);
      expect(record.ownerPid).toBe(process.pid);
      expect(record.processes.map((p) => p.component).sort()).toEqual(['etcd', 'kube-apiserver', 'moto']);
    },
    T,
  );

  it(
    'keeps its state across restartApiServer()',
    async () => {
      const e = started();
      const before = readRecord(e.runDir).processes.find((p) => p.component === 'kube-apiserver')?.pid;
      await e
        .kubeConfig()
        .makeApiClient(CoreV1Api)
        .createNamespace({ body: { metadata: { name: 'survives-restart' } } });
      await e.restartApiServer();
      const after = readRecord(e.runDir).processes.find((p) => p.component === 'kube-apiserver')?.pid;
      expect(after).not.toBe(before);
      const ns = await e.kubeConfig().makeApiClient(CoreV1Api).readNamespace({ name: 'survives-restart' });
      expect(ns.metadata?.name).toBe('survives-restart');
    },
    T,
  );

  it(
    'stop() ends every component, is idempotent, and keeps the logs',
    async () => {
      const e = started();
      const record = readRecord(e.runDir);
      await Promise.all([e.stop(), e.stop()]);
      await e.stop();
      for (const p of record.processes) expect(alive(p.pid)).toBe(false);
      await expect(probe({ url: `${e.awsEndpoint}/moto-api/data.json` })).rejects.toThrow(/ECONNREFUSED/);
      await expect(probe({ url: `${e.etcdEndpoint}/health` })).rejects.toThrow(/ECONNREFUSED/);
      await expect(probe({ url: `${e.apiServerUrl}/readyz` })).rejects.toThrow(/ECONNREFUSED/);
      expect(existsSync(join(e.runDir, 'pids.json'))).toBe(false);
      for (const dir of record.tmpDirs) expect(existsSync(dir)).toBe(false);
      for (const log of Object.values(e.logs)) expect(existsSync(log)).toBe(true);
    },
    T,
  );
});

describe('an owner that dies without stopping', () => {
  it(
    'has its components killed by the watchdog',
    async () => {
      // A separate Node process starts an env, prints the handle path, and is then SIGKILLed.
      const script =
        "const { startEnv } = await import('./devenv/index.ts'); const env = await startEnv(); console.log(env.runDir); setInterval(() => {}, 1000);";
      const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const runDir = await new Promise<string>((resolve, reject) => {
        owner.stdout.on('data', (c: Buffer) => resolve(c.toString().trim()));
        owner.once('exit', (code) => reject(new Error(`owner exited with ${String(code)}`)));
      });
      const record = readRecord(runDir);
      expect(record.processes).toHaveLength(3);
      owner.kill('SIGKILL');
      await eventually(() => record.processes.every((p) => !alive(p.pid)), 'the orphaned components to die');
      await eventually(() => record.tmpDirs.every((d) => !existsSync(d)), "etcd's data folder to go");
      expect(existsSync(join(runDir, 'cleanup.txt'))).toBe(false);
    },
    T,
  );
});

// etcd for the apiserver: loopback-only ports, data on tmpfs (/dev/shm) without fsync, logs to etcd.log.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess, type SpawnedProcess } from './processes.js';
import { expect200 } from './probe.js';

export interface EtcdOptions {
  binary: string;
  runDir: string;
  ports: { client: number; peer: number; metrics: number };
  /** From etcdDataDir(); deleted when etcd stops or fails to start. */
  dataDir: string;
  timeoutMs?: number;
  onSpawn?: (p: SpawnedProcess) => void;
}

export interface Etcd {
  endpoint: string;
  dataDir: string;
  process: RunningProcess;
  /** Stops etcd and deletes its data folder. */
  stop(): Promise<void>;
}

/** A fresh data folder on tmpfs when /dev/shm is writable, else under the OS temp folder. */
export function etcdDataDir(runName: string): string {
  let base = '/dev/shm';
  try {
    accessSync(base, constants.W_OK);
  } catch {
    base = tmpdir();
  }
  return mkdtempSync(join(base, `ecsgmsa-etcd-${runName}-`));
}

export function etcdArgs(dataDir: string, ports: EtcdOptions['ports']): string[] {
  const client = `http://127.0.0.1:${ports.client}`;
  const peer = `http://127.0.0.1:${ports.peer}`;
  return [
    '--name=default',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    `--listen-metrics-urls=http://127.0.0.1:${ports.metrics}`,
    '--unsafe-no-fsync',
  ];
}

export async function startEtcd(opts: EtcdOptions): Promise<Etcd> {
  const endpoint = `http://127.0.0.1:${opts.ports.client}`;
  const { dataDir } = opts;
  try {
    const proc = await startProcess({
      component: 'etcd',
      command: opts.binary,
      args: etcdArgs(dataDir, opts.ports),
      logPath: join(opts.runDir, 'etcd.log'),
      onSpawn: opts.onSpawn,
      readiness: {
        step: `readiness (GET ${endpoint}/health)`,
        check: () => expect200({ url: `${endpoint}/health` }),
        timeoutMs: opts.timeoutMs ?? 30_000,
      },
    });
    const stop = async (): Promise<void> => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { endpoint, dataDir, process: proc, stop };
  } catch (err: unknown) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

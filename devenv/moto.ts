// moto_server as the one AWS endpoint for every service, on a loopback port, logging to moto.log.
import { join } from 'node:path';
import { startProcess, type RunningProcess, type SpawnedProcess } from './processes.js';
import { expect200, probe } from './probe.js';

export interface MotoOptions {
  binary: string;
  runDir: string;
  port: number;
  timeoutMs?: number;
  onSpawn?: (p: SpawnedProcess) => void;
}

export interface Moto {
  endpoint: string;
  process: RunningProcess;
}

/** Variables that must not reach moto: proxies (it may call itself), Python overrides, a non-default account. */
const SCRUBBED = /^(https?_proxy|all_proxy|no_proxy|PYTHONPATH|PYTHONHOME|MOTO_ACCOUNT_ID|AWS_.*)$/i;

export function motoEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!SCRUBBED.test(k)) env[k] = v;
  env.PYTHONUNBUFFERED = '1';
  return env;
}

export async function startMoto(opts: MotoOptions): Promise<Moto> {
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const proc = await startProcess({
    component: 'moto',
    command: opts.binary,
    args: ['-H', '127.0.0.1', '-p', String(opts.port)],
    env: motoEnv(),
    logPath: join(opts.runDir, 'moto.log'),
    onSpawn: opts.onSpawn,
    readiness: {
      step: `readiness (GET ${endpoint}/moto-api/data.json)`,
      check: () => expect200({ url: `${endpoint}/moto-api/data.json` }),
      timeoutMs: opts.timeoutMs ?? 30_000,
    },
  });
  return { endpoint, process: proc };
}

/** Clears all of moto's state (every service, every region). */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await probe({ url: `${endpoint}/moto-api/reset`, method: 'POST', timeoutMs: 30_000 });
  if (res.status !== 200) throw new Error(`moto reset failed: HTTP ${res.status} ${res.body.slice(0, 200)}`);
}

// Public API of the real test environment: startEnv() runs etcd, kube-apiserver and moto on loopback ports.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startApiServer, type ApiServer } from './apiserver.js';
import { MOTO_ACCOUNT_ID, TEST_REGION } from './awsClients.js';
import { createPki, type Pki } from './certs.js';
import { etcdDataDir, startEtcd, type Etcd } from './etcd.js';
import { HANDLE_FORMAT, handleFunctions, writeHandle, type TestEnvHandle, type TestEnvHandleData } from './handle.js';
import { writeKubeconfig } from './kubeconfig.js';
import { startMoto, type Moto } from './moto.js';
import { reapOrphans, removePidRecord } from './orphans.js';
import { newRunDir, requireBinaries, runsRoot, type Binaries } from './paths.js';
import { freePorts } from './ports.js';
import { sambaHandleData, startSamba, type Samba } from './samba.js';
import { Tracker } from './tracker.js';
import { startWatchdog } from './watchdog.js';

export {
  awsClientConfig,
  disableInstanceMetadata,
  MOTO_ACCOUNT_ID,
  TEST_REGION,
  type AwsClientConfig,
} from './awsClients.js';
export {
  connectHandle,
  handleData,
  readHandle,
  writeHandle,
  type TestEnvHandle,
  type TestEnvHandleData,
} from './handle.js';
export { binaryPaths, cacheRoot, requireBinaries, versions } from './paths.js';
export { startSamba, type Samba, type SambaHandleData, type SambaOptions } from './samba.js';
export { SambaFixtures, testPassword, uniqueName, type SambaObject, type SambaUser } from './sambaFixtures.js';

export interface TestEnvOptions {
  /** Folder for certs, logs, kubeconfig and env.json. Default `<repo>/.run/<UTC timestamp>-<pid>/`. */
  runDir?: string;
  /** default true; false starts kube-apiserver with --watch-cache=false */
  watchCache?: boolean;
  /** Receives progress lines (`[env] ...`). Default: silent. */
  log?: (line: string) => void;
  /** Also start a Samba AD DC (needs root and `devenv/build-samba.sh`); its handle is `samba`. @default false */
  samba?: boolean;
}

/** A running environment, owned by the process that started it. */
export interface TestEnv extends TestEnvHandle {
  /** Stops and starts kube-apiserver on the same port and etcd (watches break, state stays). */
  restartApiServer(): Promise<void>;
  /** Stops everything started, by pid; logs stay in runDir, etcd's tmpfs data is deleted. Idempotent. */
  stop(): Promise<void>;
}

interface Started {
  etcd?: Etcd;
  apiServer?: ApiServer;
  moto?: Moto;
  samba?: Samba;
}

interface Ports {
  etcd: { client: number; peer: number; metrics: number };
  apiServer: number;
  moto: number;
}

async function allocatePorts(): Promise<Ports> {
  const [client, peer, metrics, apiServer, moto] = await freePorts(5);
  if (
    client === undefined ||
    peer === undefined ||
    metrics === undefined ||
    apiServer === undefined ||
    moto === undefined
  )
    throw new Error('could not allocate ports');
  return { etcd: { client, peer, metrics }, apiServer, moto };
}

async function stopStarted(s: Started): Promise<void> {
  // The apiserver before its etcd (it hangs on shutdown without it); moto alongside.
  await Promise.all([
    (async () => {
      await s.apiServer?.stop();
      await s.etcd?.stop();
    })(),
    s.moto?.process.stop(),
    s.samba?.stop(),
  ]);
}

interface Launch {
  bins: Binaries;
  runDir: string;
  ports: Ports;
  watchCache: boolean;
  started: Started;
  tracker: Tracker;
  log: (line: string) => void;
  since: () => string;
}

async function launchKube(l: Launch, pki: Pki): Promise<void> {
  const dataDir = etcdDataDir(basename(l.runDir));
  l.tracker.addTmpDir(dataDir);
  l.started.etcd = await startEtcd({
    binary: l.bins.etcd,
    runDir: l.runDir,
    ports: l.ports.etcd,
    dataDir,
    onSpawn: l.tracker.onSpawn,
  });
  l.log(`[env] etcd ready at ${l.started.etcd.endpoint} (${l.since()})`);
  l.started.apiServer = await startApiServer({
    binary: l.bins.kubeApiServer,
    runDir: l.runDir,
    port: l.ports.apiServer,
    etcdEndpoint: l.started.etcd.endpoint,
    pki,
    watchCache: l.watchCache,
    onSpawn: l.tracker.onSpawn,
  });
  l.log(`[env] kube-apiserver ready at ${l.started.apiServer.url} (${l.since()})`);
}

async function launchMoto(l: Launch): Promise<void> {
  l.started.moto = await startMoto({
    binary: l.bins.motoServer,
    runDir: l.runDir,
    port: l.ports.moto,
    onSpawn: l.tracker.onSpawn,
  });
  l.log(`[env] moto ready at ${l.started.moto.endpoint} (${l.since()})`);
}

async function launchSamba(l: Launch): Promise<void> {
  l.started.samba = await startSamba({ runDir: l.runDir, tracker: l.tracker, log: l.log });
}

/** Starts etcd, kube-apiserver and moto (and Samba with `samba: true`); on any failure stops what started and rethrows (the error names step and log). */
export async function startEnv(options: TestEnvOptions = {}): Promise<TestEnv> {
  const t0 = Date.now();
  const log = options.log ?? ((): void => undefined);
  const bins = requireBinaries();
  if (options.runDir === undefined) reapOrphans(runsRoot(), log);
  const runDir = options.runDir ?? newRunDir();
  mkdirSync(runDir, { recursive: true });
  log(`[env] run folder ${runDir}`);
  const started: Started = {};
  const tracker = new Tracker(runDir);
  const l: Launch = {
    bins,
    runDir,
    ports: await allocatePorts(),
    watchCache: options.watchCache ?? true,
    started,
    tracker,
    log,
    since: () => `${((Date.now() - t0) / 1000).toFixed(1)}s`,
  };
  const pki = await createPki(join(runDir, 'pki'));
  log(`[env] certificates ready (${l.since()})`);
  const watchdog = startWatchdog(runDir);
  const outcomes = await Promise.allSettled([
    launchKube(l, pki),
    launchMoto(l),
    ...(options.samba ? [launchSamba(l)] : []),
  ]);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  const { etcd, apiServer, moto, samba } = started;
  if (failed || !etcd || !apiServer || !moto) {
    await stopStarted(started);
    removePidRecord(runDir);
    watchdog.stop();
    throw failed?.reason ?? new Error('test environment did not start');
  }
  const kubeconfigPath = join(runDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, { server: apiServer.url, caPath: pki.caCertPath }, { name: 'admin', ...pki.admin });
  const data: TestEnvHandleData = {
    format: HANDLE_FORMAT,
    ownerPid: process.pid,
    runDir,
    kubeconfigPath,
    apiServerUrl: apiServer.url,
    etcdEndpoint: etcd.endpoint,
    awsEndpoint: moto.endpoint,
    region: TEST_REGION,
    awsAccountId: MOTO_ACCOUNT_ID,
    caCertPath: pki.caCertPath,
    caKeyPath: pki.caKeyPath,
    auditLogPath: apiServer.auditLogPath,
    logs: {
      etcd: etcd.process.logPath,
      kubeApiServer: apiServer.current().logPath,
      moto: moto.process.logPath,
      ...(samba ? { samba: samba.logPath } : {}),
    },
    ...(samba ? { samba: sambaHandleData(samba) } : {}),
  };
  writeHandle(join(runDir, 'env.json'), data);
  let stopping: Promise<void> | undefined;
  const env: TestEnv = {
    ...data,
    ...handleFunctions(data),
    restartApiServer: async () => {
      const t = Date.now();
      await apiServer.restart();
      log(`[env] kube-apiserver restarted (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    },
    stop: () => {
      stopping ??= stopStarted(started).then(() => {
        removePidRecord(runDir);
        watchdog.stop();
        log(`[env] stopped; logs kept in ${runDir}`);
      });
      return stopping;
    },
  };
  log(`[env] ready in ${l.since()}: ${basename(runDir)}`);
  return env;
}

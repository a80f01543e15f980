// The JSON handle of a running environment (what a test file needs to reach it) and its re-hydration.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { awsClientConfig, type AwsClientConfig } from './awsClients.js';
import { issueClientCert } from './certs.js';
import { kubeConfigFor, loadKubeConfig } from './kubeconfig.js';
import { resetMoto } from './moto.js';
import { sambaHandleData, type SambaHandleData } from './samba.js';

export const HANDLE_FORMAT = 'ecsgmsa-test-env/v1';

/** Everything about a running environment that survives JSON (no pids: only its owner stops it). */
export interface TestEnvHandleData {
  format: typeof HANDLE_FORMAT;
  /** The process that started it and will stop it (jest's main process, or the sandbox CLI). */
  ownerPid: number;
  runDir: string;
  kubeconfigPath: string;
  apiServerUrl: string;
  etcdEndpoint: string;
  awsEndpoint: string;
  region: string;
  awsAccountId: string;
  caCertPath: string;
  caKeyPath: string;
  /** JSON lines, one per Kubernetes write (not the apiserver's own), level Metadata. */
  auditLogPath: string;
  logs: { etcd: string; kubeApiServer: string; moto: string; samba?: string };
  /** The Samba AD DC, when the environment was started with `samba: true`. */
  samba?: SambaHandleData;
}

/** What a test file uses: the data plus clients built from it. */
export interface TestEnvHandle extends Readonly<TestEnvHandleData> {
  /** @kubernetes/client-node KubeConfig for the admin (client cert in system:masters). */
  kubeConfig(): KubeConfig;
  /** A client-cert identity signed by the test CA, with no RBAC rights unless granted (or via groups). */
  userKubeConfig(user: string, groups?: string[]): Promise<KubeConfig>;
  /** POST /moto-api/reset: every AWS object is gone afterwards. */
  resetAws(): Promise<void>;
  /** Config for AWS SDK v3 clients against moto; sets AWS_EC2_METADATA_DISABLED=true. */
  awsClientConfig(): AwsClientConfig;
}

/** The serialisable part of a handle (or of a TestEnv, which is one). */
export function handleData(h: TestEnvHandleData): TestEnvHandleData {
  return {
    format: HANDLE_FORMAT,
    ownerPid: h.ownerPid,
    runDir: h.runDir,
    kubeconfigPath: h.kubeconfigPath,
    apiServerUrl: h.apiServerUrl,
    etcdEndpoint: h.etcdEndpoint,
    awsEndpoint: h.awsEndpoint,
    region: h.region,
    awsAccountId: h.awsAccountId,
    caCertPath: h.caCertPath,
    caKeyPath: h.caKeyPath,
    auditLogPath: h.auditLogPath,
    logs: { ...h.logs },
    ...(h.samba ? { samba: sambaHandleData(h.samba) } : {}),
  };
}

export function writeHandle(path: string, h: TestEnvHandleData): void {
  writeFileSync(path, `${JSON.stringify(handleData(h), null, 2)}\n`);
}

export function readHandle(path: string): TestEnvHandleData {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<TestEnvHandleData>;
  if (data.format !== HANDLE_FORMAT)
    throw new Error(`${path} is not a test environment handle (format ${String(data.format)}, want ${HANDLE_FORMAT})`);
  return data as TestEnvHandleData;
}

/** The client-side functions over handle data (used by connect.ts and by startEnv's TestEnv). */
export function handleFunctions(data: TestEnvHandleData): Omit<TestEnvHandle, keyof TestEnvHandleData> {
  const target = { server: data.apiServerUrl, caPath: data.caCertPath };
  const ca = { caCertPath: data.caCertPath, caKeyPath: data.caKeyPath, dir: dirname(data.caCertPath) };
  return {
    kubeConfig: () => loadKubeConfig(data.kubeconfigPath),
    userKubeConfig: async (user, groups = []) => {
      const pair = await issueClientCert(ca, user, groups);
      return kubeConfigFor(target, { name: user, ...pair });
    },
    resetAws: () => resetMoto(data.awsEndpoint),
    awsClientConfig: () => awsClientConfig(data),
  };
}

/** Re-hydrates handle data into a TestEnvHandle. */
export function connectHandle(data: TestEnvHandleData): TestEnvHandle {
  return { ...handleData(data), ...handleFunctions(data) };
}

// kube-apiserver on a loopback port: RBAC, client-cert auth, service-account tokens, an audit log of writes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pki } from './certs.js';
import { startProcess, type RunningProcess, type SpawnedProcess } from './processes.js';
import { expect200 } from './probe.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ApiServerOptions {
  binary: string;
  runDir: string;
  port: number;
  etcdEndpoint: string;
  pki: Pki;
  /** default true; false adds --watch-cache=false */
  watchCache?: boolean;
  timeoutMs?: number;
  /** Also called on each restart. */
  onSpawn?: (p: SpawnedProcess) => void;
}

export interface ApiServer {
  url: string;
  auditLogPath: string;
  /** The running process (replaced by restart()). */
  current(): RunningProcess;
  /** Stops and starts it again: same port, same etcd, same flags. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Writes by anyone but the apiserver itself, at Metadata level (who, verb, resource, status);
 * reads and the apiserver's own housekeeping (leases, bootstrap objects) are not logged.
 */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    users: ["system:apiserver"]
  - level: None
    verbs: [get, list, watch]
  - level: None
    nonResourceURLs: ["/*"]
  - level: Metadata
`;

export function apiServerArgs(opts: ApiServerOptions, auditPolicyPath: string, auditLogPath: string): string[] {
  const { pki } = opts;
  const args = [
    `--etcd-servers=${opts.etcdEndpoint}`,
    `--secure-port=${opts.port}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--tls-cert-file=${pki.serving.certPath}`,
    `--tls-private-key-file=${pki.serving.keyPath}`,
    `--client-ca-file=${pki.caCertPath}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    '--disable-admission-plugins=ServiceAccount',
    '--authorization-mode=RBAC',
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${pki.serviceAccountPublicKeyPath}`,
    `--service-account-signing-key-file=${pki.serviceAccountKeyPath}`,
    `--api-audiences=${SERVICE_ACCOUNT_ISSUER}`,
    `--audit-policy-file=${auditPolicyPath}`,
    `--audit-log-path=${auditLogPath}`,
    '--audit-log-format=json',
    '--audit-log-mode=blocking',
    '--audit-log-maxsize=0',
    '--profiling=false',
  ];
  if (opts.watchCache === false) args.push('--watch-cache=false');
  return args;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const url = `https://127.0.0.1:${opts.port}`;
  const auditPolicyPath = join(opts.runDir, 'audit-policy.yaml');
  const auditLogPath = join(opts.runDir, 'audit.log');
  writeFileSync(auditPolicyPath, AUDIT_POLICY);
  const tls = { caPath: opts.pki.caCertPath, certPath: opts.pki.admin.certPath, keyPath: opts.pki.admin.keyPath };
  const spec = {
    component: 'kube-apiserver',
    command: opts.binary,
    args: apiServerArgs(opts, auditPolicyPath, auditLogPath),
    logPath: join(opts.runDir, 'kube-apiserver.log'),
    onSpawn: opts.onSpawn,
    readiness: {
      step: `readiness (GET ${url}/readyz as admin)`,
      check: () => expect200({ url: `${url}/readyz`, tls }),
      timeoutMs: opts.timeoutMs ?? 60_000,
    },
  };
  let proc = await startProcess(spec);
  return {
    url,
    auditLogPath,
    current: () => proc,
    restart: async () => {
      await proc.stop();
      proc = await startProcess(spec);
    },
    stop: () => proc.stop(),
  };
}

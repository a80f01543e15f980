// GmsaCredentialSpecs with spec.directory against the test Samba, through the operator: manifests, the CA
// ConfigMap, waiting for a condition, and the operator's LDAP counters read from /metrics.
import { readFileSync } from 'node:fs';
import type { SambaHandleData } from '../../devenv/samba.js';
import type { KubeHttp } from '../../src/kube/http.js';
import { create, eventually } from './kube.js';
import { opsGet } from './operatorProcess.js';

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface DirectoryCr {
  metadata: { name: string; namespace: string; generation: number; resourceVersion: string };
  spec: Record<string, unknown>;
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    domain?: { dnsName: string; netBiosName: string; sid: string; guid: string };
    credentialSpecArn?: string;
    lastHandledReconcileAt?: string;
  };
}

/** The operator flags that let every namespace use the test Samba (SRV discovery and its LDAPS URLs). */
export function directoryFlags(samba: SambaHandleData): string[] {
  return [
    '--directory-domain',
    samba.dnsName,
    '--directory-server',
    'ldaps://127.77.*.*',
    '--directory-dns-server',
    `${samba.dns.host}:${samba.dns.port}`,
  ];
}

export const credSpecPath = (ns: string, name = ''): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs${name ? `/${name}` : ''}`;

export function getCr(http: KubeHttp, ns: string, name: string): Promise<DirectoryCr> {
  return http.request<DirectoryCr>({ method: 'GET', path: credSpecPath(ns, name) });
}

export function conditionOf(cr: DirectoryCr, type: string): Condition | undefined {
  return cr.status?.conditions?.find((c) => c.type === type);
}

/** Waits until Ready's reason is `reason` for the current generation. */
export async function untilReady(
  http: KubeHttp,
  ns: string,
  name: string,
  reason: string,
  timeoutMs = 40_000,
): Promise<DirectoryCr> {
  let last = '';
  try {
    return await eventually(
      async () => {
        const cr = await getCr(http, ns, name);
        const ready = conditionOf(cr, 'Ready');
        last = `${ready?.reason ?? 'none'}: ${ready?.message ?? ''}`;
        return ready?.reason === reason && cr.status?.observedGeneration === cr.metadata.generation ? cr : undefined;
      },
      timeoutMs,
      `${ns}/${name} Ready reason ${reason}`,
    );
  } catch (err: unknown) {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (last: ${last})`);
  }
}

/** The CA ConfigMap the specs trust (`corp-ca`, key ca.crt), holding the test DC's CA. */
export async function createCaConfigMap(http: KubeHttp, samba: SambaHandleData, ns: string): Promise<void> {
  await create(http, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'corp-ca', namespace: ns },
    data: { 'ca.crt': readFileSync(samba.caPemPath, 'utf8') },
  });
}

export async function createSecret(
  http: KubeHttp,
  ns: string,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  await create(http, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, stringData: data });
}

/** A domainless Windows CredSpec in SSM verified through `directory` (the domain facts left to discovery). */
export function directoryCredSpec(
  ns: string,
  name: string,
  options: { account: string; secret: string; directory?: Record<string, unknown>; domain?: Record<string, string> },
) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: ns },
    spec: {
      hostOs: 'Windows',
      account: options.account,
      domain: { dnsName: 'corp.example.com', ...options.domain },
      storage: { ssm: { parameterName: `/gmsa/${ns}/${name}` } },
      domainless: { credentialsSecretRef: { name: options.secret }, name: `gmsa/${ns}/${name}` },
      directory: options.directory ?? { caBundle: { configMapRef: { name: 'corp-ca' } } },
    },
  };
}

/** One counter's value summed over label sets matching `labels` in a Prometheus exposition. */
export function counterValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}(?:\\{([^}]*)\\})? ([0-9.e+-]+)$`).exec(line);
    if (!m) continue;
    const pairs = new Map([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1] ?? '', p[2] ?? '']));
    if (Object.entries(labels).every(([k, v]) => pairs.get(k) === v)) sum += Number(m[2]);
  }
  return sum;
}

type VerificationOutcome = 'verified' | 'failed' | 'unreachable' | 'remembered';

/** The operator's LDAP operation counts and directory verification outcomes, from /metrics. */
export async function ldapCounts(port: number): Promise<{
  startTLS: number;
  bind: number;
  search: number;
  unbind: number;
  verifications: Record<VerificationOutcome, number>;
}> {
  const text = (await opsGet(port, '/metrics'))?.text ?? '';
  const op = (operation: string): number => counterValue(text, 'ecsgmsa_ldap_operations_total', { operation });
  const verification = (outcome: VerificationOutcome): number =>
    counterValue(text, 'ecsgmsa_directory_verifications_total', { outcome });
  const verifications = {
    verified: verification('verified'),
    failed: verification('failed'),
    unreachable: verification('unreachable'),
    remembered: verification('remembered'),
  };
  return { startTLS: op('startTLS'), bind: op('bind'), search: op('search'), unbind: op('unbind'), verifications };
}

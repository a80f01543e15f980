// Kubeconfig files and @kubernetes/client-node KubeConfig objects for a client-cert identity.
import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

export interface KubeIdentity {
  /** The user name in the kubeconfig (also the context name). */
  name: string;
  certPath: string;
  keyPath: string;
}

export interface KubeTarget {
  server: string;
  caPath: string;
}

const CLUSTER = 'ecsgmsa-test';

/** The kubeconfig document: one cluster, one user, one current context; files by absolute path. */
export function kubeconfigDocument(target: KubeTarget, identity: KubeIdentity): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CLUSTER, cluster: { server: target.server, 'certificate-authority': target.caPath } }],
    users: [{ name: identity.name, user: { 'client-certificate': identity.certPath, 'client-key': identity.keyPath } }],
    contexts: [{ name: identity.name, context: { cluster: CLUSTER, user: identity.name, namespace: 'default' } }],
    'current-context': identity.name,
  };
}

/** Writes a kubeconfig usable by kubectl (`KUBECONFIG=<path> kubectl get ns`). */
export function writeKubeconfig(path: string, target: KubeTarget, identity: KubeIdentity): void {
  writeFileSync(path, stringify(kubeconfigDocument(target, identity)), { mode: 0o600 });
}

/** A KubeConfig for the identity, without a file. */
export function kubeConfigFor(target: KubeTarget, identity: KubeIdentity): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: CLUSTER, server: target.server, caFile: target.caPath, skipTLSVerify: false }],
    users: [{ name: identity.name, certFile: identity.certPath, keyFile: identity.keyPath }],
    contexts: [{ name: identity.name, cluster: CLUSTER, user: identity.name, namespace: 'default' }],
    currentContext: identity.name,
  });
  return kc;
}

/** Loads a kubeconfig file. */
export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

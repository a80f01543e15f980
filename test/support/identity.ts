// Acting as another identity on the test apiserver: a kubeconfig for a bearer token (a ServiceAccount's).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigAccess } from '../../src/kube/access.js';
import { KubeHttp } from '../../src/kube/http.js';
import { testEnv } from '../env/connect.js';

/** A kubeconfig file (mode 600) authenticating with `token` against the shared environment. */
export function tokenKubeconfig(token: string, user = 'token-user'): string {
  const env = testEnv();
  const path = join(mkdtempSync(join(tmpdir(), 'ecsgmsa-sa-')), 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'env', cluster: { server: env.apiServerUrl, 'certificate-authority': env.caCertPath } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'env', user } }],
    'current-context': user,
  };
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  return path;
}

/** A client using the credentials of a kubeconfig file, read as the operator reads it. */
export async function httpFor(kubeconfigPath: string): Promise<KubeHttp> {
  return new KubeHttp(await kubeconfigAccess(kubeconfigPath));
}

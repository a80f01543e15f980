// Applies rendered manifests as `kubectl apply --server-side=false` would on a fresh object: create, or
// replace the live object (keeping its resourceVersion) when it exists. Strict field validation throughout.
import { isStatus } from '../../../src/kube/errors.js';
import type { KubeHttp } from '../../../src/kube/http.js';
import type { KubeObject } from './kustomize.js';

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

/** The collection path of an object: `/api/v1/...` or `/apis/<group>/<version>/...`, namespaced unless cluster-scoped. */
export function collectionPath(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const plural = `${obj.kind.toLowerCase()}s`;
  if (CLUSTER_SCOPED.has(obj.kind)) return `${base}/${plural}`;
  if (!obj.metadata.namespace) throw new Error(`${obj.kind}/${obj.metadata.name} has no namespace`);
  return `${base}/namespaces/${obj.metadata.namespace}/${plural}`;
}

/** The path of the object itself. */
export function objectPath(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return `${collectionPath(obj)}/${encodeURIComponent(obj.metadata.name)}`;
}

/** Creates `obj`, or replaces it when it exists; `dryRun` asks the apiserver to validate and admit without storing. */
export async function apply(
  http: KubeHttp,
  obj: KubeObject,
  options: { dryRun?: boolean } = {},
): Promise<'created' | 'replaced'> {
  const query = { fieldValidation: 'Strict', ...(options.dryRun ? { dryRun: 'All' } : {}) };
  try {
    await http.request({ method: 'POST', path: collectionPath(obj), query, body: obj });
    return 'created';
  } catch (err: unknown) {
    if (!isStatus(err, 409)) throw err;
  }
  const live = await http.request<{ metadata: { resourceVersion: string } }>({ method: 'GET', path: objectPath(obj) });
  const body = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } };
  await http.request({ method: 'PUT', path: objectPath(obj), query, body });
  return 'replaced';
}

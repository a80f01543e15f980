// Applies manifests to the sandbox's apiserver: create, or replace when the object exists.
import type { KubeHttp } from '../../src/kube/http.js';
import { isStatus } from '../../src/kube/errors.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition']);

/** The collection path of a manifest (core kinds, CRDs and our kinds). */
export function collectionFor(m: Manifest): string {
  const plural = m.kind === 'CustomResourceDefinition' ? 'customresourcedefinitions' : `${m.kind.toLowerCase()}s`;
  const base = m.apiVersion.includes('/') ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
  return CLUSTER_SCOPED.has(m.kind)
    ? `${base}/${plural}`
    : `${base}/namespaces/${m.metadata.namespace ?? 'default'}/${plural}`;
}

/** Creates `m`, or replaces it (keeping its resourceVersion) when it exists. Strict field validation. */
export async function apply(http: KubeHttp, m: Manifest): Promise<void> {
  const path = collectionFor(m);
  try {
    await http.request({ method: 'POST', path, query: { fieldValidation: 'Strict' }, body: m });
  } catch (err: unknown) {
    if (!isStatus(err, 409)) throw err;
    if (m.kind === 'Namespace') return;
    const current = await http.request<{ metadata: { resourceVersion: string } }>({
      method: 'GET',
      path: `${path}/${m.metadata.name}`,
    });
    await http.request({
      method: 'PUT',
      path: `${path}/${m.metadata.name}`,
      query: { fieldValidation: 'Strict' },
      body: { ...m, metadata: { ...m.metadata, resourceVersion: current.metadata.resourceVersion } },
    });
  }
}

// ConfigMaps owned by one of our objects (localFile CredSpecs are published in one).
import { isNotFound } from './errors.js';
import type { KubeHttp } from './http.js';
import { collectionPath, CONFIG_MAPS, objectPath } from './resources.js';

/** The owner written into ownerReferences. */
export interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export interface StoredConfigMap {
  data: Record<string, string>;
  labels: Record<string, string>;
  ownerUids: string[];
  resourceVersion: string;
}

export interface ConfigMapStore {
  get(namespace: string, name: string): Promise<StoredConfigMap | undefined>;
  /** Creates or replaces the ConfigMap with `owner` as its controller owner. */
  put(input: {
    namespace: string;
    name: string;
    data: Record<string, string>;
    labels: Record<string, string>;
    owner: Owner;
    resourceVersion?: string;
  }): Promise<void>;
  delete(namespace: string, name: string): Promise<'deleted' | 'not-found'>;
}

interface ConfigMapObject {
  metadata: { resourceVersion: string; labels?: Record<string, string>; ownerReferences?: { uid: string }[] };
  data?: Record<string, string>;
}

/** A ConfigMapStore over the API server; `onWrite` counts writes. */
export function kubeConfigMaps(
  http: KubeHttp,
  onWrite: (verb: 'create' | 'update' | 'delete') => void = () => undefined,
): ConfigMapStore {
  return {
    async get(namespace, name) {
      try {
        const cm = await http.request<ConfigMapObject>({
          method: 'GET',
          path: objectPath(CONFIG_MAPS, namespace, name),
        });
        return {
          data: cm.data ?? {},
          labels: cm.metadata.labels ?? {},
          ownerUids: (cm.metadata.ownerReferences ?? []).map((r) => r.uid),
          resourceVersion: cm.metadata.resourceVersion,
        };
      } catch (err: unknown) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async put(input) {
      const ownerReferences = [{ ...input.owner, controller: true, blockOwnerDeletion: true }];
      const metadata = {
        name: input.name,
        namespace: input.namespace,
        labels: input.labels,
        ownerReferences,
        ...(input.resourceVersion ? { resourceVersion: input.resourceVersion } : {}),
      };
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: input.data };
      if (input.resourceVersion)
        await http.request({ method: 'PUT', path: objectPath(CONFIG_MAPS, input.namespace, input.name), body });
      else await http.request({ method: 'POST', path: collectionPath(CONFIG_MAPS, input.namespace), body });
      onWrite(input.resourceVersion ? 'update' : 'create');
    },
    async delete(namespace, name) {
      try {
        await http.request({ method: 'DELETE', path: objectPath(CONFIG_MAPS, namespace, name) });
        onWrite('delete');
        return 'deleted';
      } catch (err: unknown) {
        if (isNotFound(err)) return 'not-found';
        throw err;
      }
    },
  };
}

// Reads one Secret's data when a reconcile needs it; Secret data is never cached.
import { isNotFound } from './errors.js';
import type { KubeHttp } from './http.js';
import { objectPath, SECRETS } from './resources.js';

/** A Secret's decoded data and the version it was read at (the version names no value: fingerprints use it). */
export interface SecretContent {
  data: Record<string, string>;
  resourceVersion: string;
}

/** Reads a Secret's decoded data; `undefined` when the Secret does not exist. */
export type SecretReader = (namespace: string, name: string) => Promise<SecretContent | undefined>;

/** A SecretReader over the API server (a GET per call). */
export function kubeSecretReader(http: KubeHttp): SecretReader {
  return async (namespace, name) => {
    try {
      const secret = await http.request<{ data?: Record<string, string>; metadata?: { resourceVersion?: string } }>({
        method: 'GET',
        path: objectPath(SECRETS, namespace, name),
      });
      const data: Record<string, string> = {};
      for (const [key, value] of Object.entries(secret.data ?? {}))
        data[key] = Buffer.from(value, 'base64').toString('utf8');
      return { data, resourceVersion: secret.metadata?.resourceVersion ?? '' };
    } catch (err: unknown) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
}

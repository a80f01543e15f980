// The LeaseStore port over a coordination.k8s.io/v1 Lease.
import type { LeaseRecord, LeaseStore, StoredLease } from '../runtime/leaderElection.js';
import { isNotFound } from './errors.js';
import type { KubeHttp } from './http.js';
import { collectionPath, LEASES, objectPath } from './resources.js';

interface LeaseObject {
  metadata: { resourceVersion: string };
  spec?: LeaseRecord;
}

function stored(lease: LeaseObject): StoredLease {
  return { record: lease.spec ?? {}, resourceVersion: lease.metadata.resourceVersion };
}

/** A Lease named `name` in `namespace`; updates carry the resourceVersion, so a stale writer gets 409. */
export function kubeLeaseStore(http: KubeHttp, namespace: string, name: string): LeaseStore {
  return {
    async get() {
      try {
        return stored(
          await http.request<LeaseObject>({
            method: 'GET',
            path: objectPath(LEASES, namespace, name),
            timeoutMs: 5000,
          }),
        );
      } catch (err: unknown) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async create(record) {
      const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: record };
      return stored(
        await http.request<LeaseObject>({
          method: 'POST',
          path: collectionPath(LEASES, namespace),
          body,
          timeoutMs: 5000,
        }),
      );
    },
    async update(record, resourceVersion) {
      const body = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace, resourceVersion },
        spec: record,
      };
      return stored(
        await http.request<LeaseObject>({
          method: 'PUT',
          path: objectPath(LEASES, namespace, name),
          body,
          timeoutMs: 5000,
        }),
      );
    },
  };
}

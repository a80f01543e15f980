// What informers keep of each object: the cache holds every watched object for the process's life,
// so fields no reconcile reads are dropped as objects arrive.

/** Written by `kubectl apply` and Argo CD's client-side apply: a second copy of the whole object. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface Metadata {
  managedFields?: unknown;
  annotations?: Record<string, string>;
}

/** Removes metadata.managedFields (often most of an object's size) and the last-applied annotation. */
export function slimForCache<T extends { metadata?: object }>(obj: T): T {
  const meta = obj.metadata as Metadata | undefined;
  if (!meta || (!('managedFields' in meta) && meta.annotations?.[LAST_APPLIED] === undefined)) return obj;
  const { managedFields: _fields, annotations, ...rest } = meta;
  const kept = annotations && Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED));
  const metadata = kept && Object.keys(kept).length > 0 ? { ...rest, annotations: kept } : rest;
  return { ...obj, metadata };
}

/** An object's identity only (name, namespace, uid, resourceVersion): for Secrets, whose change is all we watch. */
export function identityOnly<T extends { metadata?: object }>(obj: T): T {
  const { name, namespace, uid, resourceVersion } = (obj.metadata ?? {}) as Record<string, string | undefined>;
  const metadata = Object.fromEntries(
    Object.entries({ name, namespace, uid, resourceVersion }).filter(([, v]) => v !== undefined),
  );
  return { ...obj, metadata };
}

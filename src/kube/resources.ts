// REST paths of the resources the operator reads and writes.

/** A resource type: API group ('' for core), version and plural. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
}

export const SECRETS: ResourceType = { group: '', version: 'v1', plural: 'secrets' };
export const CONFIG_MAPS: ResourceType = { group: '', version: 'v1', plural: 'configmaps' };
export const EVENTS: ResourceType = { group: 'events.k8s.io', version: 'v1', plural: 'events' };
export const LEASES: ResourceType = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };

/** The collection path, namespaced when `namespace` is given. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return namespace ? `${base}/namespaces/${namespace}/${type.plural}` : `${base}/${type.plural}`;
}

/** The path of one object (plus a subresource such as `status`). */
export function objectPath(type: ResourceType, namespace: string, name: string, subresource?: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

// An in-memory ConfigMapStore with the apiserver's optimistic concurrency: a create over an existing
// ConfigMap is 409 AlreadyExists, a replace with a stale resourceVersion 409 Conflict, a replace of a
// missing one 404.
import type { ConfigMapStore, StoredConfigMap } from '../../src/kube/configMaps.js';
import { KubeApiError } from '../../src/kube/errors.js';
import { CallLog } from './callLog.js';

type PutInput = Parameters<ConfigMapStore['put']>[0];

/** ConfigMaps of every namespace, in memory. */
export class FakeConfigMaps implements ConfigMapStore {
  private readonly maps = new Map<string, StoredConfigMap>();
  private revision = 0;

  constructor(readonly log: CallLog = new CallLog()) {}

  /** Test setup: a ConfigMap as someone left it (`ownerUids` empty: nobody's). Not recorded. */
  seed(namespace: string, name: string, cm: { data: Record<string, string>; ownerUids?: string[] }): void {
    this.maps.set(`${namespace}/${name}`, {
      data: { ...cm.data },
      labels: {},
      ownerUids: [...(cm.ownerUids ?? [])],
      resourceVersion: this.nextVersion(),
    });
  }

  /** The stored ConfigMap, for assertions. Not recorded. */
  peek(namespace: string, name: string): Readonly<StoredConfigMap> | undefined {
    return this.maps.get(`${namespace}/${name}`);
  }

  /** Someone deletes the ConfigMap. Not recorded. */
  remove(namespace: string, name: string): void {
    this.maps.delete(`${namespace}/${name}`);
  }

  async get(namespace: string, name: string): Promise<StoredConfigMap | undefined> {
    await this.enter('getConfigMap', namespace, name);
    const cm = this.maps.get(`${namespace}/${name}`);
    return cm ? structuredClone(cm) : undefined;
  }

  async put(input: PutInput): Promise<void> {
    await this.enter('putConfigMap', input.namespace, input.name);
    const key = `${input.namespace}/${input.name}`;
    const current = this.maps.get(key);
    if (input.resourceVersion === undefined && current)
      throw new KubeApiError(409, 'AlreadyExists', `configmaps "${input.name}" already exists`);
    if (input.resourceVersion !== undefined && !current)
      throw new KubeApiError(404, 'NotFound', `configmaps "${input.name}" not found`);
    if (current && current.resourceVersion !== input.resourceVersion)
      throw new KubeApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on configmaps "${input.name}": the object has been modified`,
      );
    this.maps.set(key, {
      data: { ...input.data },
      labels: { ...input.labels },
      ownerUids: [input.owner.uid],
      resourceVersion: this.nextVersion(),
    });
  }

  async delete(namespace: string, name: string): Promise<'deleted' | 'not-found'> {
    await this.enter('deleteConfigMap', namespace, name);
    return this.maps.delete(`${namespace}/${name}`) ? 'deleted' : 'not-found';
  }

  private nextVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  private async enter(operation: string, namespace: string, name: string): Promise<void> {
    await this.log.enter({ service: 'kube', operation, subject: `${namespace}/${name}` });
  }
}

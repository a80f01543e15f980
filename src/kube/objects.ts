// Reads and writes one resource type: get, status through the subresource, finalizers by guarded JSON Patch.
import { addFinalizerPatch, removeFinalizerPatch } from '../runtime/finalizers.js';
import { deepEqual } from '../runtime/deepEqual.js';
import { isNotFound } from './errors.js';
import type { KubeHttp } from './http.js';
import { objectPath, type ResourceType } from './resources.js';

interface Obj {
  metadata: { name: string; namespace?: string; finalizers?: string[] };
  status?: unknown;
}

/** Counts Kubernetes writes (metrics). */
export type WriteRecorder = (verb: 'status' | 'finalizer' | 'create' | 'update' | 'delete') => void;

/** Typed access to objects of one resource type. */
export class ObjectClient<T extends Obj> {
  constructor(
    private readonly http: KubeHttp,
    private readonly type: ResourceType,
    private readonly onWrite: WriteRecorder = () => undefined,
  ) {}

  /** A fresh read from the API server; `undefined` when gone. */
  async get(namespace: string, name: string): Promise<T | undefined> {
    try {
      return await this.http.request<T>({ method: 'GET', path: objectPath(this.type, namespace, name) });
    } catch (err: unknown) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Replaces `status` through the status subresource when it differs from `obj.status`.
   * Returns true when it wrote. Never touches spec or metadata.
   */
  async writeStatus(obj: T, status: unknown): Promise<boolean> {
    if (deepEqual(obj.status, status)) return false;
    const { namespace = '', name } = obj.metadata;
    await this.http.request({
      method: 'PATCH',
      path: objectPath(this.type, namespace, name, 'status'),
      contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/status', value: status }],
    });
    this.onWrite('status');
    return true;
  }

  /** Adds `finalizer` if absent (guarded: a concurrent change makes it fail with 409/422, retried by the queue). */
  async addFinalizer(obj: T, finalizer: string): Promise<void> {
    if (obj.metadata.finalizers?.includes(finalizer)) return;
    await this.patch(obj, addFinalizerPatch(obj.metadata.finalizers, finalizer));
  }

  /** Removes `finalizer` by index with a `test` op, so nobody else's finalizer is ever dropped. */
  async removeFinalizer(obj: T, finalizer: string): Promise<void> {
    const patch = removeFinalizerPatch(obj.metadata.finalizers, finalizer);
    if (!patch) return;
    try {
      await this.patch(obj, patch);
    } catch (err: unknown) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async patch(obj: T, body: unknown): Promise<void> {
    const { namespace = '', name } = obj.metadata;
    await this.http.request({
      method: 'PATCH',
      path: objectPath(this.type, namespace, name),
      contentType: 'application/json-patch+json',
      body,
    });
    this.onWrite('finalizer');
  }
}

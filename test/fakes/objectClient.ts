// Our own objects of one kind as the apiserver keeps them, read fresh and written through ObjectClient's three writes:
// a status equal to the object's is not written (no call), our finalizer is added and removed once, and
// an object being deleted goes away when its last finalizer does. `object()` is what the cache holds.
import type { ObjectWriter } from '../../src/controllers/common/lifecycle.js';
import { deepEqual } from '../../src/runtime/deepEqual.js';
import { CallLog } from './callLog.js';

interface Obj {
  metadata: { name: string; namespace?: string; finalizers?: string[]; deletionTimestamp?: string };
  status?: unknown;
}

/** ObjectWriter in memory, for one kind. */
export class FakeObjectClient<T extends Obj> implements ObjectWriter<T> {
  /** Every status written, in order, with the object it was written to (`namespace/name`). */
  readonly statuses: { object: string; status: unknown }[] = [];
  private readonly objects = new Map<string, T>();

  constructor(readonly log: CallLog = new CallLog()) {}

  /** Test setup: the object as a user created or changed it (spec, metadata). Not recorded. */
  put(obj: T): void {
    this.objects.set(keyOf(obj), structuredClone(obj));
  }

  /** The object as the cache would hold it now; `undefined` once deleted. */
  object(key: string): T | undefined {
    const obj = this.objects.get(key);
    return obj && structuredClone(obj);
  }

  /** The last status written to `namespace/name`. */
  lastStatus(object: string): unknown {
    return this.statuses.filter((s) => s.object === object).at(-1)?.status;
  }

  /** A fresh read (the apiserver's copy); recorded, as it is a call. */
  async get(namespace: string, name: string): Promise<T | undefined> {
    const key = `${namespace}/${name}`;
    await this.log.enter({ service: 'kube', operation: 'get', subject: key });
    return this.object(key);
  }

  async writeStatus(obj: T, status: unknown): Promise<boolean> {
    if (deepEqual(obj.status, status)) return false;
    await this.enter('writeStatus', obj);
    this.statuses.push({ object: keyOf(obj), status: structuredClone(status) });
    this.update(obj, (stored) => ({ ...stored, status: structuredClone(status) }));
    return true;
  }

  async addFinalizer(obj: T, finalizer: string): Promise<void> {
    if (obj.metadata.finalizers?.includes(finalizer)) return;
    await this.enter('addFinalizer', obj);
    const finalizers = [...(obj.metadata.finalizers ?? []), finalizer];
    this.update(obj, (stored) => ({ ...stored, metadata: { ...stored.metadata, finalizers } }));
  }

  async removeFinalizer(obj: T, finalizer: string): Promise<void> {
    if (!obj.metadata.finalizers?.includes(finalizer)) return;
    await this.enter('removeFinalizer', obj);
    const finalizers = obj.metadata.finalizers.filter((f) => f !== finalizer);
    this.update(obj, (stored) => ({ ...stored, metadata: { ...stored.metadata, finalizers } }));
    const stored = this.objects.get(keyOf(obj));
    if (stored?.metadata.deletionTimestamp && finalizers.length === 0) this.objects.delete(keyOf(obj));
  }

  /** Applies a write to the stored object (a write to an object the test did not put only records the call). */
  private update(obj: T, change: (stored: T) => T): void {
    const stored = this.objects.get(keyOf(obj));
    if (stored) this.objects.set(keyOf(obj), change(stored));
  }

  private async enter(operation: string, obj: T): Promise<void> {
    await this.log.enter({ service: 'kube', operation, subject: keyOf(obj) });
  }
}

function keyOf(obj: Obj): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

// The status and finalizer writes of ObjectClient, in memory: a status equal to the object's is not
// written (no call), finalizers are added and removed once, and every write is kept for assertions.
import type { StatusWriter } from '../../src/controllers/common/lifecycle.js';
import { deepEqual } from '../../src/runtime/deepEqual.js';
import { CallLog } from './callLog.js';

interface Obj {
  metadata: { name: string; namespace?: string; finalizers?: string[] };
  status?: unknown;
}

/** What ObjectClient writes, for one resource type. */
export class FakeObjectClient<T extends Obj> implements StatusWriter<T> {
  /** Every status written, in order, with the object it was written to (`namespace/name`). */
  readonly statuses: { object: string; status: unknown }[] = [];
  private readonly finalizers = new Map<string, string[]>();

  constructor(readonly log: CallLog = new CallLog()) {}

  /** The finalizers this client left on `namespace/name`. */
  finalizersOf(object: string): string[] {
    return [...(this.finalizers.get(object) ?? [])];
  }

  /** The last status written to `namespace/name`. */
  lastStatus(object: string): unknown {
    return this.statuses.filter((s) => s.object === object).at(-1)?.status;
  }

  async writeStatus(obj: T, status: unknown): Promise<boolean> {
    if (deepEqual(obj.status, status)) return false;
    await this.enter('writeStatus', obj);
    this.statuses.push({ object: keyOf(obj), status: structuredClone(status) });
    return true;
  }

  async addFinalizer(obj: T, finalizer: string): Promise<void> {
    if (obj.metadata.finalizers?.includes(finalizer)) return;
    await this.enter('addFinalizer', obj);
    this.finalizers.set(keyOf(obj), [...(obj.metadata.finalizers ?? []), finalizer]);
  }

  async removeFinalizer(obj: T, finalizer: string): Promise<void> {
    if (!obj.metadata.finalizers?.includes(finalizer)) return;
    await this.enter('removeFinalizer', obj);
    this.finalizers.set(
      keyOf(obj),
      obj.metadata.finalizers.filter((f) => f !== finalizer),
    );
  }

  private async enter(operation: string, obj: T): Promise<void> {
    await this.log.enter({ service: 'kube', operation, subject: keyOf(obj) });
  }
}

function keyOf(obj: Obj): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

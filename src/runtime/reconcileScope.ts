// The call context of one reconcile, carried implicitly through its awaits (AsyncLocalStorage): the AWS
// rate limiter reads it to announce a long wait, to honour an abort and to count calls by budget.
//
// Why this hook and not a "would wait N ms" error mapped to requeueAfter: a re-queued reconcile starts over
// and repeats its reads (the describe before a registration), which is exactly the cost of waiting we
// want gone; and reserving a slot before reading would need each reconciler to guess its writes. So the
// reconcile waits in the limiter, where its reads are already done, and the scope lets it (1) say so once
// in its status before waiting (the reconciler supplies the writer), (2) give its worker slot back while
// it waits (parked), so the queue keeps moving and every object's status stays current, and (3) be cut
// short at shutdown.
import { AsyncLocalStorage } from 'node:async_hooks';

/** A wait for a rate-limit slot, as the AWS limiter describes it. */
export interface LongWait {
  /** `service.Operation`. */
  operation: string;
  region: string;
  limit: { qps: number; burst: number };
  estimateMs: number;
}

/** Writes "waiting for a slot" into the object's status; supplied by the reconciler for its current object. */
export type WaitReporter = (wait: LongWait) => Promise<unknown>;

/** One reconcile in progress. */
export interface Scope {
  key: string;
  /** Released by the resync scheduler (its calls are charged to the background budget). */
  background: boolean;
  /** Aborted at shutdown: a wait for a slot ends at once, before anything is sent. */
  signal: AbortSignal;
  /** AWS calls admitted per rate-limit bucket (`region:bucket`). */
  calls: Map<string, number>;
  /** Called once when the reconcile starts waiting: the controller frees its worker slot. */
  park(): void;
  reporter?: WaitReporter;
  /** The last operation announced: each operation is announced once. */
  announced?: string;
}

/** The hooks the AWS limiter calls (structurally its LimiterHooks). */
export interface ScopeHooks {
  onLongWait(wait: LongWait): Promise<void>;
  signal(): AbortSignal | undefined;
  onCall(bucket: string): void;
}

/** Reconcile scopes of one process; created by the composition root and shared by controllers and the AWS layer. */
export class ReconcileScopes {
  private readonly storage = new AsyncLocalStorage<Scope>();

  /** Runs `fn` as the reconcile `scope`. */
  run<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    return this.storage.run(scope, fn);
  }

  /** The reconcile in progress on this async path, if any. */
  current(): Scope | undefined {
    return this.storage.getStore();
  }

  /** Called by a reconciler: from now on, a long wait of this reconcile is reported with `reporter`. */
  reportWaitsWith(reporter: WaitReporter): void {
    const scope = this.current();
    if (scope) scope.reporter = reporter;
  }

  /** The AWS limiter's view of the scope in progress. */
  hooks(): ScopeHooks {
    return {
      onLongWait: async (wait) => {
        const scope = this.current();
        if (!scope || scope.announced === wait.operation) return;
        scope.announced = wait.operation;
        scope.park();
        await scope.reporter?.(wait);
      },
      signal: () => this.current()?.signal,
      onCall: (bucket) => {
        const calls = this.current()?.calls;
        calls?.set(bucket, (calls.get(bucket) ?? 0) + 1);
      },
    };
  }
}

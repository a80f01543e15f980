// The steps every reconciler shares: which way a reconcile goes (finalizer, suspend), the one failure
// path, and writing status so that a refused write is said, never silently retried.
import { ANNOTATIONS, FINALIZER } from '../../api/group.js';
import type { EventReason } from '../../api/conditions.js';
import { KubeApiError } from '../../kube/errors.js';
import type { EventSubject, EventType } from '../../kube/events.js';
import type { Logger } from '../../observability/logger.js';
import { finalizerAction } from '../../runtime/finalizers.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { reconcileRequestTooLong, RECONCILE_REQUEST_MAX } from './conditions.js';
import { blockedFor, eventReasonFor, queueErrorFor, type Blocked } from './outcome.js';

/** Events in our vocabulary (kube's EventRecorder satisfies it). */
export interface Events {
  record(subject: EventSubject, type: EventType, reason: EventReason, message: string): Promise<void>;
}

/** An object with the metadata the dispatch reads. */
interface Finalizable {
  metadata: { deletionTimestamp?: string; finalizers?: string[]; annotations?: Record<string, string> };
}

/** What a reconciler does on each way through. */
export interface Ways {
  /** `ecsgmsa.io/suspend: "true"`: no AWS write at all, deletion cleanup included. */
  suspended(): Promise<ReconcileResult>;
  /** Being deleted with our finalizer on: clean up, then remove it. */
  cleanup(): Promise<ReconcileResult>;
  /** Make AWS match the spec; `addFinalizer` before the first AWS write when it is missing. */
  apply(addFinalizer: boolean): Promise<ReconcileResult>;
}

/** Sends a reconcile the one way its object's state asks for (nothing when it is gone). */
export function dispatch(obj: Finalizable, ways: Ways): Promise<ReconcileResult> {
  const action = finalizerAction(obj.metadata, FINALIZER);
  if (action === 'gone') return Promise.resolve(done);
  if (obj.metadata.annotations?.[ANNOTATIONS.suspend] === 'true') return ways.suspended();
  if (action === 'cleanup') return ways.cleanup();
  return ways.apply(action === 'add');
}

/** What a reconciler gives {@link handleFailure}. */
export interface FailureContext {
  subject: EventSubject;
  events: Events;
  /** How soon outcomes fixed out of band (IAM, RBAC, an opt-in) are re-checked. */
  recheckMs: number;
  log: Logger;
  /** Writes the status for the blocked outcome. */
  report(blocked: Blocked): Promise<unknown>;
}

/**
 * The one failure path of every reconciler: status from the Blocked outcome, a Warning event unless it
 * is waiting, then the queue behaviour. An unexpected error (a bug) is rethrown for a backoff retry.
 */
export async function handleFailure(err: unknown, ctx: FailureContext): Promise<ReconcileResult> {
  const blocked = blockedFor(err);
  if (!blocked) throw err;
  await ctx.report(blocked);
  const reason = eventReasonFor(blocked);
  if (reason) await ctx.events.record(ctx.subject, 'Warning', reason, err instanceof Error ? err.message : String(err));
  ctx.log.debug('blocked', { kind: blocked.kind });
  const queueError = queueErrorFor(blocked, err, ctx.recheckMs);
  if (queueError !== undefined) throw queueError;
  return done;
}

/** The status writer of one kind (ObjectClient). */
export interface StatusWriter<T> {
  writeStatus(obj: T, status: unknown): Promise<boolean>;
}

/** The writes a reconciler makes to its own objects (ObjectClient): status and our finalizer. */
export interface ObjectWriter<T> extends StatusWriter<T> {
  addFinalizer(obj: T, finalizer: string): Promise<void>;
  removeFinalizer(obj: T, finalizer: string): Promise<void>;
}

/**
 * Writes `status` when it changed (true when written). A refusal by the apiserver is recorded as a
 * Warning event `StatusWriteFailed` naming the apiserver's reason, then rethrown for a backoff retry.
 */
export async function writeStatusOrReport<T extends EventSubject>(
  client: StatusWriter<T>,
  events: Events,
  obj: T,
  status: unknown,
): Promise<boolean> {
  try {
    return await client.writeStatus(obj, status);
  } catch (err: unknown) {
    if (err instanceof KubeApiError) {
      await events.record(
        obj,
        'Warning',
        'StatusWriteFailed',
        `the apiserver refused the status update (${err.status} ${err.reason}): ${err.message}; retrying`,
      );
    }
    throw err;
  }
}

/** An annotation that cannot be echoed is reported, never copied into status (the write would fail). */
export async function warnAboutAnnotations(
  events: Events,
  obj: EventSubject & { metadata: { annotations?: Record<string, string> } },
): Promise<void> {
  if (!reconcileRequestTooLong(obj.metadata.annotations)) return;
  const message = `${ANNOTATIONS.reconcileRequestedAt} is longer than ${RECONCILE_REQUEST_MAX} characters: not echoed in status.lastHandledReconcileAt; use a shorter token (e.g. a timestamp)`;
  await events.record(obj, 'Warning', 'InvalidAnnotation', message);
}

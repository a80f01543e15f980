// Conditions both kinds set, in the typed vocabulary of src/api/conditions.ts. Pure.
import { ANNOTATIONS } from '../../api/group.js';
import type { ConditionType, Reason } from '../../api/conditions.js';
import type { ConditionInput } from '../../runtime/conditions.js';

/** A condition of ours: its type and reason come from the API's vocabulary. */
export type OurCondition = ConditionInput & { type: ConditionType; reason: Reason };

/** status.lastHandledReconcileAt holds at most this many characters (the CRD schema's maxLength). */
export const RECONCILE_REQUEST_MAX = 256;

/** Ready=True with Reconciling and Stalled cleared. */
export function readyConditions(message: string): OurCondition[] {
  return [
    { type: 'Ready', status: 'True', reason: 'Ready', message },
    { type: 'Reconciling', status: 'False', reason: 'Ready', message: '' },
    { type: 'Stalled', status: 'False', reason: 'Ready', message: '' },
  ];
}

/** Ready=False Suspended, neither Reconciling nor Stalled. */
export function suspendedConditions(): OurCondition[] {
  const message = `${ANNOTATIONS.suspend} is "true": no AWS writes until it is removed`;
  return [
    { type: 'Ready', status: 'False', reason: 'Suspended', message },
    { type: 'Reconciling', status: 'False', reason: 'Suspended', message: '' },
    { type: 'Stalled', status: 'False', reason: 'Suspended', message: '' },
  ];
}

/**
 * The value to echo in status.lastHandledReconcileAt for the object's reconcile-requested-at
 * annotation: `undefined` when absent or too long for the status field (echoing it would make every
 * status write fail; the reconciler reports it as an event instead).
 */
export function reconcileRequestEcho(annotations: Record<string, string> | undefined): string | undefined {
  const requested = annotations?.[ANNOTATIONS.reconcileRequestedAt];
  return requested !== undefined && requested.length <= RECONCILE_REQUEST_MAX ? requested : undefined;
}

/** True when the annotation is set but too long to echo. */
export function reconcileRequestTooLong(annotations: Record<string, string> | undefined): boolean {
  return (annotations?.[ANNOTATIONS.reconcileRequestedAt]?.length ?? 0) > RECONCILE_REQUEST_MAX;
}

/** Status timestamps: RFC 3339 to the second, as Kubernetes writes them. */
export function statusTime(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z');
}

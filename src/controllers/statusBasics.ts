// Status pieces both kinds share: the suspended conditions and the echo of an on-demand reconcile request. Pure.
import { ANNOTATIONS } from '../api/group.js';
import type { ConditionInput } from '../runtime/conditions.js';

/** status.lastHandledReconcileAt holds at most this many characters (the CRD schema's maxLength). */
export const RECONCILE_REQUEST_MAX = 256;

const SUSPENDED_MESSAGE = `${ANNOTATIONS.suspend} is "true": no AWS writes until it is removed`;

/** Ready=False Suspended, neither Reconciling nor Stalled. */
export function suspendedConditions(): ConditionInput[] {
  return [
    { type: 'Ready', status: 'False', reason: 'Suspended', message: SUSPENDED_MESSAGE },
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

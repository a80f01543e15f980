// Counts cached objects by the state of their kstatus conditions, for the ecsgmsa_objects gauge. Pure.

/** The conditions an operator alerts on: Ready always present; Stalled and Reconciling only when True (kstatus). */
export const WATCHED_CONDITIONS = ['Ready', 'Stalled', 'Reconciling'] as const;
export type WatchedCondition = (typeof WATCHED_CONDITIONS)[number];

/** A condition's status as metav1.Condition spells it. */
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
export type ConditionStatusLabel = (typeof CONDITION_STATUSES)[number];

/** What the count reads of an object: only its conditions' types and statuses (never names). */
export interface ObjectWithConditions {
  status?: { conditions?: readonly { type: string; status: string }[] };
}

/** Objects per condition and status; each condition's three counts add up to the number of objects. */
export type ConditionCounts = Record<WatchedCondition, Record<ConditionStatusLabel, number>>;

/**
 * The status an object's condition counts under. A missing `Ready` is `Unknown` (not reconciled yet);
 * a missing `Stalled` or `Reconciling` is `False` (kstatus writes them only when True). A status
 * outside True/False is `Unknown`.
 */
export function conditionStatus(obj: ObjectWithConditions, type: WatchedCondition): ConditionStatusLabel {
  const found = obj.status?.conditions?.find((c) => c.type === type);
  if (!found) return type === 'Ready' ? 'Unknown' : 'False';
  return found.status === 'True' || found.status === 'False' ? found.status : 'Unknown';
}

/** Counts `objects` by every watched condition; every combination is present (zero included). */
export function countConditions(objects: Iterable<ObjectWithConditions>): ConditionCounts {
  const zero = (): Record<ConditionStatusLabel, number> => ({ True: 0, False: 0, Unknown: 0 });
  const counts: ConditionCounts = { Ready: zero(), Stalled: zero(), Reconciling: zero() };
  for (const obj of objects) {
    for (const type of WATCHED_CONDITIONS) counts[type][conditionStatus(obj, type)] += 1;
  }
  return counts;
}

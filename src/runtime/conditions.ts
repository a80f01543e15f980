// metav1.Condition helpers: set with transition semantics, kstatus Reconciling/Stalled only when True.

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** A desired condition, without the bookkeeping fields. */
export interface ConditionInput {
  type: string;
  status: Condition['status'];
  reason: string;
  message: string;
}

/** Conditions that exist only while True (kstatus abnormal-true conventions). */
export const ABNORMAL_TRUE_TYPES: ReadonlySet<string> = new Set(['Reconciling', 'Stalled']);

/**
 * Returns `conditions` with `input` set. `lastTransitionTime` moves only when the status
 * flips; reason, message and observedGeneration are always refreshed. A Reconciling or Stalled
 * condition that is not True is removed instead.
 */
export function setCondition(
  conditions: readonly Condition[],
  input: ConditionInput,
  generation: number | undefined,
  nowIso: string,
): Condition[] {
  const others = conditions.filter((c) => c.type !== input.type);
  if (ABNORMAL_TRUE_TYPES.has(input.type) && input.status !== 'True') return others;
  const existing = conditions.find((c) => c.type === input.type);
  const lastTransitionTime = existing && existing.status === input.status ? existing.lastTransitionTime : nowIso;
  const next: Condition = {
    ...input,
    lastTransitionTime,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  const index = conditions.findIndex((c) => c.type === input.type);
  if (index < 0) return [...others, next];
  return conditions.map((c, i) => (i === index ? next : c));
}

/** Sets several conditions in order. */
export function setConditions(
  conditions: readonly Condition[],
  inputs: readonly ConditionInput[],
  generation: number | undefined,
  nowIso: string,
): Condition[] {
  return inputs.reduce<Condition[]>((acc, input) => setCondition(acc, input, generation, nowIso), [...conditions]);
}

/** `conditions` without the condition of `type` (one that no longer applies, e.g. CredentialsStored after domainless is removed). */
export function removeCondition(conditions: readonly Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

// What the records of every listed service add up to: the ServicesRolledOut condition, the Ready
// outcome and how soon to look again. Pure.
import type { StalledReason } from '../../api/conditions.js';
import type { OurCondition } from '../common/conditions.js';
import { revisionName, serviceKey, type ServiceRecord } from './rolloutPlan.js';

/** The rollout as a whole. */
export type RolloutVerdict =
  | { kind: 'rolledOut'; message: string }
  | { kind: 'inProgress'; message: string }
  | { kind: 'stalled'; reason: StalledReason; message: string };

/** Stalled states, worst first: the first one present names the reason. */
const STALLED: readonly [ServiceRecord['state'], StalledReason][] = [
  ['Failed', 'RolloutFailed'],
  ['RolledBack', 'RolloutRolledBack'],
  ['FamilyMismatch', 'ServiceFamilyMismatch'],
  ['NotSupported', 'ServiceNotSupported'],
  ['NotFound', 'ServiceNotFound'],
];

/** The Stalled reason of a service state, or `undefined` for a state that needs nobody. */
export function stalledReasonOf(state: ServiceRecord['state']): StalledReason | undefined {
  return STALLED.find(([s]) => s === state)?.[1];
}

const IN_PROGRESS: readonly ServiceRecord['state'][] = ['Pending', 'InProgress'];

const describe = (r: ServiceRecord): string => `${serviceKey(r)}: ${r.message ?? r.state}`;

/** The verdict over `records` (one per listed service, in spec order; never empty). */
export function rolloutVerdict(records: readonly ServiceRecord[]): RolloutVerdict {
  const stalled = STALLED.find(([state]) => records.some((r) => r.state === state));
  const moving = records.filter((r) => IN_PROGRESS.includes(r.state));
  if (stalled) {
    const problems = records.filter((r) => STALLED.some(([state]) => state === r.state)).map(describe);
    const still = moving.length > 0 ? `; still rolling out: ${moving.map(serviceKey).join(', ')}` : '';
    return { kind: 'stalled', reason: stalled[1], message: `${problems.join('; ')}${still}` };
  }
  if (moving.length > 0) return { kind: 'inProgress', message: `rolling out: ${moving.map(describe).join('; ')}` };
  const revision = revisionName(records[0]?.taskDefinitionArn);
  const names = records.map(serviceKey).join(', ');
  return { kind: 'rolledOut', message: `${records.length} service(s) run ${revision}: ${names}` };
}

/** The ServicesRolledOut condition of a verdict. */
export function servicesCondition(verdict: RolloutVerdict): OurCondition {
  switch (verdict.kind) {
    case 'rolledOut':
      return { type: 'ServicesRolledOut', status: 'True', reason: 'ServicesRolledOut', message: verdict.message };
    case 'inProgress':
      return { type: 'ServicesRolledOut', status: 'False', reason: 'RolloutInProgress', message: verdict.message };
    case 'stalled':
      return { type: 'ServicesRolledOut', status: 'False', reason: verdict.reason, message: verdict.message };
  }
}

/** True while some service's rollout still has to be watched. */
export function rolloutInProgress(records: readonly ServiceRecord[]): boolean {
  return records.some((r) => IN_PROGRESS.includes(r.state));
}

/**
 * How long to wait before describing in-progress services again: `baseMs` during the first 4 periods
 * of the oldest running update, twice that until 12 periods, then 4 × `baseMs` (15 s → 30 s → 1 min with
 * the default): quick feedback on a fast rollout, a few calls a minute on a slow one.
 */
export function pollDelayMs(records: readonly ServiceRecord[], nowMs: number, baseMs: number): number {
  const started = records
    .filter((r) => IN_PROGRESS.includes(r.state) && r.updatedAt)
    .map((r) => Date.parse(r.updatedAt ?? ''))
    .filter((t) => Number.isFinite(t));
  const elapsed = started.length > 0 ? nowMs - Math.min(...started) : 0;
  if (elapsed < 4 * baseMs) return baseMs;
  return elapsed < 12 * baseMs ? 2 * baseMs : 4 * baseMs;
}

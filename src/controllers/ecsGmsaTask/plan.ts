// The status records of the task definition families an EcsGmsaTask registers into — written BEFORE the
// first registration, so a family or region change can never leave revisions nobody remembers. Pure.
import { PREVIOUS_OBJECTS_MAX } from '../../api/limits.js';
import type { EcsGmsaTaskStatus, FamilyRecord } from '../../api/types.js';
import { error, type ValidationIssue } from '../../domain/validation/issue.js';
import { familyOfArn } from './desired.js';

/** The family records of a status. */
export interface FamilyRecords {
  family?: string;
  region?: string;
  previousFamilies?: FamilyRecord[];
}

const same = (a: FamilyRecord, b: FamilyRecord): boolean => a.family === b.family && a.region === b.region;

/**
 * The current family of `status`. A status written before regions were recorded takes the region of
 * its registered revision, else `defaultRegion` (never the spec's: a tenant may edit that before deleting).
 */
export function currentFamily(status: EcsGmsaTaskStatus | undefined, defaultRegion: string): FamilyRecord | undefined {
  if (!status?.family) return undefined;
  const registered = familyOfArn(status.taskDefinitionArn);
  return {
    family: status.family,
    region: status.region ?? (registered?.family === status.family ? registered.region : defaultRegion),
  };
}

/**
 * The records after switching to `desired`, and the family that left "current" (kept as previous only
 * when it still holds ACTIVE revisions of ours: the caller checks).
 */
export function switchFamily(
  status: EcsGmsaTaskStatus | undefined,
  desired: FamilyRecord,
  defaultRegion: string,
): { next: FamilyRecords; retired?: FamilyRecord } {
  const current = currentFamily(status, defaultRegion);
  const previous = (status?.previousFamilies ?? []).filter((f) => !same(f, desired));
  const next: FamilyRecords = {
    family: desired.family,
    region: desired.region,
    ...(previous.length ? { previousFamilies: previous } : {}),
  };
  return current && !same(current, desired) ? { next, retired: current } : { next };
}

/** Every family the status records, current first, each once. */
export function recordedFamilies(status: EcsGmsaTaskStatus | undefined, defaultRegion: string): FamilyRecord[] {
  const current = currentFamily(status, defaultRegion);
  const all = [...(current ? [current] : []), ...(status?.previousFamilies ?? [])];
  return all.filter((f, i) => all.findIndex((g) => same(f, g)) === i);
}

/** Refuses a change that would make status keep more earlier families than it can hold. */
export function familyLimitIssues(next: FamilyRecords): ValidationIssue[] {
  if ((next.previousFamilies?.length ?? 0) <= PREVIOUS_OBJECTS_MAX) return [];
  return [
    error(
      'spec.taskDefinition.family',
      `the resource already keeps revisions in ${PREVIOUS_OBJECTS_MAX} earlier families or regions; delete and re-create it (policy Delete deregisters them) instead of moving it again`,
    ),
  ];
}

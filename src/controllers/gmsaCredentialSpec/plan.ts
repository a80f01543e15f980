// The plan of writes before any AWS write: the status records of what a GmsaCredentialSpec stores
// where, written BEFORE any object is created, so a crash, a refused status write or a spec edit can
// never leave an object nobody remembers. Pure.
import type { CredentialsRecord, GmsaCredentialSpecStatus, StorageLocation } from '../../api/types.js';
import { PREVIOUS_OBJECTS_MAX } from '../../api/limits.js';
import { error, type ValidationIssue } from '../../domain/validation/issue.js';
import { credentialsObject, locationObject, objectKey, type ManagedObject } from './managedObjects.js';

/** The record fields of a status. */
export interface Records {
  credentialSpecLocation?: StorageLocation;
  previousLocations?: StorageLocation[];
  credentials?: CredentialsRecord;
  previousCredentials?: CredentialsRecord[];
}

/** A credentials record from the ARN alone: statuses written before records existed held only `credentialsArn`. */
export function credentialsRecordFromArn(arn: string): CredentialsRecord | undefined {
  const m = /^arn:[^:]+:(secretsmanager|ssm):([^:]+):[^:]*:(?:secret:(.+)-[A-Za-z0-9]{6}|parameter\/(.+))$/.exec(arn);
  if (!m?.[2]) return undefined;
  if (m[1] === 'secretsmanager' && m[3]) return { store: 'SecretsManager', region: m[2], name: m[3], arn };
  if (m[1] === 'ssm' && m[4]) return { store: 'SsmParameter', region: m[2], name: `/${m[4]}`, arn };
  return undefined;
}

/** The records in `status`. */
export function recordsOf(status: GmsaCredentialSpecStatus | undefined): Records {
  const legacy = status?.credentialsArn ? credentialsRecordFromArn(status.credentialsArn) : undefined;
  return compact({
    credentialSpecLocation: status?.credentialSpecLocation,
    previousLocations: status?.previousLocations,
    credentials: status?.credentials ?? legacy,
    previousCredentials: status?.previousCredentials,
  });
}

/** `records` without undefined fields and empty lists (status omits them). */
function compact(records: { [K in keyof Records]: Records[K] | undefined }): Records {
  const out: Records = {};
  for (const [key, value] of Object.entries(records)) {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) Object.assign(out, { [key]: value });
  }
  return out;
}

function locationKey(l: StorageLocation): string | undefined {
  const o = locationObject(l);
  return o ? objectKey(o) : undefined;
}

function credentialsKey(c: CredentialsRecord): string {
  return objectKey(credentialsObject(c));
}

/** A record leaving "current": kept as previous only if a fresh read finds it ours (the caller probes). */
export interface Retired {
  object: ManagedObject;
  location?: StorageLocation;
  credentials?: CredentialsRecord;
}

/** The records to write before acting, and the objects that left "current" (to probe). */
export interface Transition {
  next: Records;
  retired: Retired[];
}

function switchLocation(records: Records, desired: StorageLocation): { next: Records; retired: Retired[] } {
  const current = records.credentialSpecLocation;
  const previous = (records.previousLocations ?? []).filter((l) => locationKey(l) !== locationKey(desired));
  const next = compact({ credentialSpecLocation: desired, previousLocations: previous });
  // A new path for the same ConfigMap is the same object: nothing is retired.
  const object = current && locationKey(current) !== locationKey(desired) ? locationObject(current) : undefined;
  return { next, retired: object && current ? [{ object, location: current }] : [] };
}

/** `desired` with the ARN a record of the same object already knows. */
function withArn(desired: CredentialsRecord, known: CredentialsRecord | undefined): CredentialsRecord {
  return known?.arn ? { ...desired, arn: known.arn } : desired;
}

function switchCredentials(
  records: Records,
  desired: CredentialsRecord | undefined,
): { next: Records; retired: Retired[] } {
  const current = records.credentials;
  const earlier = records.previousCredentials ?? [];
  if (current && desired && credentialsKey(current) === credentialsKey(desired)) {
    return { next: compact({ credentials: withArn(desired, current), previousCredentials: earlier }), retired: [] };
  }
  // Coming back to an earlier object: it leaves the previous list and keeps its ARN.
  const returning = desired ? earlier.find((c) => credentialsKey(c) === credentialsKey(desired)) : undefined;
  const next = desired && withArn(desired, returning);
  const retired: Retired[] = current ? [{ object: credentialsObject(current), credentials: current }] : [];
  return { next: compact({ credentials: next, previousCredentials: earlier.filter((c) => c !== returning) }), retired };
}

/** The records after switching to the desired objects; what was current before and is not any more is retired. */
export function transition(
  records: Records,
  desired: { location: StorageLocation; credentials?: CredentialsRecord },
): Transition {
  const location = switchLocation(records, desired.location);
  const credentials = switchCredentials(records, desired.credentials);
  return { next: { ...location.next, ...credentials.next }, retired: [...location.retired, ...credentials.retired] };
}

/** Adds a retired record (found ours, or not readable) to the previous lists of `next`, once. */
export function keepRetired(next: Records, retired: Retired): Records {
  const key = objectKey(retired.object);
  const listed = [
    ...(next.previousLocations ?? []).flatMap((l) => locationObject(l) ?? []),
    ...(next.previousCredentials ?? []).map(credentialsObject),
  ].some((o) => objectKey(o) === key);
  if (listed) return next;
  if (retired.location) return { ...next, previousLocations: [...(next.previousLocations ?? []), retired.location] };
  if (retired.credentials)
    return { ...next, previousCredentials: [...(next.previousCredentials ?? []), retired.credentials] };
  return next;
}

/** Refuses a change that would make status keep more earlier objects than it can hold. */
export function recordLimitIssues(next: Records): ValidationIssue[] {
  const over = (list: unknown[] | undefined): boolean => (list?.length ?? 0) > PREVIOUS_OBJECTS_MAX;
  const message = `the resource already keeps ${PREVIOUS_OBJECTS_MAX} earlier objects for running tasks; delete and re-create it (policy Delete removes them) instead of moving it again`;
  return [
    ...(over(next.previousLocations) ? [error('spec.storage', message)] : []),
    ...(over(next.previousCredentials) ? [error('spec.domainless', message)] : []),
  ];
}

/**
 * The status to write before acting: `status` with `next` as its records. `credentialsArn` names the
 * current credentials and goes with them, so it is never read back as a record once they are gone.
 */
export function recordedStatus(status: GmsaCredentialSpecStatus | undefined, next: Records): GmsaCredentialSpecStatus {
  const {
    credentialSpecLocation: _l,
    previousLocations: _p,
    credentials: _c,
    previousCredentials: _pc,
    credentialsArn,
    ...rest
  } = status ?? {};
  return { ...rest, ...(next.credentials && credentialsArn ? { credentialsArn } : {}), ...next };
}

// Deletion under policy Delete: every object the status records (current and previous, CredSpec and
// credentials) is deleted if a fresh read finds it ours; anyone else's object is left untouched.
import type { GmsaCredentialSpec } from '../../api/types.js';
import {
  deleteIfOurs,
  describeObject,
  recordedObjects,
  type ManagedObject,
  type OwnershipContext,
} from './managedObjects.js';
import { recordsOf } from './plan.js';

/** What cleanup did, for the Deleted event. */
export interface CleanupReport {
  deleted: string[];
  /** Recorded objects found to belong to someone else (e.g. a create that was refused): left alone. */
  leftAlone: string[];
}

/**
 * Deletes what this CR owns. Idempotent: objects already gone count as done. Every object is tried
 * (the credentials first: the AD password matters most) even when one fails; the first failure is
 * thrown after the others were done, and the next attempt finds those gone.
 */
export async function cleanUp(cr: GmsaCredentialSpec, ctx: OwnershipContext): Promise<CleanupReport> {
  const recoveryWindowDays = cr.spec.domainless?.recoveryWindowDays ?? 7;
  const report: CleanupReport = { deleted: [], leftAlone: [] };
  const failures: unknown[] = [];
  const rank = (o: ManagedObject): number => (o.type === 'Secret' || isCredentials(cr, o) ? 0 : 1);
  const objects = recordedObjects(recordsOf(cr.status)).sort((a, b) => rank(a) - rank(b));
  for (const object of objects) {
    try {
      const outcome = await deleteIfOurs(object, ctx, { recoveryWindowDays });
      if (outcome === 'deleted') report.deleted.push(describeObject(object));
      if (outcome === 'not-ours') report.leftAlone.push(describeObject(object));
    } catch (err: unknown) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
  return report;
}

/** Whether `o` is one of the recorded credentials objects (an SSM SecureString is not a Secret). */
function isCredentials(cr: GmsaCredentialSpec, o: ManagedObject): boolean {
  const records = [
    ...(cr.status?.credentials ? [cr.status.credentials] : []),
    ...(cr.status?.previousCredentials ?? []),
  ];
  return (
    o.type === 'SsmParameter' &&
    records.some((c) => c.store === 'SsmParameter' && c.name === o.name && c.region === o.region)
  );
}

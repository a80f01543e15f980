// Deletion under policy Delete: every object the status records (current and previous, CredSpec and
// credentials) is deleted if a fresh read finds it ours; anyone else's object is left untouched.
import type { GmsaCredentialSpec } from '../../api/types.js';
import { deleteIfOurs, describeObject, recordedObjects, type OwnershipContext } from './managedObjects.js';
import { recordsOf } from './records.js';

/** What cleanup did, for the Deleted event. */
export interface CleanupReport {
  deleted: string[];
  /** Recorded objects found to belong to someone else (e.g. a create that was refused): left alone. */
  leftAlone: string[];
}

/** Deletes what this CR owns. Idempotent: objects already gone count as done. */
export async function cleanUp(cr: GmsaCredentialSpec, ctx: OwnershipContext): Promise<CleanupReport> {
  const recoveryWindowDays = cr.spec.domainless?.recoveryWindowDays ?? 7;
  const report: CleanupReport = { deleted: [], leftAlone: [] };
  for (const object of recordedObjects(recordsOf(cr.status))) {
    const outcome = await deleteIfOurs(object, ctx, { recoveryWindowDays });
    if (outcome === 'deleted') report.deleted.push(describeObject(object));
    if (outcome === 'not-ours') report.leftAlone.push(describeObject(object));
  }
  return report;
}

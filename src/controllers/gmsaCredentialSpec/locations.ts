// Storage location records kept in status: the current one and earlier ones still in use by running tasks.
import type { GmsaCredentialSpecSpec, StorageLocation } from '../../api/types.js';
import type { StorageLocation as RenderedLocation } from '../../domain/credspec/location.js';
import { configMapFor } from './credSpecStore.js';

/** The status record of where `spec` stores its CredSpec. */
export function locationRecord(spec: GmsaCredentialSpecSpec, rendered: RenderedLocation, crName: string): StorageLocation {
  const base = { kind: rendered.kind, arn: rendered.arn, region: rendered.region };
  if (spec.storage.ssm) return { ...base, parameterName: spec.storage.ssm.parameterName };
  if (spec.storage.s3) return { ...base, bucket: spec.storage.s3.bucket, key: spec.storage.s3.key };
  return { ...base, configMapName: configMapFor(crName, spec.storage.localFile?.path ?? '').name };
}

/**
 * Earlier locations after storing at `current`: the location recorded before joins the list
 * when it differs (running task revisions may still point at it); `current` leaves it.
 */
export function previousLocations(recorded: StorageLocation | undefined, earlier: readonly StorageLocation[] | undefined, current: StorageLocation): StorageLocation[] {
  const list = [...(earlier ?? [])];
  if (recorded && recorded.arn !== current.arn && !list.some((l) => l.arn === recorded.arn)) list.push(recorded);
  return list.filter((l) => l.arn !== current.arn);
}

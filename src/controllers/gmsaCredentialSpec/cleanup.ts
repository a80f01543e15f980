// Deletion under policy Delete: removes what this CR stored (NotFound counts as done).
import type { GmsaCredentialSpec, StorageLocation } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import type { CredSpecDeps } from './deps.js';

async function deleteLocation(location: StorageLocation, ports: AwsPorts, deps: CredSpecDeps, namespace: string): Promise<void> {
  if (location.kind === 'ssm' && location.parameterName) await ports.parameters.delete(location.parameterName);
  else if (location.kind === 's3' && location.bucket && location.key) await ports.objects.delete(location.bucket, location.key);
  else if (location.kind === 'localFile' && location.configMapName) await deps.configMaps.delete(namespace, location.configMapName);
}

async function deleteCredentials(cr: GmsaCredentialSpec, deps: CredSpecDeps): Promise<void> {
  const arn = cr.status?.credentialsArn;
  const domainless = cr.spec.domainless;
  if (!arn || !domainless) return;
  const ports = deps.aws.forRegion(arn.split(':')[3] ?? deps.defaultRegion);
  if (arn.includes(':secretsmanager:')) await ports.secrets.delete(arn, { recoveryWindowDays: domainless.recoveryWindowDays ?? 7 });
  else if (arn.includes(':ssm:') && domainless.store === 'SsmParameter') await ports.parameters.delete(domainless.name);
}

/** Deletes the current and every previous location, then the credentials. Idempotent. */
export async function cleanUp(cr: GmsaCredentialSpec, deps: CredSpecDeps): Promise<void> {
  const namespace = cr.metadata.namespace ?? 'default';
  const locations = [...(cr.status?.previousLocations ?? []), ...(cr.status?.credentialSpecLocation ? [cr.status.credentialSpecLocation] : [])];
  for (const location of locations) await deleteLocation(location, deps.aws.forRegion(location.region), deps, namespace);
  await deleteCredentials(cr, deps);
}

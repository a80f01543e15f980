// The objects a GmsaCredentialSpec manages, as recorded in its status: their identity (pure) and the two
// operations that must re-read ownership first — probing and deleting.
import type { CredentialsRecord, StorageLocation } from '../../api/types.js';
import type { AwsPortsFactory } from '../../aws/ports.js';
import { ownershipOf, type Owner, type Ownership } from '../../domain/ownership.js';
import type { ConfigMapStore } from '../../kube/configMaps.js';

/** One object the operator may have created for a CR, identified as recorded. */
export type ManagedObject =
  | { type: 'SsmParameter'; region: string; name: string }
  | { type: 'Secret'; region: string; name: string; arn?: string }
  | { type: 'S3Object'; region: string; bucket: string; key: string }
  | { type: 'ConfigMap'; name: string };

/** The object behind a CredSpec storage location record. */
export function locationObject(location: StorageLocation): ManagedObject | undefined {
  if (location.kind === 'ssm' && location.parameterName)
    return { type: 'SsmParameter', region: location.region, name: location.parameterName };
  if (location.kind === 's3' && location.bucket && location.key)
    return { type: 'S3Object', region: location.region, bucket: location.bucket, key: location.key };
  if (location.kind === 'localFile' && location.configMapName)
    return { type: 'ConfigMap', name: location.configMapName };
  return undefined;
}

/** The object behind a credentials record. */
export function credentialsObject(record: CredentialsRecord): ManagedObject {
  if (record.store === 'SsmParameter') return { type: 'SsmParameter', region: record.region, name: record.name };
  return { type: 'Secret', region: record.region, name: record.name, ...(record.arn ? { arn: record.arn } : {}) };
}

/** A stable identity: two records naming the same object have the same key. */
export function objectKey(o: ManagedObject): string {
  switch (o.type) {
    case 'SsmParameter':
    case 'Secret':
      return `${o.type}/${o.region}/${o.name}`;
    case 'S3Object':
      return `S3Object/${o.bucket}/${o.key}`;
    case 'ConfigMap':
      return `ConfigMap/${o.name}`;
  }
}

/** Human name for messages and events. */
export function describeObject(o: ManagedObject): string {
  switch (o.type) {
    case 'SsmParameter':
      return `SSM parameter ${o.name} (${o.region})`;
    case 'Secret':
      return `Secrets Manager secret ${o.name} (${o.region})`;
    case 'S3Object':
      return `S3 object s3://${o.bucket}/${o.key}`;
    case 'ConfigMap':
      return `ConfigMap ${o.name}`;
  }
}

/** The record fields of a status (see records.ts). */
interface RecordFields {
  credentialSpecLocation?: StorageLocation;
  previousLocations?: StorageLocation[];
  credentials?: CredentialsRecord;
  previousCredentials?: CredentialsRecord[];
}

/** Every object the records name (current and previous, CredSpec and credentials), each once. */
export function recordedObjects(status: RecordFields | undefined): ManagedObject[] {
  const locations = [
    ...(status?.credentialSpecLocation ? [status.credentialSpecLocation] : []),
    ...(status?.previousLocations ?? []),
  ];
  const credentials = [...(status?.credentials ? [status.credentials] : []), ...(status?.previousCredentials ?? [])];
  const all = [...locations.flatMap((l) => locationObject(l) ?? []), ...credentials.map(credentialsObject)];
  const seen = new Set<string>();
  return all.filter((o) => !seen.has(objectKey(o)) && seen.add(objectKey(o)) !== undefined);
}

/** What probing and deleting need: the ports, and who "we" are. */
export interface OwnershipContext {
  aws: AwsPortsFactory;
  configMaps: ConfigMapStore;
  namespace: string;
  owner: Owner;
  /** The CR's uid: a ConfigMap is ours when it names this uid among its owners. */
  uid: string;
}

/** A fresh read of whose object it is; for a secret also its full ARN (deletion needs it). */
export interface Probed {
  ownership: Ownership | 'absent';
  arn?: string;
}

/** Whose object it is, from a fresh read of its tags (ConfigMaps: owner references); `absent` when gone. */
export async function probe(o: ManagedObject, ctx: OwnershipContext): Promise<Probed> {
  switch (o.type) {
    case 'SsmParameter':
      return fromTags(await ctx.aws.forRegion(o.region).parameters.getTags(o.name), ctx.owner);
    case 'Secret':
      return probeSecret(o, ctx);
    case 'S3Object':
      return fromTags(await ctx.aws.forRegion(o.region).objects.getTags(o.bucket, o.key), ctx.owner);
    case 'ConfigMap': {
      const cm = await ctx.configMaps.get(ctx.namespace, o.name);
      if (!cm) return { ownership: 'absent' };
      return {
        ownership: cm.ownerUids.includes(ctx.uid)
          ? 'ours'
          : cm.ownerUids.length > 0
            ? 'foreign-operator-object'
            : 'unowned',
      };
    }
  }
}

async function probeSecret(o: Extract<ManagedObject, { type: 'Secret' }>, ctx: OwnershipContext): Promise<Probed> {
  const secrets = ctx.aws.forRegion(o.region).secrets;
  // The recorded ARN may be stale (the secret re-created since): the name finds the current one.
  const found = (o.arn ? await secrets.describe(o.arn) : undefined) ?? (await secrets.describe(o.name));
  return found ? { ownership: ownershipOf(found.tags, ctx.owner), arn: found.arn } : { ownership: 'absent' };
}

function fromTags(tags: Record<string, string> | undefined, owner: Owner): Probed {
  return { ownership: tags === undefined ? 'absent' : ownershipOf(tags, owner) };
}

/**
 * Deletes `o` only when a fresh read says it is ours; an object of anyone else is left untouched.
 * Idempotent: an absent object counts as done.
 */
export async function deleteIfOurs(
  o: ManagedObject,
  ctx: OwnershipContext,
  options: { recoveryWindowDays: number },
): Promise<'deleted' | 'absent' | 'not-ours'> {
  const probed = await probe(o, ctx);
  if (probed.ownership === 'absent') return 'absent';
  if (probed.ownership !== 'ours') return 'not-ours';
  const gone = await deleteObject(o, ctx, { ...options, arn: probed.arn });
  return gone === 'not-found' ? 'absent' : 'deleted';
}

async function deleteObject(
  o: ManagedObject,
  ctx: OwnershipContext,
  options: { recoveryWindowDays: number; arn: string | undefined },
): Promise<'deleted' | 'not-found'> {
  switch (o.type) {
    case 'SsmParameter':
      return ctx.aws.forRegion(o.region).parameters.delete(o.name);
    case 'Secret':
      return ctx.aws
        .forRegion(o.region)
        .secrets.delete(options.arn ?? o.arn ?? o.name, { recoveryWindowDays: options.recoveryWindowDays });
    case 'S3Object':
      return ctx.aws.forRegion(o.region).objects.delete(o.bucket, o.key);
    case 'ConfigMap':
      return ctx.configMaps.delete(ctx.namespace, o.name);
  }
}

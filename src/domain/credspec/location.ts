// Where a GmsaCredentialSpec's CredSpec lives and the `credentialSpecs` reference tasks use for it.
import type { CredentialSpecStorage, GmsaCredentialSpecSpec } from '../../api/types.js';
import { s3ObjectArn, ssmParameterArn, type AwsScope } from '../arns.js';

export type StorageKind = 'ssm' | 's3' | 'localFile';

/** A storage location: its kind, its ARN (or `file://` path) and its region. */
export interface StorageLocation {
  kind: StorageKind;
  arn: string;
  region: string;
}

export const DOMAIN_JOINED_PREFIX = 'credentialspec:';
export const DOMAINLESS_PREFIX = 'credentialspecdomainless:';

/** The storage kind set in `storage` (the schema guarantees exactly one). */
export function storageKind(storage: CredentialSpecStorage): StorageKind {
  if (storage.ssm) return 'ssm';
  if (storage.s3) return 's3';
  return 'localFile';
}

/** The location of the CredSpec document for `spec` in `scope`. */
export function credentialSpecLocation(spec: GmsaCredentialSpecSpec, scope: AwsScope): StorageLocation {
  const { storage } = spec;
  if (storage.ssm) return { kind: 'ssm', arn: ssmParameterArn(scope, storage.ssm.parameterName), region: scope.region };
  if (storage.s3)
    return { kind: 's3', arn: s3ObjectArn(scope.partition, storage.s3.bucket, storage.s3.key), region: scope.region };
  if (storage.localFile) return { kind: 'localFile', arn: `file://${storage.localFile.path}`, region: scope.region };
  throw new Error('storage has none of ssm, s3, localFile');
}

/** `credentialspec:<arn>` for domain-joined hosts, `credentialspecdomainless:<arn>` for domainless. */
export function credentialSpecReference(spec: GmsaCredentialSpecSpec, location: StorageLocation): string {
  return `${spec.domainless ? DOMAINLESS_PREFIX : DOMAIN_JOINED_PREFIX}${location.arn}`;
}

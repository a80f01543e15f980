// What a task needs to know about a referenced GmsaCredentialSpec.
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { StorageKind } from '../credspec/location.js';
import { storageKind } from '../credspec/location.js';

/** A referenced GmsaCredentialSpec reduced to the facts the task rules use. */
export interface ResolvedCredentialSpec {
  name: string;
  hostOs: 'Windows' | 'Linux';
  account: string;
  domainless: boolean;
  /** The CredSpec's effective region. */
  region: string;
  domainDnsName: string;
  storageKind: StorageKind;
  /** The `credentialspec:`/`credentialspecdomainless:` string published in its status (or rendered offline). */
  reference: string;
  /** sha256 of the stored CredSpec document (its status); unknown offline. */
  contentSha256?: string;
}

/** Reduces a GmsaCredentialSpec whose reference is known. */
export function resolveCredentialSpec(
  cr: GmsaCredentialSpec,
  reference: string,
  defaultRegion: string,
): ResolvedCredentialSpec {
  const { spec } = cr;
  return {
    name: cr.metadata.name,
    hostOs: spec.hostOs,
    account: spec.account,
    domainless: spec.domainless !== undefined,
    region: spec.region ?? defaultRegion,
    domainDnsName: spec.domain.dnsName.toLowerCase(),
    storageKind: storageKind(spec.storage),
    reference,
    ...(cr.status?.contentSha256 ? { contentSha256: cr.status.contentSha256 } : {}),
  };
}

// The domain facts a CredSpec carries: given in the spec, or (spec.directory) discovered from the domain. Pure.
import type { ActiveDirectoryDomain, GmsaCredentialSpecSpec } from '../../api/types.js';

/** The domain fields spec.directory may leave to discovery. */
export const DISCOVERABLE_FIELDS = ['sid', 'guid', 'netBiosName'] as const;
export type DiscoverableField = (typeof DISCOVERABLE_FIELDS)[number];

/** Every discoverable field, known. */
export type KnownDomainFacts = Record<DiscoverableField, string>;

/** A domain whose every CredSpec field is known. */
export type CompleteDomain = ActiveDirectoryDomain & KnownDomainFacts;

/** The fields `domain` leaves to discovery, in CredSpec order. */
export function omittedDomainFields(domain: ActiveDirectoryDomain): DiscoverableField[] {
  return DISCOVERABLE_FIELDS.filter((field) => domain[field] === undefined);
}

/** True when the spec carries every domain field the CredSpec needs. */
export function isComplete(domain: ActiveDirectoryDomain): domain is CompleteDomain {
  return omittedDomainFields(domain).length === 0;
}

/**
 * `spec` with its omitted domain fields taken from `discovered`. Given values are kept as written (verification
 * has checked them against the domain, ignoring case), so a CredSpec rendered before discovery does not change.
 */
export function withDiscoveredDomain(
  spec: GmsaCredentialSpecSpec,
  discovered: KnownDomainFacts,
): GmsaCredentialSpecSpec {
  return {
    ...spec,
    domain: {
      ...spec.domain,
      sid: spec.domain.sid ?? discovered.sid,
      guid: spec.domain.guid ?? discovered.guid,
      netBiosName: spec.domain.netBiosName ?? discovered.netBiosName,
    },
  };
}

/** What offline rendering shows for a field only the operator can know (it asks the domain when applied). */
export function unknownUntilApplied(field: DiscoverableField, dnsName: string): string {
  return `(unknown until applied: the ${field} of ${dnsName}, discovered by the operator)`;
}

/** `spec` with placeholders for the omitted domain fields, for offline rendering. */
export function withPlaceholders(spec: GmsaCredentialSpecSpec): GmsaCredentialSpecSpec {
  const dnsName = spec.domain.dnsName;
  return withDiscoveredDomain(spec, {
    sid: unknownUntilApplied('sid', dnsName),
    guid: unknownUntilApplied('guid', dnsName),
    netBiosName: unknownUntilApplied('netBiosName', dnsName),
  });
}

/** The domain of `spec`; throws when a field is still unknown (discover or substitute it first). */
export function completeDomain(spec: GmsaCredentialSpecSpec): CompleteDomain {
  const missing = omittedDomainFields(spec.domain);
  if (missing.length > 0)
    throw new Error(`domain.${missing.join(', domain.')} not known yet: discover them before rendering`);
  return spec.domain as CompleteDomain;
}

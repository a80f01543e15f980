// Renders the CredSpec JSON as Microsoft's generator does, in the byte form the operator stores.
import type { GmsaCredentialSpecSpec } from '../../api/types.js';
import { completeDomain } from './domain.js';

/** The ECS CCG plugin that fetches domainless credentials. */
export const ECS_CCG_PLUGIN_GUID = '{859E1386-BDB4-49E8-85C7-3070B13920E1}';

export interface GmsaAccountEntry {
  Name: string;
  Scope: string;
}

export interface HostAccountConfig {
  PortableCcgVersion: '1';
  PluginGUID: string;
  /** Windows: a JSON-encoded string; Linux: an object. */
  PluginInput: string | { CredentialArn: string };
}

/** The CredSpec document, keys in the order of AWS's example. */
export interface CredSpecDocument {
  CmsPlugins: ['ActiveDirectory'];
  DomainJoinConfig: {
    Sid: string;
    MachineAccountName: string;
    Guid: string;
    DnsTreeName: string;
    DnsName: string;
    NetBiosName: string;
  };
  ActiveDirectoryConfig: {
    GroupManagedServiceAccounts: GmsaAccountEntry[];
    HostAccountConfig?: HostAccountConfig;
  };
}

/**
 * PluginInput per host OS, as the ECS agent parses it: Windows wants a JSON string
 * (an object fails on the host), Linux a JSON object (a string fails there).
 */
export function pluginInput(
  hostOs: GmsaCredentialSpecSpec['hostOs'],
  credentialsArn: string,
): HostAccountConfig['PluginInput'] {
  if (hostOs === 'Windows') return `{"credentialArn": ${JSON.stringify(credentialsArn)}}`;
  return { CredentialArn: credentialsArn };
}

/**
 * The CredSpec for `spec`. The primary account is scoped to both the DNS and the NetBIOS
 * domain name, as Microsoft's generator writes it; `credentialsArn` is required for domainless.
 * Every domain field must be known (given, or discovered and substituted with withDiscoveredDomain).
 */
export function renderCredSpecDocument(spec: GmsaCredentialSpecSpec, credentialsArn?: string): CredSpecDocument {
  const domain = completeDomain(spec);
  const accounts: GmsaAccountEntry[] = [
    { Name: spec.account, Scope: domain.dnsName },
    { Name: spec.account, Scope: domain.netBiosName },
    ...(spec.additionalAccounts ?? []).map((a) => ({ Name: a.name, Scope: a.scope })),
  ];
  const document: CredSpecDocument = {
    CmsPlugins: ['ActiveDirectory'],
    DomainJoinConfig: {
      Sid: domain.sid,
      MachineAccountName: spec.account,
      Guid: domain.guid,
      DnsTreeName: domain.dnsTreeName ?? domain.dnsName,
      DnsName: domain.dnsName,
      NetBiosName: domain.netBiosName,
    },
    ActiveDirectoryConfig: { GroupManagedServiceAccounts: accounts },
  };
  if (spec.domainless) {
    if (!credentialsArn) throw new Error('a domainless CredSpec needs the credentials ARN');
    document.ActiveDirectoryConfig.HostAccountConfig = {
      PortableCcgVersion: '1',
      PluginGUID: ECS_CCG_PLUGIN_GUID,
      PluginInput: pluginInput(spec.hostOs, credentialsArn),
    };
  }
  return document;
}

/** The stored bytes: two-space indentation, LF, one final newline, UTF-8 without BOM. */
export function credSpecBytes(document: CredSpecDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

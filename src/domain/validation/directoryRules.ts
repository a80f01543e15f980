// Validation of spec.directory and of the domain fields it lets the operator discover. Pure; mirrors the CRD's
// CEL rules so `validate` refuses what the apiserver refuses.
import type { GmsaCredentialSpecSpec } from '../../api/types.js';
import { parseDirectoryUrl } from '../directory/serverUrl.js';
import { checkDnsName } from './formats.js';
import { error, type ValidationIssue } from './issue.js';

const REQUIRED_WITHOUT_DIRECTORY =
  'is required unless spec.directory is set (then the operator reads it from the domain)';

/** sid, guid and netBiosName: required without spec.directory. */
export function omittedDomainIssues(spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  if (spec.directory) return [];
  return (['netBiosName', 'sid', 'guid'] as const)
    .filter((field) => spec.domain[field] === undefined)
    .map((field) => error(`spec.domain.${field}`, REQUIRED_WITHOUT_DIRECTORY));
}

function serverIssues(spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  return (spec.directory?.servers ?? []).flatMap((server, i) => {
    const field = `spec.directory.servers[${i}]`;
    const parsed = parseDirectoryUrl(server.url);
    return [
      ...(typeof parsed === 'string' ? [error(`${field}.url`, parsed)] : []),
      ...(server.tlsServerName !== undefined ? checkDnsName(`${field}.tlsServerName`, server.tlsServerName) : []),
    ];
  });
}

function identityIssues(spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  const d = spec.directory;
  if (!d) return [];
  if (spec.domainless && (d.bindSecretRef || d.hostGroup !== undefined))
    return [
      error(
        'spec.directory',
        'with domainless, the operator binds as the domainless user and checks that user: bindSecretRef and hostGroup are for domain-joined hosts only',
      ),
    ];
  if (!spec.domainless && (!d.bindSecretRef || d.hostGroup === undefined))
    return [
      error(
        'spec.directory',
        'without domainless, directory needs bindSecretRef (a domain user to bind as) and hostGroup (the group of the ECS hosts that retrieves the gMSA password)',
      ),
    ];
  return [];
}

/** Every finding about spec.directory (none without it). */
export function directoryIssues(spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  const d = spec.directory;
  if (!d) return [];
  const issues = [...serverIssues(spec), ...identityIssues(spec)];
  if (d.servers && d.transport)
    issues.push(
      error(
        'spec.directory.transport',
        "transport applies to DNS SRV discovery only; an explicit server's URL scheme chooses it (ldaps://, or ldap:// with StartTLS)",
      ),
    );
  if (d.caBundle && (d.caBundle.configMapRef ? 1 : 0) + (d.caBundle.secretRef ? 1 : 0) !== 1)
    issues.push(error('spec.directory.caBundle', 'caBundle needs exactly one of configMapRef or secretRef'));
  if (d.hostGroup !== undefined && d.hostGroup.trim() === '')
    issues.push(error('spec.directory.hostGroup', 'must name a group (sAMAccountName or SID)'));
  return issues;
}

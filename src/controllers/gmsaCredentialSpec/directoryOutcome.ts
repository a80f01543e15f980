// What an Active Directory verification means for a GmsaCredentialSpec: the DirectoryVerified condition, the
// discovered domain for status, and — when AD says no — the Blocked outcome naming what to change. Pure.
import type { DirectoryStalledReason } from '../../api/conditions.js';
import type { DiscoveredDomain } from '../../api/types.js';
import type { DirectoryErrorKind } from '../../directory/errors.js';
import type { Finding, FindingCode } from '../../domain/directory/verification.js';
import type { Blocked } from '../common/outcome.js';
import type { OurCondition } from '../common/conditions.js';

/** What verification found, reduced to what status and rendering need. */
export interface VerificationSummary {
  /** The domain controller that answered, e.g. `ldaps://dc1.corp.example.com:636 (10.0.0.5)`. */
  server: string;
  domain: DiscoveredDomain;
  findings: readonly Finding[];
  /** Additional accounts of another domain: named in the message, not checked. */
  otherDomainAccounts: readonly string[];
}

/** A directory failure, as the adapter classifies it (DirectoryError without the class). */
export interface DirectoryFailure {
  kind: DirectoryErrorKind;
  message: string;
  /** AD's reason for a refused bind, e.g. `wrong password or unknown user (AD data 52e)`. */
  detail?: string;
}

/** Where the bind identity and the CA come from, for messages (names only, never values). */
export interface DirectorySources {
  /** e.g. `Secret team-a/webapp01-ad-user`. */
  bindSecret: string;
  /** The bind name, e.g. `svc-webapp01@corp.example.com`. */
  bindUser: string;
  /** e.g. `ConfigMap team-a/corp-ca key ca.crt`, or `the operator's system CAs`. */
  trust: string;
}

/** The DirectoryVerified condition and, once a domain controller answered, the domain for status.domain. */
export interface DirectoryReport {
  condition: OurCondition;
  domain?: DiscoveredDomain;
}

/** The outcome of one verification: go ahead with the domain facts, or stop. */
export type DirectoryResult =
  | { kind: 'verified'; domain: DiscoveredDomain; report: DirectoryReport }
  | { kind: 'blocked'; blocked: Blocked; report: DirectoryReport };

const REASON_OF_FINDING: Record<Exclude<FindingCode, 'retrieval-granted'>, DirectoryStalledReason> = {
  'domain-dns-name-mismatch': 'DomainMismatch',
  'domain-sid-mismatch': 'DomainMismatch',
  'domain-guid-mismatch': 'DomainMismatch',
  'domain-netbios-name-mismatch': 'DomainMismatch',
  'principal-not-found': 'HostGroupNotFound',
  'account-not-found': 'GmsaNotFound',
  'account-not-gmsa': 'NotAGmsa',
  'membership-missing': 'PasswordRetrievalNotPermitted',
  'membership-unreadable': 'PasswordRetrievalNotPermitted',
  'retrieval-not-granted': 'PasswordRetrievalNotPermitted',
  'retrieval-denied': 'PasswordRetrievalNotPermitted',
  'retrieval-no-dacl': 'PasswordRetrievalNotPermitted',
  'retrieval-null-dacl': 'PasswordRetrievalNotPermitted',
};

/** One message for several findings: numbered when there is more than one. */
export function joinFindings(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0] ?? '';
  return `${messages.length} problems: ${messages.map((m, i) => `(${i + 1}) ${m}`).join(' ')}`;
}

function domainLine(domain: DiscoveredDomain, server: string): string {
  return `domain ${domain.dnsName} (NetBIOS ${domain.netBiosName}, SID ${domain.sid}, GUID ${domain.guid}) as ${server} reports it`;
}

function verifiedMessage(summary: VerificationSummary): string {
  const granted = summary.findings.filter((f) => f.code === 'retrieval-granted').map((f) => f.message);
  const others =
    summary.otherDomainAccounts.length > 0
      ? `; not checked here (another domain): ${summary.otherDomainAccounts.join(', ')}`
      : '';
  return `${granted.join('; ')}; ${domainLine(summary.domain, summary.server)}${others}`;
}

function stalled(reason: DirectoryStalledReason, message: string, domain?: DiscoveredDomain): DirectoryResult {
  return {
    kind: 'blocked',
    blocked: { kind: 'stalled', reason, message },
    report: {
      condition: { type: 'DirectoryVerified', status: 'False', reason, message },
      ...(domain ? { domain } : {}),
    },
  };
}

/** The result of a verification a domain controller answered: verified, or the first problem's reason. */
export function verificationResult(summary: VerificationSummary): DirectoryResult {
  const errors = summary.findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  if (first && first.code !== 'retrieval-granted') {
    const message = `${joinFindings(errors.map((f) => f.message))} (asked ${summary.server})`;
    return stalled(REASON_OF_FINDING[first.code], message, summary.domain);
  }
  return {
    kind: 'verified',
    domain: summary.domain,
    report: {
      condition: {
        type: 'DirectoryVerified',
        status: 'True',
        reason: 'DirectoryVerified',
        message: verifiedMessage(summary),
      },
      domain: summary.domain,
    },
  };
}

const STALLED_KIND: Partial<Record<DirectoryErrorKind, DirectoryStalledReason>> = {
  'bad-credentials': 'DirectoryBindFailed',
  'tls-untrusted': 'DirectoryCertificateUntrusted',
  'insufficient-access': 'DirectoryAccessDenied',
  'not-found': 'DirectoryAccessDenied',
};

function failureAdvice(failure: DirectoryFailure, sources: DirectorySources): string {
  switch (failure.kind) {
    case 'bad-credentials':
      return `Active Directory refused the bind as ${sources.bindUser}${failure.detail ? ` (${failure.detail})` : ''}: correct username and password in ${sources.bindSecret}. It is not retried until that Secret changes (repeated failed binds lock accounts out)`;
    case 'tls-untrusted':
      return `trusting ${sources.trust}: put the CA that issued the domain controllers' certificates in spec.directory.caBundle, or set servers[].tlsServerName to the name their certificates carry`;
    default:
      return `${sources.bindUser} may not read what verification needs (the domain object, its own tokenGroups, the gMSAs' msDS-GroupMSAMembership): grant it read access`;
  }
}

/** The result of a verification no domain controller answered usefully. */
export function failureResult(failure: DirectoryFailure, sources: DirectorySources): DirectoryResult {
  const reason = STALLED_KIND[failure.kind];
  if (reason) return stalled(reason, `${failure.message}. ${failureAdvice(failure, sources)}`);
  const message = `${failure.message}; retrying with backoff`;
  return {
    kind: 'blocked',
    blocked: { kind: 'retrying', reason: 'DirectoryUnreachable', message },
    report: { condition: { type: 'DirectoryVerified', status: 'False', reason: 'DirectoryUnreachable', message } },
  };
}

/** DirectoryVerified when the reconcile stopped before verification could run. */
export function notCheckedReport(why: string): DirectoryReport {
  return {
    condition: {
      type: 'DirectoryVerified',
      status: 'Unknown',
      reason: 'DirectoryNotChecked',
      message: `not verified: ${why}`,
    },
  };
}

/**
 * How long a result may stand in for a new verification with the same inputs: a definite answer for `ttlMs`;
 * refused credentials until the inputs (the Secret) change, so a wrong password is not retried into a lockout;
 * an unreachable directory not at all (the queue retries with backoff).
 */
export function memoLifetimeMs(result: DirectoryResult, ttlMs: number): number {
  if (result.kind === 'verified') return ttlMs;
  if (result.blocked.kind === 'retrying') return 0;
  return result.blocked.kind === 'stalled' && result.blocked.reason === 'DirectoryBindFailed'
    ? Number.POSITIVE_INFINITY
    : ttlMs;
}

// The pure half of directory verification: from what was read out of AD, the findings that tell a platform
// engineer (and the AD admin) whether the gMSA setup works and exactly what to change when it does not.
import { DirectoryDataError } from './bytes.js';
import type { DirectoryAccount, DirectoryPrincipal, DomainFacts } from './facts.js';
import { sameGuid } from './guid.js';
import { logonTokenSids, type RetrievalEvaluation } from './passwordRetrieval.js';
import { membershipOf } from './membership.js';
import { sameSid } from './sid.js';
import {
  accountMessages,
  domainMismatchMessage,
  principalNotFoundMessage,
  type Naming,
} from './verificationMessages.js';

/** The domain as the spec gives it; omitted fields are discovered, given ones are checked. */
export interface DomainExpectation {
  dnsName: string;
  sid?: string;
  guid?: string;
  netBiosName?: string;
}

/** Whose permission to retrieve the passwords is checked. */
export type PrincipalToCheck =
  /** Domainless: the account the operator binds as (the domainless user). */
  | { kind: 'bind-user' }
  /** Domain-joined: the group of the ECS hosts' computer accounts, by sAMAccountName or SID. */
  | { kind: 'host-group'; group: string };

/** What to verify. */
export interface VerificationRequest {
  domain: DomainExpectation;
  /** gMSA names without the trailing `$`: the primary account first, then additional accounts. */
  accounts: string[];
  /**
   * Further gMSAs with the domain they belong to (a CredSpec's additionalAccounts): checked when the scope is
   * this domain's DNS or NetBIOS name (known only after discovery), left alone otherwise.
   */
  scopedAccounts?: { name: string; scope: string }[];
  principal: PrincipalToCheck;
}

/** True when `scope` names `domain` by its DNS or NetBIOS name (any case). */
export function scopeIsDomain(scope: string, domain: Pick<DomainFacts, 'dnsName' | 'netBiosName'>): boolean {
  const s = scope.toLowerCase();
  return s === domain.dnsName.toLowerCase() || s === domain.netBiosName.toLowerCase();
}

/** Every account name to look up in `domain`: the listed ones, then the scoped ones in this domain. */
export function accountsToCheck(request: VerificationRequest, domain: DomainFacts): string[] {
  const scoped = (request.scopedAccounts ?? []).filter((a) => scopeIsDomain(a.scope, domain)).map((a) => a.name);
  return [...request.accounts, ...scoped];
}

/** Everything read from AD for one verification. */
export interface GatheredDirectory {
  domain: DomainFacts;
  /** Undefined when a host group was not found. */
  principal?: DirectoryPrincipal;
  accounts: { name: string; entry?: DirectoryAccount }[];
  /** sAMAccountName by SID (any case) for the trustees named in the descriptors. */
  names: ReadonlyMap<string, string>;
}

/** The vocabulary of findings. */
export type FindingCode =
  | 'domain-dns-name-mismatch'
  | 'domain-sid-mismatch'
  | 'domain-guid-mismatch'
  | 'domain-netbios-name-mismatch'
  | 'principal-not-found'
  | 'account-not-found'
  | 'account-not-gmsa'
  | 'membership-missing'
  | 'membership-unreadable'
  | 'retrieval-not-granted'
  | 'retrieval-denied'
  | 'retrieval-no-dacl'
  | 'retrieval-null-dacl'
  | 'retrieval-granted';

/** One conclusion. `error` findings make the verification fail; `ok` ones record what was confirmed. */
export interface Finding {
  code: FindingCode;
  severity: 'error' | 'ok';
  /** The gMSA concerned (name without `$`), for account findings. */
  account?: string;
  /** The domain field concerned, for mismatch findings: `dnsName`, `sid`, `guid` or `netBiosName`. */
  field?: keyof DomainExpectation;
  /** For `retrieval-granted`: the group (or well-known SID) the grant came through, absent when direct. */
  grantedVia?: string;
  /** A complete sentence naming the account, the principal and what to change. Contains no secret. */
  message: string;
}

/** Per account: what was found. */
export interface AccountVerification {
  name: string;
  dn?: string;
  sid?: string;
  isGmsa: boolean;
  retrieval?: RetrievalEvaluation['outcome'];
}

/** The outcome: discovered facts and findings. `verified` is true when no finding is an error. */
export interface DirectoryVerification {
  verified: boolean;
  domain: DomainFacts;
  principal?: { dn: string; samAccountName: string; sid: string; groupSids: string[] };
  accounts: AccountVerification[];
  findings: Finding[];
}

/** The trustee SIDs of every decodable msDS-GroupMSAMembership (to look their names up). */
export function trusteeSids(accounts: GatheredDirectory['accounts']): string[] {
  const sids: string[] = [];
  for (const { entry } of accounts) {
    const sd = entry ? membershipOf(entry) : undefined;
    if (!sd || sd instanceof DirectoryDataError) continue;
    for (const ace of sd.dacl?.aces ?? [])
      if (ace.sid && !sids.some((s) => sameSid(s, ace.sid ?? ''))) sids.push(ace.sid);
  }
  return sids;
}

function domainFindings(expected: DomainExpectation, actual: DomainFacts): Finding[] {
  const checks: [keyof DomainExpectation, string | undefined, string, (a: string, b: string) => boolean][] = [
    ['dnsName', expected.dnsName, actual.dnsName, (a, b) => a.toLowerCase() === b.toLowerCase()],
    ['sid', expected.sid, actual.sid, sameSid],
    ['guid', expected.guid, actual.guid, sameGuid],
    ['netBiosName', expected.netBiosName, actual.netBiosName, (a, b) => a.toUpperCase() === b.toUpperCase()],
  ];
  const codes = {
    dnsName: 'domain-dns-name-mismatch',
    sid: 'domain-sid-mismatch',
    guid: 'domain-guid-mismatch',
    netBiosName: 'domain-netbios-name-mismatch',
  } as const;
  return checks
    .filter(([, given, found, same]) => given !== undefined && !same(given, found))
    .map(([field, given, found]) => ({
      code: codes[field],
      severity: 'error',
      field,
      message: domainMismatchMessage(field, given ?? '', found, actual.dnsName),
    }));
}

/**
 * Evaluates what was gathered against the request. Never throws for AD content: a malformed descriptor is a
 * `membership-unreadable` finding.
 */
export function evaluateDirectory(request: VerificationRequest, gathered: GatheredDirectory): DirectoryVerification {
  const { domain, principal } = gathered;
  const naming: Naming = { domain, names: gathered.names, principal, request };
  const findings = domainFindings(request.domain, domain);
  const accounts: AccountVerification[] = [];
  if (!principal && request.principal.kind === 'host-group')
    findings.push({
      code: 'principal-not-found',
      severity: 'error',
      message: principalNotFoundMessage(request.principal.group, domain.dnsName),
    });
  const tokenSids = principal ? logonTokenSids(principal.sid, principal.groupSids) : [];
  for (const { name, entry } of gathered.accounts) {
    const result = accountMessages({ name, entry, tokenSids, naming });
    accounts.push(result.verification);
    findings.push(...result.findings);
  }
  const verified = findings.every((f) => f.severity !== 'error');
  const summary = principal
    ? {
        dn: principal.dn,
        samAccountName: principal.samAccountName,
        sid: principal.sid,
        groupSids: [...principal.groupSids],
      }
    : undefined;
  return { verified, domain, ...(summary ? { principal: summary } : {}), accounts, findings };
}

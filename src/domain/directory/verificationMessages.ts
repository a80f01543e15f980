// Messages of directory verification: each names the account, the principal and the PowerShell that fixes it.
import { DirectoryDataError } from './bytes.js';
import { GMSA_OBJECT_CLASS, type DirectoryAccount, type DirectoryPrincipal, type DomainFacts } from './facts.js';
import { evaluatePasswordRetrieval, type IgnoredGrantReason, type RetrievalEvaluation } from './passwordRetrieval.js';
import { sameSid } from './sid.js';
import type { AccountVerification, DomainExpectation, Finding, VerificationRequest } from './verification.js';
import { membershipOf } from './membership.js';
import { wellKnownSidName } from './wellKnownNames.js';

/** What messages need to name things. */
export interface Naming {
  domain: DomainFacts;
  names: ReadonlyMap<string, string>;
  principal?: DirectoryPrincipal;
  request: VerificationRequest;
}

function samOf(naming: Naming, sid: string): string | undefined {
  for (const [key, value] of naming.names) if (sameSid(key, sid)) return value;
  if (naming.principal && sameSid(naming.principal.sid, sid)) return naming.principal.samAccountName;
  return undefined;
}

/** The Windows name of a well-known SID, `CORP\name` for a domain account, else the SID itself. */
export function displayName(naming: Naming, sid: string): string {
  const wellKnown = wellKnownSidName(sid);
  if (wellKnown !== undefined) return wellKnown;
  const sam = samOf(naming, sid);
  return sam !== undefined ? `${naming.domain.netBiosName}\\${sam}` : sid;
}

/** How PowerShell's AD cmdlets accept the principal: its sAMAccountName, else its SID. */
function identity(naming: Naming, sid: string): string {
  const id = samOf(naming, sid) ?? sid;
  return /^[A-Za-z0-9._-]+\$?$/.test(id) ? id : `'${id.replace(/'/g, "''")}'`;
}

function principalDisplay(naming: Naming): string {
  if (naming.principal) return `${naming.domain.netBiosName}\\${naming.principal.samAccountName}`;
  return naming.request.principal.kind === 'host-group' ? naming.request.principal.group : 'the bind user';
}

function principalIdentity(naming: Naming): string {
  return naming.principal ? identity(naming, naming.principal.sid) : principalDisplay(naming);
}

function setCommand(account: string, identities: string[]): string {
  return `Set-ADServiceAccount -Identity ${account} -PrincipalsAllowedToRetrieveManagedPassword ${identities.join(', ')}`;
}

/** The identities to write so that the principal is added and everyone allowed today stays allowed. */
function identitiesWithPrincipal(naming: Naming, allowedSids: string[]): string[] {
  const keep = allowedSids
    .filter((sid) => !naming.principal || !sameSid(sid, naming.principal.sid))
    .map((sid) => identity(naming, sid));
  return [...keep, principalIdentity(naming)];
}

const FIELD_LABEL: Record<keyof DomainExpectation, string> = {
  dnsName: 'DNS name',
  sid: 'domain SID',
  guid: 'domain GUID',
  netBiosName: 'NetBIOS name',
};

/** The mismatch of a given domain field with what the domain controllers report. */
export function domainMismatchMessage(
  field: keyof DomainExpectation,
  given: string,
  found: string,
  dnsName: string,
): string {
  if (field === 'dnsName') {
    return `the domain controllers reached serve the domain ${found}, not ${given}: point the directory connection at ${given}'s domain controllers, or correct the DNS name`;
  }
  return `the ${FIELD_LABEL[field]} given in the spec is ${given} but ${dnsName} has ${FIELD_LABEL[field]} ${found}: correct it, or omit it to use the discovered value`;
}

/** The configured host group does not exist. */
export function principalNotFoundMessage(group: string, dnsName: string): string {
  return `the host group ${group} does not exist in ${dnsName}: create it (New-ADGroup -Name ${group} -GroupScope Global -GroupCategory Security), add the ECS container instances' computer accounts to it, or correct the host group in the spec`;
}

const IGNORED_REASON: Record<IgnoredGrantReason, string> = {
  'generic-rights-only': 'carries only generic rights, which this check does not map (it needs ReadProperty, 0x10)',
  'object-ace': 'is an object ACE, which domain controllers skip for this check',
  'callback-ace': 'is a conditional ACE, which cannot be confirmed here',
  'inherit-only': 'is inherit-only, so it does not apply to the account itself',
};

function notGrantedMessage(account: string, naming: Naming, evaluation: RetrievalEvaluation): string {
  const who = principalDisplay(naming);
  const allowed = evaluation.allowedSids.map((sid) => displayName(naming, sid));
  const today =
    allowed.length > 0
      ? `msDS-GroupMSAMembership allows only ${allowed.join(', ')}`
      : 'msDS-GroupMSAMembership allows no one';
  const ignored = evaluation.ignoredGrants
    .map((g) => `; the entry for ${displayName(naming, g.sid)} ${IGNORED_REASON[g.reason]}`)
    .join('');
  return `gMSA ${account} does not let ${who} retrieve its managed password: ${today}${ignored}. In AD run: ${setCommand(account, identitiesWithPrincipal(naming, evaluation.allowedSids))}`;
}

function deniedMessage(account: string, naming: Naming, evaluation: RetrievalEvaluation): string {
  const who = principalDisplay(naming);
  const denied = displayName(naming, evaluation.decidingSid ?? '');
  const through =
    naming.principal && evaluation.decidingSid && !sameSid(evaluation.decidingSid, naming.principal.sid)
      ? ` (${who} is a member)`
      : '';
  return `gMSA ${account} denies ${who} retrieval of its managed password: msDS-GroupMSAMembership has a deny entry for ${denied}${through} ahead of any grant. Remove it; rewriting the list does: ${setCommand(account, identitiesWithPrincipal(naming, evaluation.allowedSids))}`;
}

function grantedFinding(account: string, naming: Naming, evaluation: RetrievalEvaluation): Finding {
  const who = principalDisplay(naming);
  const via =
    evaluation.decidingSid && naming.principal && !sameSid(evaluation.decidingSid, naming.principal.sid)
      ? displayName(naming, evaluation.decidingSid)
      : undefined;
  const how = via ? `through ${via}` : 'directly';
  return {
    code: 'retrieval-granted',
    severity: 'ok',
    account,
    ...(via ? { grantedVia: via } : {}),
    message: `${who} may retrieve the managed password of gMSA ${account} (granted ${how})`,
  };
}

function retrievalFinding(account: string, naming: Naming, evaluation: RetrievalEvaluation): Finding {
  switch (evaluation.outcome) {
    case 'granted':
      return grantedFinding(account, naming, evaluation);
    case 'denied':
      return {
        code: 'retrieval-denied',
        severity: 'error',
        account,
        message: deniedMessage(account, naming, evaluation),
      };
    case 'no-dacl':
      return {
        code: 'retrieval-no-dacl',
        severity: 'error',
        account,
        message: `gMSA ${account} has a msDS-GroupMSAMembership without a DACL, which Windows domain controllers read as "everyone may retrieve the password" and Samba as "no one": set an explicit list. In AD run: ${setCommand(account, [principalIdentity(naming)])}`,
      };
    case 'null-dacl':
      return {
        code: 'retrieval-null-dacl',
        severity: 'error',
        account,
        message: `gMSA ${account} has a msDS-GroupMSAMembership with a null DACL, so every domain controller lets anyone retrieve its password: set an explicit list. In AD run: ${setCommand(account, [principalIdentity(naming)])}`,
      };
    default:
      return {
        code: 'retrieval-not-granted',
        severity: 'error',
        account,
        message: notGrantedMessage(account, naming, evaluation),
      };
  }
}

function kindOf(entry: DirectoryAccount): string {
  const classes = entry.objectClasses.map((c) => c.toLowerCase());
  if (classes.includes('computer')) return 'a computer account';
  if (classes.includes('user')) return 'a user account';
  if (classes.includes('group')) return 'a group';
  return `an object of class ${entry.objectClasses.at(-1) ?? 'unknown'}`;
}

function newCommand(account: string, naming: Naming): string {
  return `New-ADServiceAccount -Name ${account} -DNSHostName ${account}.${naming.domain.dnsName} -PrincipalsAllowedToRetrieveManagedPassword ${principalIdentity(naming)}`;
}

/** The verification of one account and its findings. */
export function accountMessages(input: {
  name: string;
  entry?: DirectoryAccount;
  tokenSids: string[];
  naming: Naming;
}): { verification: AccountVerification; findings: Finding[] } {
  const { name, entry, tokenSids, naming } = input;
  const error = (code: Finding['code'], message: string): Finding => ({
    code,
    severity: 'error',
    account: name,
    message,
  });
  if (!entry) {
    return {
      verification: { name, isGmsa: false },
      findings: [
        error(
          'account-not-found',
          `gMSA ${name} does not exist in ${naming.domain.dnsName} (no account with sAMAccountName ${name}$). In AD run: ${newCommand(name, naming)}`,
        ),
      ],
    };
  }
  const base = { name, dn: entry.dn, ...(entry.sid ? { sid: entry.sid } : {}) };
  if (!entry.objectClasses.some((c) => c.toLowerCase() === GMSA_OBJECT_CLASS.toLowerCase())) {
    return {
      verification: { ...base, isGmsa: false },
      findings: [
        error(
          'account-not-gmsa',
          `${name}$ in ${naming.domain.dnsName} is ${kindOf(entry)} (${entry.dn}), not a group managed service account (objectClass ${GMSA_OBJECT_CLASS}). Use the name of an existing gMSA, or rename or remove that account and create the gMSA: ${newCommand(name, naming)}`,
        ),
      ],
    };
  }
  const sd = membershipOf(entry);
  if (sd === undefined) {
    return {
      verification: { ...base, isGmsa: true },
      findings: [
        error(
          'membership-missing',
          `gMSA ${name} has no msDS-GroupMSAMembership (or ${principalDisplay(naming)} may not read it), so no one may retrieve its password. In AD run: ${setCommand(name, [principalIdentity(naming)])}`,
        ),
      ],
    };
  }
  if (sd instanceof DirectoryDataError) {
    return {
      verification: { ...base, isGmsa: true },
      findings: [
        error(
          'membership-unreadable',
          `the msDS-GroupMSAMembership of gMSA ${name} is not a valid security descriptor (${sd.message}). In AD rewrite it: ${setCommand(name, [principalIdentity(naming)])}`,
        ),
      ],
    };
  }
  if (!naming.principal) return { verification: { ...base, isGmsa: true }, findings: [] };
  const evaluation = evaluatePasswordRetrieval({
    descriptor: sd,
    tokenSids,
    ...(entry.sid ? { accountSid: entry.sid } : {}),
  });
  return {
    verification: { ...base, isGmsa: true, retrieval: evaluation.outcome },
    findings: [retrievalFinding(name, naming, evaluation)],
  };
}

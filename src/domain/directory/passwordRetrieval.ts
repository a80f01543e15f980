// Whether msDS-GroupMSAMembership lets a principal retrieve a gMSA's managed password, decided as a DC does:
// an access check of RIGHT_DS_READ_PROPERTY against that descriptor with the principal's token (MS-ADTS
// 3.1.1.4.4; Samba's gmsa_allowed_to_view_managed_password), ACEs read in order (MS-DTYP 2.5.3.2).
// Where DCs differ, the answer is the cautious one, so "granted" is never a guess.
import { AccessRight, mapGenericRights } from './accessMask.js';
import { AceFlag, type Ace, type SecurityDescriptor } from './securityDescriptor.js';
import { sameSid, WellKnownSid } from './sid.js';

/** The right a DC checks before it returns msDS-ManagedPassword. */
export const PASSWORD_RETRIEVAL_RIGHT = AccessRight.readProperty;

/**
 * `granted`/`denied`: decided by one ACE; `not-granted`: no ACE allows it; `no-dacl`: DACL_PRESENT is clear
 * (Windows lets everyone retrieve the password, Samba no one); `null-dacl`: a DACL present but null (every
 * DC lets everyone retrieve it). Neither is ever reported as granted.
 */
export type RetrievalOutcome = 'granted' | 'denied' | 'not-granted' | 'no-dacl' | 'null-dacl';

/** Why an ACE naming the principal did not count as a grant. */
export type IgnoredGrantReason =
  /** Only generic rights (e.g. GenericAll): the check compares the specific ReadProperty bit. */
  | 'generic-rights-only'
  /** An object ACE: this check passes no object types, so DCs skip it (Samba skips every object ACE). */
  | 'object-ace'
  /** A conditional (callback) ACE, which this evaluation cannot decide. */
  | 'callback-ace'
  /** Marked inherit-only: it applies to child objects, not to this check. */
  | 'inherit-only';

/** The result of evaluating one descriptor for one token. */
export interface RetrievalEvaluation {
  outcome: RetrievalOutcome;
  /** The trustee of the deciding ACE: the allowing one (`granted`) or the denying one (`denied`). */
  decidingSid?: string;
  /** Every trustee a plain ACCESS_ALLOWED ACE gives ReadProperty to, in DACL order (who may retrieve today). */
  allowedSids: string[];
  /** ACEs naming the principal that look like a grant but are not one, with the reason. */
  ignoredGrants: { sid: string; reason: IgnoredGrantReason }[];
}

/** What to evaluate. */
export interface RetrievalRequest {
  descriptor: SecurityDescriptor;
  /** Every SID in the principal's token: its own, its groups', and the well-known ones (see logonTokenSids). */
  tokenSids: readonly string[];
  /** The gMSA's own SID: an ACE for SELF (S-1-5-10) stands for it. */
  accountSid?: string;
}

/**
 * The SIDs a DC puts into the token of an account that authenticates over the network: its own SID, its
 * groups (tokenGroups, transitively), Everyone, Authenticated Users and This Organization.
 */
export function logonTokenSids(principalSid: string, groupSids: readonly string[]): string[] {
  const all = [
    principalSid,
    ...groupSids,
    WellKnownSid.everyone,
    WellKnownSid.authenticatedUsers,
    WellKnownSid.thisOrganization,
  ];
  return all.filter((sid, i) => all.findIndex((other) => sameSid(other, sid)) === i);
}

type Effect = { kind: 'grant' } | { kind: 'deny' } | { kind: 'ignored'; reason: IgnoredGrantReason } | { kind: 'none' };

const READ = PASSWORD_RETRIEVAL_RIGHT;

const ALLOW_IGNORED: Partial<Record<Ace['type'], IgnoredGrantReason>> = {
  'access-allowed-object': 'object-ace',
  'access-allowed-callback': 'callback-ace',
  'access-allowed-callback-object': 'callback-ace',
};

/** What one ACE that names a SID of the token does to the ReadProperty request. */
function effectOf(ace: Ace): Effect {
  const mask = ace.mask ?? 0;
  if ((mapGenericRights(mask) & READ) === 0) return { kind: 'none' };
  const inheritOnly = (ace.flags & AceFlag.inheritOnly) !== 0;
  const isAllow = ace.type === 'access-allowed' || ALLOW_IGNORED[ace.type] !== undefined;
  if (!isAllow) return denyEffect(ace, inheritOnly);
  if (inheritOnly) return { kind: 'ignored', reason: 'inherit-only' };
  const ignored = ALLOW_IGNORED[ace.type];
  if (ignored) return { kind: 'ignored', reason: ignored };
  return (mask & READ) !== 0 ? { kind: 'grant' } : { kind: 'ignored', reason: 'generic-rights-only' };
}

/**
 * Deny ACEs count with generic rights mapped, and object or callback denies without an object type count
 * too: Windows applies those, and a grant must hold on every DC.
 */
function denyEffect(ace: Ace, inheritOnly: boolean): Effect {
  if (inheritOnly) return { kind: 'none' };
  if (ace.type === 'access-denied' || ace.type === 'access-denied-callback') return { kind: 'deny' };
  if (
    (ace.type === 'access-denied-object' || ace.type === 'access-denied-callback-object') &&
    ace.objectType === undefined
  )
    return { kind: 'deny' };
  return { kind: 'none' };
}

function trusteeOf(ace: Ace, accountSid: string | undefined): string | undefined {
  if (ace.sid !== undefined && accountSid !== undefined && sameSid(ace.sid, WellKnownSid.self)) return accountSid;
  return ace.sid;
}

function allowedSidsOf(aces: readonly Ace[], accountSid: string | undefined): string[] {
  const out: string[] = [];
  for (const ace of aces) {
    const sid = trusteeOf(ace, accountSid);
    const plainGrant =
      ace.type === 'access-allowed' && ((ace.mask ?? 0) & READ) !== 0 && (ace.flags & AceFlag.inheritOnly) === 0;
    if (plainGrant && sid !== undefined && !out.some((s) => sameSid(s, sid))) out.push(sid);
  }
  return out;
}

/**
 * Evaluates whether `tokenSids` may retrieve the managed password under `descriptor`. ACEs are read in
 * order: the first deny that covers ReadProperty ends with `denied`, the first allow with `granted`.
 * An allow with only generic rights, an object ACE or a conditional ACE is not a grant (listed in
 * ignoredGrants). A descriptor without a DACL is `no-dacl`, one with a null DACL `null-dacl`: never
 * `granted`, as the first means different things to different DCs and the second exposes the password.
 */
export function evaluatePasswordRetrieval(req: RetrievalRequest): RetrievalEvaluation {
  const { descriptor, tokenSids, accountSid } = req;
  const aces = descriptor.dacl?.aces ?? [];
  const result: RetrievalEvaluation = {
    outcome: 'not-granted',
    allowedSids: allowedSidsOf(aces, accountSid),
    ignoredGrants: [],
  };
  if (!descriptor.daclPresent) return { ...result, outcome: 'no-dacl' };
  if (descriptor.dacl === undefined) return { ...result, outcome: 'null-dacl' };
  return { ...result, ...decide(aces, tokenSids, accountSid) };
}

/** Reads the ACEs in order until one decides; collects the look-alike grants on the way. */
function decide(
  aces: readonly Ace[],
  tokenSids: readonly string[],
  accountSid: string | undefined,
): Pick<RetrievalEvaluation, 'outcome' | 'decidingSid' | 'ignoredGrants'> {
  const ignoredGrants: RetrievalEvaluation['ignoredGrants'] = [];
  for (const ace of aces) {
    const trustee = trusteeOf(ace, accountSid);
    if (trustee === undefined || !tokenSids.some((t) => sameSid(t, trustee))) continue;
    const effect = effectOf(ace);
    if (effect.kind === 'grant') return { outcome: 'granted', decidingSid: trustee, ignoredGrants };
    if (effect.kind === 'deny') return { outcome: 'denied', decidingSid: trustee, ignoredGrants };
    if (effect.kind === 'ignored') ignoredGrants.push({ sid: trustee, reason: effect.reason });
  }
  return { outcome: 'not-granted', ignoredGrants };
}

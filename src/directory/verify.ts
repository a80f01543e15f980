// Directory verification: reads what it needs through the DirectorySession port, then decides with pure code.
import type { DirectoryAccount, DirectoryPrincipal } from '../domain/directory/facts.js';
import {
  accountsToCheck,
  evaluateDirectory,
  trusteeSids,
  type DirectoryVerification,
  type VerificationRequest,
} from '../domain/directory/verification.js';
import type { DirectorySession } from './port.js';

function uniqueAccounts(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Verifies the gMSA accounts of `request` against the domain: discovers SID, GUID and names (checking those
 * given), finds each account, and evaluates whether the principal (the bind user, or the host group) may
 * retrieve each password. Resolves with facts and findings for every definite answer from AD, including
 * misconfiguration; rejects with a DirectoryError only when AD could not be asked (see DirectoryError.kind).
 * Costs 3 searches for the domain, 2 for the principal, 1 per account and 1 for naming the allowed
 * principals (none when no account has a readable descriptor).
 */
export async function verifyDirectory(
  session: DirectorySession,
  request: VerificationRequest,
): Promise<DirectoryVerification> {
  const domain = await session.readDomain();
  const principal: DirectoryPrincipal | undefined =
    request.principal.kind === 'bind-user'
      ? await session.readBindPrincipal()
      : await session.findGroup(request.principal.group);
  const accounts: { name: string; entry?: DirectoryAccount }[] = [];
  for (const name of uniqueAccounts(accountsToCheck(request, domain))) {
    const entry = await session.findAccount(`${name}$`);
    accounts.push(entry ? { name, entry } : { name });
  }
  const sids = trusteeSids(accounts);
  const names = sids.length > 0 ? await session.lookupNames(sids) : new Map<string, string>();
  return evaluateDirectory(request, { domain, ...(principal ? { principal } : {}), accounts, names });
}

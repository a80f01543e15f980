// The port verification talks to: one bound session with a domain controller. The LDAP adapter implements it;
// tests of pure logic can implement it over fixed data.
import type { DirectoryAccount, DirectoryPrincipal, DomainFacts } from '../domain/directory/facts.js';

/** A bound session. Every method may reject with a DirectoryError; none returns or logs a password. */
export interface DirectorySession {
  /** The domain controller that answered, e.g. `ldaps://dc1.corp.example.com:636 (10.0.0.5)`. */
  readonly server: string;
  /** The domain's DNS and NetBIOS names, SID and GUID (3 searches, the rootDSE one cached for the session). */
  readDomain(): Promise<DomainFacts>;
  /** The account with this sAMAccountName (give the `$`), or `undefined` (1 search). */
  findAccount(samAccountName: string): Promise<DirectoryAccount | undefined>;
  /** The account the session is bound as, with its tokenGroups (2 searches). */
  readBindPrincipal(): Promise<DirectoryPrincipal>;
  /** A security group by sAMAccountName or SID, with the groups it belongs to transitively, or `undefined` (2 searches). */
  findGroup(nameOrSid: string): Promise<DirectoryPrincipal | undefined>;
  /** sAMAccountName by SID for the SIDs that name domain objects (1 search per 100 SIDs; none for an empty list). */
  lookupNames(sids: readonly string[]): Promise<Map<string, string>>;
  /** Unbinds and closes the connection. Idempotent; never rejects. */
  close(): Promise<void>;
}

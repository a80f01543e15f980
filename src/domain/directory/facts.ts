// What the operator reads from Active Directory, as plain values (the LDAP adapter fills them).

/** The domain, as its domain controllers report it. */
export interface DomainFacts {
  /** DNS name of the domain (the crossRef's dnsRoot), e.g. `corp.example.com`. */
  dnsName: string;
  /** NetBIOS name of the domain (the crossRef's nETBIOSName), e.g. `CORP`. */
  netBiosName: string;
  /** objectSid of the domain object, e.g. `S-1-5-21-1-2-3`. */
  sid: string;
  /** objectGUID of the domain object, lowercase 8-4-4-4-12. */
  guid: string;
  /** The domain's naming context (rootDSE defaultNamingContext), e.g. `DC=corp,DC=example,DC=com`. */
  namingContext: string;
}

/** An account found by sAMAccountName. */
export interface DirectoryAccount {
  dn: string;
  /** With the trailing `$` of computer-like accounts. */
  samAccountName: string;
  /** Every objectClass value, e.g. `top, person, organizationalPerson, user, computer, msDS-GroupManagedServiceAccount`. */
  objectClasses: string[];
  sid?: string;
  dnsHostName?: string;
  /** The raw msDS-GroupMSAMembership security descriptor; absent when the attribute is empty or unreadable. */
  groupMsaMembership?: Uint8Array;
}

/** A security principal (the bind user, or a host group) with the groups it belongs to. */
export interface DirectoryPrincipal {
  dn: string;
  samAccountName: string;
  sid: string;
  /** SIDs of every security group it belongs to, transitively (for a user: its tokenGroups). */
  groupSids: string[];
}

/** The objectClass of group managed service accounts. */
export const GMSA_OBJECT_CLASS = 'msDS-GroupManagedServiceAccount';

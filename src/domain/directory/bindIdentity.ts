// The account name a bind uses, in the three forms AD accepts, and the search that finds the account again.
import { escapeFilterValue } from './ldapFilter.js';

/** A bind name: a DN, `DOMAIN\user`, a user principal name `user@suffix`, or a bare sAMAccountName. */
export type BindIdentity =
  | { form: 'dn'; dn: string }
  | { form: 'down-level'; domain: string; samAccountName: string }
  | { form: 'upn'; upn: string; user: string; suffix: string }
  | { form: 'sam'; samAccountName: string };

function splitDownLevel(name: string, slash: number): BindIdentity {
  const [domain, samAccountName] = [name.slice(0, slash), name.slice(slash + 1)];
  if (domain === '' || samAccountName === '' || samAccountName.includes('\\'))
    throw new Error(`bind user "${name}" is not DOMAIN\\user`);
  return { form: 'down-level', domain, samAccountName };
}

function splitUpn(name: string, at: number): BindIdentity {
  const [user, suffix] = [name.slice(0, at), name.slice(at + 1)];
  if (user === '' || suffix === '') throw new Error(`bind user "${name}" is not user@domain`);
  return { form: 'upn', upn: name, user, suffix };
}

/** Parses a bind name; throws on an empty or malformed one (the message shows the name, never a password). */
export function parseBindIdentity(username: string): BindIdentity {
  const name = username.trim();
  if (name === '') throw new Error('the bind user name is empty');
  if (/^[A-Za-z][\w-]*=/.test(name) && name.includes(',')) return { form: 'dn', dn: name };
  const slash = name.indexOf('\\');
  if (slash >= 0) return splitDownLevel(name, slash);
  const at = name.lastIndexOf('@');
  if (at >= 0) return splitUpn(name, at);
  return { form: 'sam', samAccountName: name };
}

/**
 * The filter that finds the bound account in the domain. A UPN also matches the implicit UPN AD accepts,
 * `<sAMAccountName>@<domain DNS name>`; the caller prefers an entry whose userPrincipalName matches.
 * `undefined` for a DN (read it with a base search).
 */
export function bindIdentityFilter(id: BindIdentity, domainDnsName: string): string | undefined {
  switch (id.form) {
    case 'dn':
      return undefined;
    case 'down-level':
    case 'sam':
      return `(sAMAccountName=${escapeFilterValue(id.samAccountName)})`;
    case 'upn': {
      const upn = `(userPrincipalName=${escapeFilterValue(id.upn)})`;
      const implicit =
        id.suffix.toLowerCase() === domainDnsName.toLowerCase() ? `(sAMAccountName=${escapeFilterValue(id.user)})` : '';
      return implicit ? `(|${upn}${implicit})` : upn;
    }
  }
}

/**
 * The name to bind with for a Secret's `username`: kept when it is a DN, `DOMAIN\user` or `user@suffix`; a bare
 * sAMAccountName becomes the implicit UPN `user@<domainName>` that AD accepts for every account.
 */
export function bindNameFor(username: string, domainName: string): string {
  const name = username.trim();
  return parseBindIdentity(name).form === 'sam' ? `${name}@${domainName}` : name;
}

// Which Active Directory domains and domain controllers a namespace may point the operator at: the patterns
// of a tenancy rule's `directories`, written the way they are matched. Pure.
import { LDAP_PORT, LDAPS_PORT } from '../directory/serverUrl.js';
import { globMatcher } from './patterns.js';

/**
 * A tenancy rule's `directories`: DNS SRV discovery per domain, explicit controllers per URL. In these patterns
 * `*` stays within one DNS label (it never crosses ".", ":" or "/": `10.0.0.*` is not `10.0.0.5.nip.io`) and
 * `**` crosses labels (`**.corp.example.com`).
 */
export interface DirectoryAllowance {
  /** Domain DNS names (patterns, matched lowercase) whose controllers DNS SRV discovery may find, e.g. `corp.example.com`. */
  domains?: string[];
  /**
   * Explicit domain controller URLs (patterns) `ldaps://host[:port]` or `ldap://host[:port]`, e.g.
   * `ldaps://dc*.corp.example.com`. A pattern without a port means the scheme's (636, 389), so a tenant can
   * never name another port of an allowed host.
   */
  servers?: string[];
}

/** True when a directory `pattern` (domain, or canonical server URL) matches `value`: `*` within one label. */
export const directoryPatternMatches = globMatcher({ star: '[^./:]*', doubleStar: '[^/:]*' });

const SERVER_PATTERN = /^(ldaps?):\/\/([^/@?#\s]+?)(?::(\d{1,5}|\*))?\/?$/;

/** Why a server pattern cannot be used, or `undefined`. */
export function serverPatternProblem(pattern: string): string | undefined {
  const m = SERVER_PATTERN.exec(pattern);
  if (!m) return 'must be ldaps://host[:port] or ldap://host[:port] (host may use *), without user, path or query';
  if (m[2] === '*' || m[2] === '**') return 'a host of only "*" would allow every host: name the domain controllers';
  return undefined;
}

/** Why a domain pattern cannot be used, or `undefined`. */
export function domainPatternProblem(pattern: string): string | undefined {
  if (!/^[A-Za-z0-9*]([A-Za-z0-9*.-]*[A-Za-z0-9*])?$/.test(pattern))
    return 'must be a DNS name such as corp.example.com (a * may stand for part of it)';
  if (/^\*+$/.test(pattern)) return 'a domain of only "*" would allow every domain: name the domains';
  return undefined;
}

/** The pattern as matched: lowercase, the scheme's port written out when omitted. */
export function canonicalServerPattern(pattern: string): string {
  const m = SERVER_PATTERN.exec(pattern);
  if (!m?.[1] || !m[2]) return pattern;
  const port = m[3] ?? String(m[1] === 'ldaps' ? LDAPS_PORT : LDAP_PORT);
  return `${m[1]}://${m[2].toLowerCase()}:${port}`;
}

// Explicit domain controller URLs: parsed and written in one canonical form, so tenancy patterns and the
// connection see the same thing. Pure.

/** An explicit domain controller. */
export interface DirectoryUrl {
  /** ldaps: TLS from the first byte; ldap: StartTLS before the bind. */
  scheme: 'ldaps' | 'ldap';
  /** Lowercase host name, IPv4 address, or IPv6 address without brackets. */
  host: string;
  port: number;
}

export const LDAPS_PORT = 636;
export const LDAP_PORT = 389;

const URL_SHAPE = /^(ldaps?):\/\/(\[[0-9A-Fa-f:.]+\]|[^/:[\]@?#\s]+)(?::(\d{1,5}))?\/?$/;

/** Parses `ldaps://host[:port]` or `ldap://host[:port]`; a string saying what is wrong otherwise. */
export function parseDirectoryUrl(url: string): DirectoryUrl | string {
  const m = URL_SHAPE.exec(url);
  if (!m?.[1] || !m[2])
    return `"${url}" is not ldaps://host[:port] or ldap://host[:port] (no user, path, query or fragment)`;
  const scheme = m[1] as DirectoryUrl['scheme'];
  const port = m[3] === undefined ? (scheme === 'ldaps' ? LDAPS_PORT : LDAP_PORT) : Number(m[3]);
  if (port < 1 || port > 65535) return `"${url}" has port ${port}, outside 1-65535`;
  return { scheme, host: m[2].replace(/^\[(.*)\]$/, '$1').toLowerCase(), port };
}

/** `scheme://host:port`, port always written, host lowercase, IPv6 bracketed: what tenancy patterns match. */
export function canonicalDirectoryUrl(url: DirectoryUrl): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  return `${url.scheme}://${host}:${url.port}`;
}

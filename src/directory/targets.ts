// The ordered list of domain controllers to try: explicit URLs, or the DNS SRV records of the domain.
import { isIP } from 'node:net';
import { DirectoryError } from './errors.js';
import type { DirectoryConnectionOptions, DirectoryServerUrl, DirectoryTarget } from './options.js';
import type { DirectoryResolver, SrvTarget } from './resolver.js';

const LDAPS_PORT = 636;
const LDAP_PORT = 389;

/** Parses an explicit server URL; throws a DirectoryError (`other`) for anything but ldap:// or ldaps:// with a host. */
export function parseServerUrl(server: DirectoryServerUrl): {
  host: string;
  port: number;
  secure: boolean;
  tlsServerName: string;
} {
  let url: URL;
  try {
    url = new URL(server.url);
  } catch {
    throw new DirectoryError(
      'other',
      `"${server.url}" is not a URL; expected ldaps://host[:port] or ldap://host[:port] (StartTLS)`,
    );
  }
  const secure = url.protocol === 'ldaps:';
  if (!secure && url.protocol !== 'ldap:')
    throw new DirectoryError('other', `"${server.url}" is not an ldaps:// or ldap:// URL`);
  if (url.hostname === '' || (url.pathname !== '' && url.pathname !== '/'))
    throw new DirectoryError('other', `"${server.url}" must be scheme://host[:port] without a path`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (secure ? LDAPS_PORT : LDAP_PORT) : Number(url.port);
  return { host, port, secure, tlsServerName: server.tlsServerName ?? host };
}

function label(secure: boolean, name: string, port: number, address: string): string {
  const base = `${secure ? 'ldaps' : 'ldap'}://${name}:${port}`;
  return address === name ? base : `${base} (${address})`;
}

async function expand(
  resolver: DirectoryResolver,
  t: { host: string; port: number; secure: boolean; tlsServerName: string },
): Promise<DirectoryTarget[]> {
  const addresses = isIP(t.host) ? [t.host] : await resolver.resolveAddresses(t.host);
  return addresses.map((address) => ({
    label: label(t.secure, t.host, t.port, address),
    host: address,
    port: t.port,
    secure: t.secure,
    tlsServerName: t.tlsServerName,
  }));
}

/** Priority ascending, then weight descending (deterministic failover order). */
export function orderSrv(records: SrvTarget[]): SrvTarget[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.name.localeCompare(b.name));
}

async function discover(
  resolver: DirectoryResolver,
  dnsName: string,
  transport: 'ldaps' | 'starttls',
): Promise<DirectoryTarget[]> {
  const name = `_ldap._tcp.dc._msdcs.${dnsName}`;
  let records: SrvTarget[];
  try {
    records = await resolver.resolveSrv(name);
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new DirectoryError(
      'unreachable',
      `no domain controllers found for ${dnsName}: DNS SRV ${name} failed (${code})`,
    );
  }
  const targets: DirectoryTarget[] = [];
  for (const r of orderSrv(records)) {
    const secure = transport === 'ldaps';
    const host = r.name.replace(/\.$/, '');
    const found = await expand(resolver, {
      host,
      port: secure ? LDAPS_PORT : r.port,
      secure,
      tlsServerName: host,
    }).catch(() => []);
    targets.push(...found);
  }
  if (targets.length === 0)
    throw new DirectoryError(
      'unreachable',
      `no domain controllers found for ${dnsName}: DNS SRV ${name} returned ${records.length} record(s) and none resolved to an address`,
    );
  return targets;
}

/** The targets to try in order. Throws a DirectoryError when discovery finds none. */
export async function directoryTargets(
  options: DirectoryConnectionOptions,
  resolver: DirectoryResolver,
): Promise<DirectoryTarget[]> {
  if ('discover' in options) return discover(resolver, options.discover.dnsName, options.discover.transport ?? 'ldaps');
  if (options.servers.length === 0) throw new DirectoryError('other', 'no domain controller URLs given');
  const parsed = options.servers.map(parseServerUrl);
  const targets: DirectoryTarget[] = [];
  for (const p of parsed) {
    // A name the resolver cannot answer is still tried: the connection attempt then reports why it failed.
    const found = await expand(resolver, p).catch((): DirectoryTarget[] => [
      { ...p, label: label(p.secure, p.host, p.port, p.host) },
    ]);
    targets.push(...found);
  }
  return targets;
}

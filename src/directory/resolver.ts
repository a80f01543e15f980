// How domain controllers are found by name: DNS SRV records and host addresses, injectable for tests.
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One SRV answer. */
export interface SrvTarget {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** The DNS lookups the directory adapter makes. */
export interface DirectoryResolver {
  /** SRV records of `name` (e.g. `_ldap._tcp.dc._msdcs.corp.example.com`). */
  resolveSrv(name: string): Promise<SrvTarget[]>;
  /** The addresses of a host name (IP literals are returned as they are). */
  resolveAddresses(host: string): Promise<string[]>;
}

/** The system's resolver (resolv.conf, and getaddrinfo for host names). */
export function systemResolver(): DirectoryResolver {
  const resolver = new Resolver();
  return {
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolveAddresses: async (host) => (isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address)),
  };
}

/** A resolver asking only the given DNS servers (`ip` or `ip:port`), for SRV records and A/AAAA records alike. */
export function dnsServersResolver(servers: string[]): DirectoryResolver {
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  resolver.setServers(servers);
  return {
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolveAddresses: async (host) => {
      if (isIP(host)) return [host];
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
      const addresses = [
        ...(v4.status === 'fulfilled' ? v4.value : []),
        ...(v6.status === 'fulfilled' ? v6.value : []),
      ];
      if (addresses.length === 0) throw v4.status === 'rejected' ? v4.reason : new Error(`${host} has no address`);
      return addresses;
    },
  };
}

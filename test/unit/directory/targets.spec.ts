import { DirectoryError } from '../../../src/directory/errors.js';
import type { DirectoryResolver, SrvTarget } from '../../../src/directory/resolver.js';
import { directoryTargets, orderSrv, parseServerUrl } from '../../../src/directory/targets.js';

/** A resolver over fixed records, with real semantics: unknown names fail as DNS does (ENOTFOUND). */
function fixedResolver(srv: Record<string, SrvTarget[]>, hosts: Record<string, string[]>): DirectoryResolver {
  const notFound = (name: string): Error => Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return {
    resolveSrv: async (name) => srv[name] ?? Promise.reject(notFound(name)),
    resolveAddresses: async (host) => hosts[host] ?? (/^[\d.]+$/.test(host) ? [host] : Promise.reject(notFound(host))),
  };
}

const SRV = '_ldap._tcp.dc._msdcs.corp.example.com';
const resolver = fixedResolver(
  {
    [SRV]: [
      { name: 'dc2.corp.example.com', port: 389, priority: 0, weight: 50 },
      { name: 'dc3.corp.example.com', port: 389, priority: 10, weight: 100 },
      { name: 'dc1.corp.example.com', port: 389, priority: 0, weight: 100 },
      { name: 'gone.corp.example.com', port: 389, priority: 0, weight: 10 },
    ],
  },
  {
    'dc1.corp.example.com': ['10.0.0.1'],
    'dc2.corp.example.com': ['10.0.0.2', '10.0.0.22'],
    'dc3.corp.example.com': ['10.0.0.3'],
  },
);

describe('domain controller targets', () => {
  it('tries SRV records by priority, then weight, each address, over LDAPS on 636 with the host name as TLS name', async () => {
    const targets = await directoryTargets(
      { discover: { dnsName: 'corp.example.com' }, credentials: { username: 'u', password: 'p' } },
      resolver,
    );
    expect(targets.map((t) => [t.label, t.host, t.port, t.secure, t.tlsServerName])).toEqual([
      ['ldaps://dc1.corp.example.com:636 (10.0.0.1)', '10.0.0.1', 636, true, 'dc1.corp.example.com'],
      ['ldaps://dc2.corp.example.com:636 (10.0.0.2)', '10.0.0.2', 636, true, 'dc2.corp.example.com'],
      ['ldaps://dc2.corp.example.com:636 (10.0.0.22)', '10.0.0.22', 636, true, 'dc2.corp.example.com'],
      ['ldaps://dc3.corp.example.com:636 (10.0.0.3)', '10.0.0.3', 636, true, 'dc3.corp.example.com'],
    ]);
  });

  it('uses the SRV port with StartTLS when asked', async () => {
    const [first] = await directoryTargets(
      {
        discover: { dnsName: 'corp.example.com', transport: 'starttls' },
        credentials: { username: 'u', password: 'p' },
      },
      resolver,
    );
    expect(first).toMatchObject({ label: 'ldap://dc1.corp.example.com:389 (10.0.0.1)', port: 389, secure: false });
  });

  it('reports a domain without SRV records as unreachable, naming the record', async () => {
    const failure = directoryTargets(
      { discover: { dnsName: 'contoso.com' }, credentials: { username: 'u', password: 'p' } },
      resolver,
    );
    await expect(failure).rejects.toThrow(
      new DirectoryError(
        'unreachable',
        'no domain controllers found for contoso.com: DNS SRV _ldap._tcp.dc._msdcs.contoso.com failed (ENOTFOUND)',
      ),
    );
  });

  it('keeps explicit servers in order, with the TLS name given or the host', async () => {
    const targets = await directoryTargets(
      {
        servers: [
          { url: 'ldaps://10.0.0.9', tlsServerName: 'dc9.corp.example.com' },
          { url: 'ldap://dc1.corp.example.com:3890' },
          { url: 'ldaps://unknown.example' },
        ],
        credentials: { username: 'u', password: 'p' },
      },
      resolver,
    );
    expect(targets.map((t) => [t.label, t.host, t.port, t.secure, t.tlsServerName])).toEqual([
      ['ldaps://10.0.0.9:636', '10.0.0.9', 636, true, 'dc9.corp.example.com'],
      ['ldap://dc1.corp.example.com:3890 (10.0.0.1)', '10.0.0.1', 3890, false, 'dc1.corp.example.com'],
      ['ldaps://unknown.example:636', 'unknown.example', 636, true, 'unknown.example'],
    ]);
  });

  it.each<[string, string]>([
    ['http://dc1', '"http://dc1" is not an ldaps:// or ldap:// URL'],
    [
      'dc1.corp.example.com',
      '"dc1.corp.example.com" is not a URL; expected ldaps://host[:port] or ldap://host[:port] (StartTLS)',
    ],
    ['ldaps://dc1/DC=corp', '"ldaps://dc1/DC=corp" must be scheme://host[:port] without a path'],
    ['not a url', '"not a url" is not a URL; expected ldaps://host[:port] or ldap://host[:port] (StartTLS)'],
  ])('rejects the server URL %s', (url, message) => {
    expect(() => parseServerUrl({ url })).toThrow(new DirectoryError('other', message));
  });

  it('reads IPv6 hosts without brackets', () => {
    expect(parseServerUrl({ url: 'ldaps://[fd00::5]:1636' })).toEqual({
      host: 'fd00::5',
      port: 1636,
      secure: true,
      tlsServerName: 'fd00::5',
    });
  });

  it('orders equal priorities by weight, highest first, then by name', () => {
    const order = orderSrv([
      { name: 'b', port: 389, priority: 0, weight: 0 },
      { name: 'a', port: 389, priority: 0, weight: 0 },
      { name: 'c', port: 389, priority: 0, weight: 5 },
    ]);
    expect(order.map((r) => r.name)).toEqual(['c', 'a', 'b']);
  });
});

// Tenancy of spec.directory: a namespace points the operator only at the domains and domain controllers the
// platform allows (flags or a policy rule's directories), so it cannot probe arbitrary hosts.
import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { loadTenancyConfig } from '../../../src/cli/tenancyConfig.js';
import {
  canonicalServerPattern,
  domainPatternProblem,
  serverPatternProblem,
} from '../../../src/domain/tenancy/directories.js';
import { checkCredentialSpecTenancy } from '../../../src/domain/tenancy/check.js';
import { allowanceFor, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { parseTenancyPolicy } from '../../../src/domain/tenancy/policyFile.js';
import { credentialSpecReferences } from '../../../src/domain/tenancy/references.js';

const NS = 'team-a';

const spec = (
  directory: GmsaCredentialSpecSpec['directory'],
  dnsName = 'corp.example.com',
): GmsaCredentialSpecSpec => ({
  hostOs: 'Windows',
  account: 'WebApp01',
  domain: { dnsName },
  storage: { ssm: { parameterName: `/gmsa/${NS}/web` } },
  domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${NS}/web` },
  ...(directory ? { directory } : {}),
});

const config = (over: Partial<TenancyConfig> = {}): TenancyConfig => ({
  singleTenant: false,
  buckets: [],
  kmsKeys: [],
  ...over,
});

const messages = (c: TenancyConfig, s: GmsaCredentialSpecSpec): string[] =>
  checkCredentialSpecTenancy(c, NS, s).map((i) => `${i.field}: ${i.message}`);

describe('what spec.directory makes the operator contact', () => {
  it.each([
    ['no directory: nothing', undefined, []],
    [
      'DNS SRV discovery: the domain, lowercase',
      {},
      [{ field: 'spec.directory', kind: 'directoryDomain', value: 'corp.example.com' }],
    ],
    [
      "explicit URLs: each, canonical (the scheme's port written, host lowercase)",
      {
        servers: [
          { url: 'ldaps://DC1.corp.example.com' },
          { url: 'ldap://10.0.0.5:3268/' },
          { url: 'ldaps://[FD00::5]' },
        ],
      },
      [
        { field: 'spec.directory.servers[0].url', kind: 'directoryServer', value: 'ldaps://dc1.corp.example.com:636' },
        { field: 'spec.directory.servers[1].url', kind: 'directoryServer', value: 'ldap://10.0.0.5:3268' },
        { field: 'spec.directory.servers[2].url', kind: 'directoryServer', value: 'ldaps://[fd00::5]:636' },
      ],
    ],
    [
      'a URL that is not one: unrecognized, so it is refused',
      { servers: [{ url: 'ldaps://user@dc1.corp.example.com' }] },
      [
        {
          field: 'spec.directory.servers[0].url',
          kind: 'unrecognized',
          value: 'ldaps://user@dc1.corp.example.com',
          expected: 'an ldaps:// or ldap:// URL',
        },
      ],
    ],
  ])('%s', (_name, directory, expected) => {
    const refs = credentialSpecReferences(spec(directory, 'Corp.Example.com'));
    expect(refs.filter((r) => r.field.startsWith('spec.directory'))).toEqual(expected);
  });
});

describe('the default: only what the platform configures (none without flags)', () => {
  it('refuses discovery and explicit controllers when the operator was given none, saying how to allow them', () => {
    expect(messages(config(), spec({}))).toEqual([
      `spec.directory: DNS SRV discovery of the domain controllers of "corp.example.com" is not permitted for namespace "team-a" by the tenancy policy (none is allowed: the platform allows domains with the operator flag --directory-domain or a policy rule's directories.domains)`,
    ]);
    expect(messages(config(), spec({ servers: [{ url: 'ldaps://10.0.0.5' }] }))).toEqual([
      `spec.directory.servers[0].url: domain controller "ldaps://10.0.0.5:636" is not permitted for namespace "team-a" by the tenancy policy (none is allowed: the platform allows domain controllers with the operator flag --directory-server or a policy rule's directories.servers)`,
    ]);
  });

  it.each([
    ['the allowed domain, any case', ['corp.example.com'], [], spec({}, 'CORP.example.com'), []],
    ['a pattern for subdomains', ['*.example.com'], [], spec({}, 'corp.example.com'), []],
    ['* stays within one label', ['*.example.com'], [], spec({}, 'a.corp.example.com'), ['spec.directory']],
    ['** crosses labels', ['**.example.com'], [], spec({}, 'a.corp.example.com'), []],
    [
      'an address pattern does not match a host name that merely starts like it',
      [],
      ['ldaps://10.0.0.*'],
      spec({ servers: [{ url: 'ldaps://10.0.0.5.nip.io' }] }),
      ['spec.directory.servers[0].url'],
    ],
    ['another domain', ['corp.example.com'], [], spec({}, 'corp.example.org'), ['spec.directory']],
    ['a suffix trick', ['corp.example.com'], [], spec({}, 'evilcorp.example.com'), ['spec.directory']],
    [
      'an allowed controller without its port: the scheme default',
      [],
      ['ldaps://dc*.corp.example.com'],
      spec({ servers: [{ url: 'ldaps://dc2.corp.example.com:636' }] }),
      [],
    ],
    [
      'another port of an allowed host',
      [],
      ['ldaps://dc*.corp.example.com'],
      spec({ servers: [{ url: 'ldaps://dc2.corp.example.com:22' }] }),
      ['spec.directory.servers[0].url'],
    ],
    [
      'StartTLS on a host allowed only for LDAPS',
      [],
      ['ldaps://dc*.corp.example.com'],
      spec({ servers: [{ url: 'ldap://dc2.corp.example.com' }] }),
      ['spec.directory.servers[0].url'],
    ],
    [
      'a host only the domain allows: explicit URLs need their own allowance',
      ['corp.example.com'],
      [],
      spec({ servers: [{ url: 'ldaps://dc1.corp.example.com' }] }),
      ['spec.directory.servers[0].url'],
    ],
    [
      'one allowed and one not: the one not is named',
      [],
      ['ldaps://10.0.0.*'],
      spec({ servers: [{ url: 'ldaps://10.0.0.5' }, { url: 'ldaps://169.254.169.254' }] }),
      ['spec.directory.servers[1].url'],
    ],
  ])('%s', (_name, domains, servers, s, refused) => {
    const c = config({ directoryDomains: domains, directoryServers: servers });
    expect(checkCredentialSpecTenancy(c, NS, s).map((i) => i.field)).toEqual(refused);
  });

  it('single tenant allows any directory', () => {
    expect(messages(config({ singleTenant: true }), spec({ servers: [{ url: 'ldaps://anywhere.example' }] }))).toEqual(
      [],
    );
  });
});

describe('a policy rule widens or narrows directories per namespace', () => {
  const policy = (directories: unknown): TenancyConfig => {
    const parsed = parseTenancyPolicy({ rules: [{ namespaces: ['team-*'], directories }] });
    if (!parsed.policy) throw new Error(JSON.stringify(parsed.issues));
    return config({ policy: parsed.policy, directoryDomains: ['corp.example.com'], directoryServers: [] });
  };

  it('a list left out takes the flags; a list given replaces them; {namespace} expands', () => {
    expect(allowanceFor(policy({ servers: ['ldaps://{namespace}-dc.corp.example.com'] }), NS)).toMatchObject({
      directoryDomains: ['corp.example.com'],
      directoryServers: ['ldaps://team-a-dc.corp.example.com:636'],
    });
    expect(allowanceFor(policy({ domains: [] }), NS)).toMatchObject({ directoryDomains: [], directoryServers: [] });
  });

  it('refuses what the rule does not list', () => {
    expect(checkCredentialSpecTenancy(policy({ domains: [] }), NS, spec({})).map((i) => i.field)).toEqual([
      'spec.directory',
    ]);
  });

  it.each([
    [{ domains: 'corp.example.com' }, 'rules[0].directories.domains: must be a list of patterns'],
    [
      { domains: ['*'] },
      'rules[0].directories.domains[0]: "*": a domain of only "*" would allow every domain: name the domains',
    ],
    [
      { domains: ['corp/example'] },
      'rules[0].directories.domains[0]: "corp/example": must be a DNS name such as corp.example.com (a * may stand for part of it)',
    ],
    [
      { servers: ['dc1.corp.example.com'] },
      'rules[0].directories.servers[0]: "dc1.corp.example.com": must be ldaps://host[:port] or ldap://host[:port] (host may use *), without user, path or query',
    ],
    [
      { servers: ['ldaps://*'] },
      'rules[0].directories.servers[0]: "ldaps://*": a host of only "*" would allow every host: name the domain controllers',
    ],
    [
      { servers: ['ldaps://dc?.corp.example.com'] },
      'rules[0].directories.servers[0]: "ldaps://dc?.corp.example.com": "?" is not supported: patterns use * (within one "/" segment) and ** (across segments)',
    ],
    [{ dcs: [] }, 'rules[0].directories.dcs: unknown field "dcs"'],
    ['corp.example.com', 'rules[0].directories: must be a mapping {domains, servers}'],
  ])('the policy file refuses %j', (directories, expected) => {
    const parsed = parseTenancyPolicy({ rules: [{ namespaces: ['*'], directories }] });
    expect(parsed.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([expected]);
  });
});

describe('server patterns as matched', () => {
  it.each([
    ['ldaps://DC*.Corp.example.com', 'ldaps://dc*.corp.example.com:636'],
    ['ldap://dc1.corp.example.com', 'ldap://dc1.corp.example.com:389'],
    ['ldaps://10.0.0.*:3269', 'ldaps://10.0.0.*:3269'],
    ['ldaps://dc1.corp.example.com:*', 'ldaps://dc1.corp.example.com:*'],
  ])('%s is matched as %s', (pattern, canonical) => {
    expect(serverPatternProblem(pattern)).toBeUndefined();
    expect(canonicalServerPattern(pattern)).toBe(canonical);
  });

  it('domain patterns are DNS names with optional *', () => {
    expect([domainPatternProblem('corp.example.com'), domainPatternProblem('*.example.com')]).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe('the operator flags', () => {
  it('become the default allowance', async () => {
    const { config: c } = await loadTenancyConfig({
      directoryDomains: ['corp.example.com'],
      directoryServers: ['ldaps://dc1.corp.example.com'],
    });
    expect(allowanceFor(c ?? config(), NS)).toMatchObject({
      directoryDomains: ['corp.example.com'],
      directoryServers: ['ldaps://dc1.corp.example.com:636'],
    });
  });

  it.each([
    [
      { directoryDomains: ['*'] },
      '--directory-domain',
      '"*": a domain of only "*" would allow every domain: name the domains',
    ],
    [
      { directoryServers: ['dc1'] },
      '--directory-server',
      '"dc1": must be ldaps://host[:port] or ldap://host[:port] (host may use *), without user, path or query',
    ],
  ])('refuse an unusable pattern, naming the flag: %j', async (flags, flag, message) => {
    expect(await loadTenancyConfig(flags)).toEqual({ problem: { file: flag, message } });
  });
});

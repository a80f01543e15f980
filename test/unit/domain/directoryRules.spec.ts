// spec.directory validation, mirroring the CRD's CEL rules, and the domain fields it lets the operator discover.
import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { canonicalDirectoryUrl, parseDirectoryUrl } from '../../../src/domain/directory/serverUrl.js';
import { validateGmsaCredentialSpecSpec } from '../../../src/domain/validation/credentialSpecRules.js';

const base = (over: Partial<GmsaCredentialSpecSpec> = {}): GmsaCredentialSpecSpec => ({
  hostOs: 'Windows',
  account: 'WebApp01',
  domain: { dnsName: 'corp.example.com' },
  storage: { ssm: { parameterName: '/gmsa/team-a/web' } },
  domainless: { credentialsSecretRef: { name: 'ad-user' }, name: 'gmsa/team-a/web' },
  directory: {},
  ...over,
});

const findings = (spec: GmsaCredentialSpecSpec): string[] =>
  validateGmsaCredentialSpecSpec(spec).map((i) => `${i.field}: ${i.message}`);

describe('the domain fields spec.directory discovers', () => {
  it('may be omitted with spec.directory', () => {
    expect(findings(base())).toEqual([]);
  });

  it('are each required without it, naming the way out', () => {
    const spec = base({ domain: { dnsName: 'corp.example.com', sid: 'S-1-5-21-1-2-3' } });
    delete spec.directory;
    expect(findings(spec)).toEqual([
      'spec.domain.netBiosName: is required unless spec.directory is set (then the operator reads it from the domain)',
      'spec.domain.guid: is required unless spec.directory is set (then the operator reads it from the domain)',
    ]);
  });

  it('are still checked when given', () => {
    expect(findings(base({ domain: { dnsName: 'corp.example.com', sid: 'S-1-5-21-1-2-3-500' } }))).toEqual([
      'spec.domain.sid: "S-1-5-21-1-2-3-500" is an account SID (it ends in a RID); use the domain\'s SID, S-1-5-21 and three numbers',
    ]);
  });
});

describe('spec.directory', () => {
  it.each([
    [
      'explicit LDAPS and StartTLS URLs',
      { servers: [{ url: 'ldaps://dc1.corp.example.com' }, { url: 'ldap://10.0.0.5:389' }] },
      [],
    ],
    [
      'a URL with a user, a path or another scheme',
      {
        servers: [
          { url: 'ldaps://admin@dc1.corp.example.com' },
          { url: 'ldaps://dc1.corp.example.com/dc=corp' },
          { url: 'https://dc1.corp.example.com' },
        ],
      },
      [
        'spec.directory.servers[0].url: "ldaps://admin@dc1.corp.example.com" is not ldaps://host[:port] or ldap://host[:port] (no user, path, query or fragment)',
        'spec.directory.servers[1].url: "ldaps://dc1.corp.example.com/dc=corp" is not ldaps://host[:port] or ldap://host[:port] (no user, path, query or fragment)',
        'spec.directory.servers[2].url: "https://dc1.corp.example.com" is not ldaps://host[:port] or ldap://host[:port] (no user, path, query or fragment)',
      ],
    ],
    [
      'a port out of range',
      { servers: [{ url: 'ldaps://dc1.corp.example.com:70000' }] },
      ['spec.directory.servers[0].url: "ldaps://dc1.corp.example.com:70000" has port 70000, outside 1-65535'],
    ],
    [
      'a transport with explicit servers',
      { servers: [{ url: 'ldaps://dc1.corp.example.com' }], transport: 'StartTLS' as const },
      [
        "spec.directory.transport: transport applies to DNS SRV discovery only; an explicit server's URL scheme chooses it (ldaps://, or ldap:// with StartTLS)",
      ],
    ],
    [
      'a CA bundle naming both sources',
      { caBundle: { configMapRef: { name: 'ca' }, secretRef: { name: 'ca' } } },
      ['spec.directory.caBundle: caBundle needs exactly one of configMapRef or secretRef'],
    ],
    [
      'a bind Secret and host group with domainless',
      { bindSecretRef: { name: 'bind' }, hostGroup: 'EcsHosts' },
      [
        'spec.directory: with domainless, the operator binds as the domainless user and checks that user: bindSecretRef and hostGroup are for domain-joined hosts only',
      ],
    ],
  ])('%s', (_name, directory, expected) => {
    expect(findings(base({ directory }))).toEqual(expected);
  });

  it('domain-joined hosts need a bind Secret and the host group', () => {
    const spec = base({ directory: { bindSecretRef: { name: 'bind' } } });
    delete spec.domainless;
    expect(findings(spec)).toEqual([
      'spec.directory: without domainless, directory needs bindSecretRef (a domain user to bind as) and hostGroup (the group of the ECS hosts that retrieves the gMSA password)',
    ]);
    expect(findings({ ...spec, directory: { bindSecretRef: { name: 'bind' }, hostGroup: 'EcsHosts' } })).toEqual([]);
  });
});

describe('directory URLs', () => {
  it.each([
    ['ldaps://DC1.Corp.Example.com', 'ldaps://dc1.corp.example.com:636'],
    ['ldap://dc1.corp.example.com', 'ldap://dc1.corp.example.com:389'],
    ['ldaps://10.0.0.5:3269/', 'ldaps://10.0.0.5:3269'],
    ['ldaps://[FD00::5]:636', 'ldaps://[fd00::5]:636'],
  ])('%s is written %s', (url, canonical) => {
    const parsed = parseDirectoryUrl(url);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(canonicalDirectoryUrl(parsed)).toBe(canonical);
  });

  it.each(['ldaps://', 'ldaps://dc1?x', 'ldaps://dc1#x', 'ldaps://dc 1', 'LDAPS://dc1'])('%s is refused', (url) => {
    expect(typeof parseDirectoryUrl(url)).toBe('string');
  });
});

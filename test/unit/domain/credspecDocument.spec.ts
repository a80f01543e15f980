import { credSpecBytes, pluginInput, renderCredSpecDocument } from '../../../src/domain/credspec/document.js';
import { sha256Hex } from '../../../src/domain/canonical.js';
import { credSpecSpec, domainless, SEED_GUID, SEED_SID } from '../../fixtures/builders.js';

// The seed's DomainJoinConfig, verbatim.
const SEED_DOMAIN_JOIN_CONFIG = JSON.parse(
  `{ "Sid": "S-1-5-21-2554468230-2647958158-2204241789", "MachineAccountName": "WebApp01", "Guid": "8665abd4-e947-4dd0-9a51-f8254943c90b", "DnsTreeName": "contoso.com", "DnsName": "contoso.com", "NetBiosName": "contoso" }`,
) as unknown;
// The seed's HostAccountConfig, verbatim (its region placeholder included).
const SEED_HOST_ACCOUNT_CONFIG = JSON.parse(
  `{ "PortableCcgVersion": "1", "PluginGUID": "{859E1386-BDB4-49E8-85C7-3070B13920E1}", "PluginInput": "{\\"credentialArn\\": \\"arn:aws:secretsmanager:aws-region:111122223333:secret:gmsa-plugin-input\\"}" }`,
) as unknown;
const SEED_SECRET_ARN = 'arn:aws:secretsmanager:aws-region:111122223333:secret:gmsa-plugin-input';

describe('CredSpec document', () => {
  it('renders the seed DomainJoinConfig exactly', () => {
    expect(renderCredSpecDocument(credSpecSpec()).DomainJoinConfig).toStrictEqual(SEED_DOMAIN_JOIN_CONFIG);
  });

  it('renders the seed HostAccountConfig exactly for a Windows domainless identity', () => {
    const doc = renderCredSpecDocument(credSpecSpec({ domainless: domainless() }), SEED_SECRET_ARN);
    expect(doc.ActiveDirectoryConfig.HostAccountConfig).toStrictEqual(SEED_HOST_ACCOUNT_CONFIG);
  });

  it.each([
    [
      'Windows gets PluginInput as a JSON string',
      'Windows',
      '{"credentialArn": "arn:aws:secretsmanager:us-east-1:1:secret:x"}',
    ],
    ['Linux gets PluginInput as an object', 'Linux', { CredentialArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x' }],
  ] as const)('%s', (_name, hostOs, expected) => {
    expect(pluginInput(hostOs, 'arn:aws:secretsmanager:us-east-1:1:secret:x')).toStrictEqual(expected);
  });

  it('scopes the primary account to the DNS and the NetBIOS name, then additional accounts', () => {
    const doc = renderCredSpecDocument(
      credSpecSpec({ additionalAccounts: [{ name: 'Reports01', scope: 'contoso.com' }] }),
    );
    expect(doc.ActiveDirectoryConfig.GroupManagedServiceAccounts).toStrictEqual([
      { Name: 'WebApp01', Scope: 'contoso.com' },
      { Name: 'WebApp01', Scope: 'contoso' },
      { Name: 'Reports01', Scope: 'contoso.com' },
    ]);
  });

  it('omits HostAccountConfig for a domain-joined identity', () => {
    expect(renderCredSpecDocument(credSpecSpec()).ActiveDirectoryConfig).not.toHaveProperty('HostAccountConfig');
  });

  it('uses dnsTreeName when given', () => {
    const spec = credSpecSpec({
      domain: {
        dnsName: 'eu.contoso.com',
        dnsTreeName: 'contoso.com',
        netBiosName: 'EU',
        sid: SEED_SID,
        guid: SEED_GUID,
      },
    });
    expect(renderCredSpecDocument(spec).DomainJoinConfig.DnsTreeName).toBe('contoso.com');
  });

  it('refuses to render domainless without a credentials ARN', () => {
    expect(() => renderCredSpecDocument(credSpecSpec({ domainless: domainless() }))).toThrow(/credentials ARN/);
  });

  it('stores exactly these bytes for a Linux domainless identity (key order, 2 spaces, final LF)', () => {
    const spec = credSpecSpec({ hostOs: 'Linux', domainless: domainless() });
    const bytes = credSpecBytes(
      renderCredSpecDocument(spec, 'arn:aws:secretsmanager:us-east-1:111122223333:secret:gmsa/webapp01/ad-user'),
    );
    const expected = [
      '{',
      '  "CmsPlugins": [',
      '    "ActiveDirectory"',
      '  ],',
      '  "DomainJoinConfig": {',
      '    "Sid": "S-1-5-21-2554468230-2647958158-2204241789",',
      '    "MachineAccountName": "WebApp01",',
      '    "Guid": "8665abd4-e947-4dd0-9a51-f8254943c90b",',
      '    "DnsTreeName": "contoso.com",',
      '    "DnsName": "contoso.com",',
      '    "NetBiosName": "contoso"',
      '  },',
      '  "ActiveDirectoryConfig": {',
      '    "GroupManagedServiceAccounts": [',
      '      {',
      '        "Name": "WebApp01",',
      '        "Scope": "contoso.com"',
      '      },',
      '      {',
      '        "Name": "WebApp01",',
      '        "Scope": "contoso"',
      '      }',
      '    ],',
      '    "HostAccountConfig": {',
      '      "PortableCcgVersion": "1",',
      '      "PluginGUID": "{859E1386-BDB4-49E8-85C7-3070B13920E1}",',
      '      "PluginInput": {',
      '        "CredentialArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:gmsa/webapp01/ad-user"',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(bytes).toBe(expected);
  });

  it('gives identical bytes and hash for identical input', () => {
    const a = credSpecBytes(renderCredSpecDocument(credSpecSpec()));
    const b = credSpecBytes(renderCredSpecDocument({ ...credSpecSpec(), domain: { ...credSpecSpec().domain } }));
    expect(sha256Hex(a)).toBe(sha256Hex(b));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

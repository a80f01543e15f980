// The domain facts a CredSpec carries: given, discovered (spec.directory) or, offline, shown as unknown.
import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { renderCredSpecDocument } from '../../../src/domain/credspec/document.js';
import { omittedDomainFields, withDiscoveredDomain, withPlaceholders } from '../../../src/domain/credspec/domain.js';

const discovered = { sid: 'S-1-5-21-10-20-30', guid: '0f0e0d0c-0b0a-0908-0706-050403020100', netBiosName: 'CORP' };

const spec = (domain: GmsaCredentialSpecSpec['domain']): GmsaCredentialSpecSpec => ({
  hostOs: 'Windows',
  account: 'WebApp01',
  domain,
  storage: { ssm: { parameterName: '/gmsa/team-a/web' } },
  directory: {},
});

describe('discovered domain facts', () => {
  it('fill only what the spec omits; given values stay as written', () => {
    const s = withDiscoveredDomain(spec({ dnsName: 'corp.example.com', netBiosName: 'corp' }), discovered);
    expect(s.domain).toEqual({
      dnsName: 'corp.example.com',
      netBiosName: 'corp',
      sid: discovered.sid,
      guid: discovered.guid,
    });
    expect(renderCredSpecDocument(s).DomainJoinConfig).toEqual({
      Sid: discovered.sid,
      MachineAccountName: 'WebApp01',
      Guid: discovered.guid,
      DnsTreeName: 'corp.example.com',
      DnsName: 'corp.example.com',
      NetBiosName: 'corp',
    });
  });

  it('lists the omitted fields in CredSpec order', () => {
    expect(omittedDomainFields({ dnsName: 'corp.example.com', guid: discovered.guid })).toEqual(['sid', 'netBiosName']);
  });

  it('refuse to render before discovery (never a CredSpec with a hole)', () => {
    expect(() => renderCredSpecDocument(spec({ dnsName: 'corp.example.com' }))).toThrow(
      'domain.sid, domain.guid, domain.netBiosName not known yet: discover them before rendering',
    );
  });

  it('offline, show each unknown field as unknown until applied', () => {
    const doc = renderCredSpecDocument(withPlaceholders(spec({ dnsName: 'corp.example.com', sid: discovered.sid })));
    expect(doc.DomainJoinConfig.Sid).toBe(discovered.sid);
    expect(doc.DomainJoinConfig.Guid).toBe(
      '(unknown until applied: the guid of corp.example.com, discovered by the operator)',
    );
    expect(doc.ActiveDirectoryConfig.GroupManagedServiceAccounts[1]?.Scope).toBe(
      '(unknown until applied: the netBiosName of corp.example.com, discovered by the operator)',
    );
  });
});

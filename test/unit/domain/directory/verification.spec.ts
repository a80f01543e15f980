import {
  encodeSecurityDescriptor,
  passwordRetrievalDescriptor,
} from '../../../../src/domain/directory/encodeSecurityDescriptor.js';
import type { DirectoryAccount, DirectoryPrincipal, DomainFacts } from '../../../../src/domain/directory/facts.js';
import {
  accountsToCheck,
  evaluateDirectory,
  scopeIsDomain,
  trusteeSids,
  type GatheredDirectory,
  type VerificationRequest,
} from '../../../../src/domain/directory/verification.js';

const domain: DomainFacts = {
  dnsName: 'corp.example.com',
  netBiosName: 'CORP',
  sid: 'S-1-5-21-1-2-3',
  guid: '3d6f2787-5f06-4a00-b793-61cc302f0e44',
  namingContext: 'DC=corp,DC=example,DC=com',
};
const svc: DirectoryPrincipal = {
  dn: 'CN=svc-ecs,CN=Users,DC=corp,DC=example,DC=com',
  samAccountName: 'svc-ecs',
  sid: 'S-1-5-21-1-2-3-1103',
  groupSids: ['S-1-5-21-1-2-3-1104', 'S-1-5-21-1-2-3-513'],
};
const readersSid = 'S-1-5-21-1-2-3-1104';
const otherSid = 'S-1-5-21-1-2-3-1106';
const names = new Map([
  [readersSid, 'gmsa-readers'],
  [otherSid, 'someone else'],
]);
const GMSA_CLASSES = ['top', 'person', 'organizationalPerson', 'user', 'computer', 'msDS-GroupManagedServiceAccount'];

function gmsa(name: string, membership?: Uint8Array): DirectoryAccount {
  return {
    dn: `CN=${name},CN=Managed Service Accounts,DC=corp,DC=example,DC=com`,
    samAccountName: `${name}$`,
    objectClasses: GMSA_CLASSES,
    sid: 'S-1-5-21-1-2-3-1200',
    ...(membership ? { groupMsaMembership: membership } : {}),
  };
}

const request: VerificationRequest = {
  domain: { dnsName: 'corp.example.com' },
  accounts: ['WebApp01'],
  principal: { kind: 'bind-user' },
};

function gathered(entry: DirectoryAccount | undefined, extra: Partial<GatheredDirectory> = {}): GatheredDirectory {
  return {
    domain,
    principal: svc,
    accounts: [entry ? { name: 'WebApp01', entry } : { name: 'WebApp01' }],
    names,
    ...extra,
  };
}

describe('directory verification findings', () => {
  it('verifies a gMSA that grants the bind user directly', () => {
    const v = evaluateDirectory(request, gathered(gmsa('WebApp01', passwordRetrievalDescriptor([svc.sid]))));
    expect(v.verified).toBe(true);
    expect(v.findings).toEqual([
      {
        code: 'retrieval-granted',
        severity: 'ok',
        account: 'WebApp01',
        message: 'CORP\\svc-ecs may retrieve the managed password of gMSA WebApp01 (granted directly)',
      },
    ]);
    expect(v.accounts).toEqual([
      {
        name: 'WebApp01',
        dn: 'CN=WebApp01,CN=Managed Service Accounts,DC=corp,DC=example,DC=com',
        sid: 'S-1-5-21-1-2-3-1200',
        isGmsa: true,
        retrieval: 'granted',
      },
    ]);
  });

  it('names the group a grant came through', () => {
    const v = evaluateDirectory(request, gathered(gmsa('WebApp01', passwordRetrievalDescriptor([readersSid]))));
    expect(v.findings).toEqual([
      {
        code: 'retrieval-granted',
        severity: 'ok',
        account: 'WebApp01',
        grantedVia: 'CORP\\gmsa-readers',
        message:
          'CORP\\svc-ecs may retrieve the managed password of gMSA WebApp01 (granted through CORP\\gmsa-readers)',
      },
    ]);
  });

  it.each<[string, DirectoryAccount | undefined, string, string]>([
    [
      'a missing account',
      undefined,
      'account-not-found',
      'gMSA WebApp01 does not exist in corp.example.com (no account with sAMAccountName WebApp01$). In AD run: New-ADServiceAccount -Name WebApp01 -DNSHostName WebApp01.corp.example.com -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a plain user named like a gMSA',
      {
        dn: 'CN=WebApp01,CN=Users,DC=corp,DC=example,DC=com',
        samAccountName: 'WebApp01$',
        objectClasses: ['top', 'person', 'organizationalPerson', 'user'],
      },
      'account-not-gmsa',
      'WebApp01$ in corp.example.com is a user account (CN=WebApp01,CN=Users,DC=corp,DC=example,DC=com), not a group managed service account (objectClass msDS-GroupManagedServiceAccount). Use the name of an existing gMSA, or rename or remove that account and create the gMSA: New-ADServiceAccount -Name WebApp01 -DNSHostName WebApp01.corp.example.com -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a computer account',
      {
        dn: 'CN=WebApp01,CN=Computers,DC=corp,DC=example,DC=com',
        samAccountName: 'WebApp01$',
        objectClasses: ['top', 'person', 'organizationalPerson', 'user', 'computer'],
      },
      'account-not-gmsa',
      'WebApp01$ in corp.example.com is a computer account (CN=WebApp01,CN=Computers,DC=corp,DC=example,DC=com), not a group managed service account (objectClass msDS-GroupManagedServiceAccount). Use the name of an existing gMSA, or rename or remove that account and create the gMSA: New-ADServiceAccount -Name WebApp01 -DNSHostName WebApp01.corp.example.com -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a grant to someone else',
      gmsa('WebApp01', passwordRetrievalDescriptor([otherSid])),
      'retrieval-not-granted',
      "gMSA WebApp01 does not let CORP\\svc-ecs retrieve its managed password: msDS-GroupMSAMembership allows only CORP\\someone else. In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword 'someone else', svc-ecs",
    ],
    [
      'an empty list',
      gmsa('WebApp01', passwordRetrievalDescriptor([])),
      'retrieval-not-granted',
      'gMSA WebApp01 does not let CORP\\svc-ecs retrieve its managed password: msDS-GroupMSAMembership allows no one. In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a grant with only GenericAll',
      gmsa(
        'WebApp01',
        encodeSecurityDescriptor({
          owner: 'S-1-5-32-544',
          dacl: { aces: [{ type: 'access-allowed', mask: 0x10000000, sid: svc.sid }] },
        }),
      ),
      'retrieval-not-granted',
      'gMSA WebApp01 does not let CORP\\svc-ecs retrieve its managed password: msDS-GroupMSAMembership allows no one; the entry for CORP\\svc-ecs carries only generic rights, which this check does not map (it needs ReadProperty, 0x10). In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a deny to a group of the user',
      gmsa(
        'WebApp01',
        encodeSecurityDescriptor({
          owner: 'S-1-5-32-544',
          dacl: {
            aces: [
              { type: 'access-denied', mask: 0x10, sid: readersSid },
              { type: 'access-allowed', mask: 0xf01ff, sid: otherSid },
            ],
          },
        }),
      ),
      'retrieval-denied',
      "gMSA WebApp01 denies CORP\\svc-ecs retrieval of its managed password: msDS-GroupMSAMembership has a deny entry for CORP\\gmsa-readers (CORP\\svc-ecs is a member) ahead of any grant. Remove it; rewriting the list does: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword 'someone else', svc-ecs",
    ],
    [
      'no DACL',
      gmsa('WebApp01', encodeSecurityDescriptor({ owner: 'S-1-5-32-544' })),
      'retrieval-no-dacl',
      'gMSA WebApp01 has a msDS-GroupMSAMembership without a DACL, which Windows domain controllers read as "everyone may retrieve the password" and Samba as "no one": set an explicit list. In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a null DACL',
      gmsa('WebApp01', encodeSecurityDescriptor({ owner: 'S-1-5-32-544', dacl: null })),
      'retrieval-null-dacl',
      'gMSA WebApp01 has a msDS-GroupMSAMembership with a null DACL, so every domain controller lets anyone retrieve its password: set an explicit list. In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'no msDS-GroupMSAMembership',
      gmsa('WebApp01'),
      'membership-missing',
      'gMSA WebApp01 has no msDS-GroupMSAMembership (or CORP\\svc-ecs may not read it), so no one may retrieve its password. In AD run: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
    [
      'a descriptor that does not decode',
      gmsa('WebApp01', Uint8Array.of(1, 0, 4, 0x80)),
      'membership-unreadable',
      'the msDS-GroupMSAMembership of gMSA WebApp01 is not a valid security descriptor (security descriptor: header needs 20 bytes but only 4 remain (at byte 0)). In AD rewrite it: Set-ADServiceAccount -Identity WebApp01 -PrincipalsAllowedToRetrieveManagedPassword svc-ecs',
    ],
  ])('fails for %s with a message that says what to change', (_name, entry, code, message) => {
    const v = evaluateDirectory(request, gathered(entry));
    expect(v.verified).toBe(false);
    expect(v.findings).toEqual([{ code, severity: 'error', account: 'WebApp01', message }]);
  });

  it.each<[string, VerificationRequest['domain'], string, string]>([
    [
      'a wrong domain SID',
      { dnsName: 'corp.example.com', sid: 'S-1-5-21-9-9-9' },
      'domain-sid-mismatch',
      'the domain SID given in the spec is S-1-5-21-9-9-9 but corp.example.com has domain SID S-1-5-21-1-2-3: correct it, or omit it to use the discovered value',
    ],
    [
      'a wrong domain GUID',
      { dnsName: 'corp.example.com', guid: '8665abd4-e947-4dd0-9a51-f8254943c90b' },
      'domain-guid-mismatch',
      'the domain GUID given in the spec is 8665abd4-e947-4dd0-9a51-f8254943c90b but corp.example.com has domain GUID 3d6f2787-5f06-4a00-b793-61cc302f0e44: correct it, or omit it to use the discovered value',
    ],
    [
      'a wrong NetBIOS name',
      { dnsName: 'corp.example.com', netBiosName: 'CONTOSO' },
      'domain-netbios-name-mismatch',
      'the NetBIOS name given in the spec is CONTOSO but corp.example.com has NetBIOS name CORP: correct it, or omit it to use the discovered value',
    ],
    [
      'controllers of another domain',
      { dnsName: 'contoso.com' },
      'domain-dns-name-mismatch',
      "the domain controllers reached serve the domain corp.example.com, not contoso.com: point the directory connection at contoso.com's domain controllers, or correct the DNS name",
    ],
  ])('reports %s naming both values', (_name, expected, code, message) => {
    const v = evaluateDirectory(
      { ...request, domain: expected },
      gathered(gmsa('WebApp01', passwordRetrievalDescriptor([svc.sid]))),
    );
    expect(v.verified).toBe(false);
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([
      { code, severity: 'error', field: expect.any(String) as string, message },
    ]);
  });

  it('accepts given values that match in another case', () => {
    const v = evaluateDirectory(
      {
        ...request,
        domain: {
          dnsName: 'CORP.example.com',
          sid: 's-1-5-21-1-2-3',
          guid: '3D6F2787-5F06-4A00-B793-61CC302F0E44',
          netBiosName: 'corp',
        },
      },
      gathered(gmsa('WebApp01', passwordRetrievalDescriptor([svc.sid]))),
    );
    expect(v.verified).toBe(true);
  });

  it('reports a host group that does not exist, and checks no account against it', () => {
    const v = evaluateDirectory(
      { ...request, principal: { kind: 'host-group', group: 'ECS-Hosts' } },
      {
        domain,
        accounts: [{ name: 'WebApp01', entry: gmsa('WebApp01', passwordRetrievalDescriptor([readersSid])) }],
        names,
      },
    );
    expect(v.findings).toEqual([
      {
        code: 'principal-not-found',
        severity: 'error',
        message:
          "the host group ECS-Hosts does not exist in corp.example.com: create it (New-ADGroup -Name ECS-Hosts -GroupScope Global -GroupCategory Security), add the ECS container instances' computer accounts to it, or correct the host group in the spec",
      },
    ]);
    expect(v.accounts).toEqual([expect.objectContaining({ name: 'WebApp01', isGmsa: true })]);
  });

  it('checks every additional account on its own', () => {
    const accounts = [
      { name: 'WebApp01', entry: gmsa('WebApp01', passwordRetrievalDescriptor([svc.sid])) },
      { name: 'Reports01', entry: gmsa('Reports01', passwordRetrievalDescriptor([otherSid])) },
    ];
    const v = evaluateDirectory(
      { ...request, accounts: ['WebApp01', 'Reports01'] },
      { domain, principal: svc, accounts, names },
    );
    expect(v.findings.map((f) => [f.account, f.code])).toEqual([
      ['WebApp01', 'retrieval-granted'],
      ['Reports01', 'retrieval-not-granted'],
    ]);
  });

  it('collects each trustee SID once, skipping descriptors that do not decode', () => {
    const accounts = [
      { name: 'A', entry: gmsa('A', passwordRetrievalDescriptor([svc.sid, readersSid])) },
      { name: 'B', entry: gmsa('B', passwordRetrievalDescriptor([readersSid, svc.sid])) },
      { name: 'C', entry: gmsa('C', Uint8Array.of(1)) },
      { name: 'D' },
    ];
    expect(trusteeSids(accounts)).toEqual([svc.sid, readersSid]);
  });
});

describe('which accounts are looked up in this domain', () => {
  it('the listed ones, then scoped ones whose scope is this domain by DNS or NetBIOS name (any case)', () => {
    const scoped: VerificationRequest = {
      ...request,
      scopedAccounts: [
        { name: 'Batch01', scope: 'CORP.example.com' },
        { name: 'Batch02', scope: 'corp' },
        { name: 'Other01', scope: 'fabrikam.com' },
      ],
    };
    expect(accountsToCheck(scoped, domain)).toEqual(['WebApp01', 'Batch01', 'Batch02']);
    expect(scopeIsDomain('FABRIKAM', domain)).toBe(false);
  });
});

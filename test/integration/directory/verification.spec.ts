// Verification against the real Samba AD DC: every misconfiguration class an AD admin can make, the message
// that tells them what to change, and how many LDAP operations one verification costs.
import { SambaFixtures, type SambaObject, type SambaUser } from '../../../devenv/sambaFixtures.js';
import {
  encodeSecurityDescriptor,
  passwordRetrievalDescriptor,
} from '../../../src/domain/directory/encodeSecurityDescriptor.js';
import type { DirectoryVerification, VerificationRequest } from '../../../src/domain/directory/verification.js';
import { withDirectorySession } from '../../../src/directory/openSession.js';
import { LdapOperationCounts } from '../../../src/directory/operationCounter.js';
import { verifyDirectory } from '../../../src/directory/verify.js';
import { ldapsOptions, srvOptions, testSamba } from '../../support/directory.js';

const samba = testSamba();
let fx: SambaFixtures;
/** The domainless user, in `readers` through the nested group `team`. */
let user: SambaUser;
let team: SambaObject;
let readers: SambaObject;
let someoneElse: SambaUser;

beforeAll(async () => {
  fx = await SambaFixtures.connect(samba);
  user = await fx.createUser();
  team = await fx.createGroup({ members: [user] });
  readers = await fx.createGroup({ members: [team] });
  someoneElse = await fx.createUser();
});

afterAll(async () => {
  await fx.close();
});

const bindUser: VerificationRequest['principal'] = { kind: 'bind-user' };

async function verify(
  accounts: string[],
  options: {
    principal?: VerificationRequest['principal'];
    domain?: Partial<VerificationRequest['domain']>;
    as?: { username: string; password: string };
    counter?: LdapOperationCounts;
  } = {},
): Promise<DirectoryVerification> {
  const credentials = options.as ?? { username: user.upn, password: user.password };
  const request: VerificationRequest = {
    domain: { dnsName: samba.dnsName, ...options.domain },
    accounts,
    principal: options.principal ?? bindUser,
  };
  return withDirectorySession(
    { ...srvOptions(samba, credentials), ...(options.counter ? { counter: options.counter } : {}) },
    (s) => verifyDirectory(s, request),
  );
}

const errors = (v: DirectoryVerification): string[] =>
  v.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);

describe('verifying gMSAs against the domain (domainless: the bind user retrieves the password)', () => {
  it('verifies a gMSA that grants the user through a nested group, naming that group, in 1 bind, 7 searches and 1 unbind', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [readers.sid] });
    const counter = new LdapOperationCounts();
    const v = await verify([gmsa.name], { counter });
    expect(v.verified).toBe(true);
    expect(v.findings).toEqual([
      {
        code: 'retrieval-granted',
        severity: 'ok',
        account: gmsa.name,
        grantedVia: `CORP\\${readers.name}`,
        message: `CORP\\${user.name} may retrieve the managed password of gMSA ${gmsa.name} (granted through CORP\\${readers.name})`,
      },
    ]);
    expect(v.principal).toEqual({
      dn: user.dn,
      samAccountName: user.name,
      sid: user.sid,
      groupSids: expect.arrayContaining([team.sid, readers.sid]) as string[],
    });
    expect(v.accounts).toEqual([{ name: gmsa.name, dn: gmsa.dn, sid: gmsa.sid, isGmsa: true, retrieval: 'granted' }]);
    expect(counter.snapshot()).toEqual({ startTLS: 0, bind: 1, search: 7, unbind: 1 });
  });

  it('reports a gMSA that does not exist, with the New-ADServiceAccount that creates it', async () => {
    const v = await verify(['NoSuchGmsa01']);
    expect(errors(v)).toEqual([
      `account-not-found: gMSA NoSuchGmsa01 does not exist in ${samba.dnsName} (no account with sAMAccountName NoSuchGmsa01$). In AD run: New-ADServiceAccount -Name NoSuchGmsa01 -DNSHostName NoSuchGmsa01.${samba.dnsName} -PrincipalsAllowedToRetrieveManagedPassword ${user.name}`,
    ]);
  });

  it('reports a plain user account named like the gMSA', async () => {
    const lookalike = await fx.createLookalikeUser();
    const v = await verify([lookalike.name]);
    expect(errors(v)).toEqual([
      `account-not-gmsa: ${lookalike.name}$ in ${samba.dnsName} is a user account (${lookalike.dn}), not a group managed service account (objectClass msDS-GroupManagedServiceAccount). Use the name of an existing gMSA, or rename or remove that account and create the gMSA: New-ADServiceAccount -Name ${lookalike.name} -DNSHostName ${lookalike.name}.${samba.dnsName} -PrincipalsAllowedToRetrieveManagedPassword ${user.name}`,
    ]);
  });

  it('reports a grant to someone else, naming who is allowed and the command that adds the user', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [someoneElse.sid] });
    const v = await verify([gmsa.name]);
    expect(errors(v)).toEqual([
      `retrieval-not-granted: gMSA ${gmsa.name} does not let CORP\\${user.name} retrieve its managed password: msDS-GroupMSAMembership allows only CORP\\${someoneElse.name}. In AD run: Set-ADServiceAccount -Identity ${gmsa.name} -PrincipalsAllowedToRetrieveManagedPassword ${someoneElse.name}, ${user.name}`,
    ]);
  });

  it("reports a deny entry for one of the user's groups", async () => {
    const gmsa = await fx.createGmsa({
      membership: encodeSecurityDescriptor({
        owner: 'S-1-5-32-544',
        dacl: {
          aces: [
            { type: 'access-denied', mask: 0x10, sid: team.sid },
            { type: 'access-allowed', mask: 0xf01ff, sid: readers.sid },
          ],
        },
      }),
    });
    const v = await verify([gmsa.name]);
    expect(v.findings.map((f) => f.code)).toEqual(['retrieval-denied']);
    expect(v.findings[0]?.message).toContain(
      `has a deny entry for CORP\\${team.name} (CORP\\${user.name} is a member) ahead of any grant`,
    );
  });

  it('reports a gMSA without msDS-GroupMSAMembership', async () => {
    const gmsa = await fx.createGmsa({ membership: null });
    expect((await verify([gmsa.name])).findings.map((f) => f.code)).toEqual(['membership-missing']);
  });

  it('converges once the AD admin runs the suggested fix, with no change on our side', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [someoneElse.sid] });
    expect((await verify([gmsa.name])).verified).toBe(false);
    await fx.setMembership(gmsa, passwordRetrievalDescriptor([someoneElse.sid, user.sid])); // Set-ADServiceAccount ... someoneElse, user
    const v = await verify([gmsa.name]);
    expect([v.verified, v.findings[0]?.message]).toEqual([
      true,
      `CORP\\${user.name} may retrieve the managed password of gMSA ${gmsa.name} (granted directly)`,
    ]);
  });

  it('checks the primary and every additional account, each once', async () => {
    const good = await fx.createGmsa({ allowedSids: [user.sid] });
    const bad = await fx.createGmsa({ allowedSids: [someoneElse.sid] });
    const counter = new LdapOperationCounts();
    const v = await verify([good.name, bad.name, good.name.toUpperCase()], { counter });
    expect(v.findings.map((f) => [f.account, f.code])).toEqual([
      [good.name, 'retrieval-granted'],
      [bad.name, 'retrieval-not-granted'],
    ]);
    expect(counter.snapshot().search).toBe(8);
  });

  it.each<[string, (d: { sid: string; guid: string }) => Partial<VerificationRequest['domain']>, string]>([
    ['domain SID', () => ({ sid: 'S-1-5-21-1-2-3' }), 'domain-sid-mismatch'],
    ['domain GUID', () => ({ guid: '8665abd4-e947-4dd0-9a51-f8254943c90b' }), 'domain-guid-mismatch'],
    ['NetBIOS name', () => ({ netBiosName: 'CONTOSO' }), 'domain-netbios-name-mismatch'],
  ])('reports a wrong %s naming both values, and accepts the discovered one', async (_name, wrong, code) => {
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    const discovered = (await verify([gmsa.name])).domain;
    const v = await verify([gmsa.name], { domain: wrong(discovered) });
    const mismatch = v.findings.find((f) => f.code === code);
    expect(mismatch?.message).toMatch(
      /given in the spec is .* but corp\.example\.com has .*: correct it, or omit it to use the discovered value/,
    );
    const field = Object.keys(wrong(discovered))[0] as 'sid' | 'guid' | 'netBiosName';
    expect(mismatch?.message).toContain(`${wrong(discovered)[field] ?? ''} but`);
    expect(mismatch?.message).toContain(discovered[field]);
    expect(
      (
        await verify([gmsa.name], {
          domain: { sid: discovered.sid, guid: discovered.guid, netBiosName: discovered.netBiosName },
        })
      ).verified,
    ).toBe(true);
  });
});

describe('verifying gMSAs for domain-joined hosts (a host group retrieves the password)', () => {
  const admin = (): { username: string; password: string } => ({
    username: samba.admin.downLevel,
    password: samba.admin.password,
  });

  it('grants a host group through the group it is nested in', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [readers.sid] });
    const byName = await verify([gmsa.name], { principal: { kind: 'host-group', group: team.name }, as: admin() });
    const bySid = await verify([gmsa.name], { principal: { kind: 'host-group', group: team.sid }, as: admin() });
    for (const v of [byName, bySid])
      expect(v.findings).toEqual([
        expect.objectContaining({ code: 'retrieval-granted', grantedVia: `CORP\\${readers.name}` }),
      ]);
  });

  it('reports a host group that is not allowed', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    const v = await verify([gmsa.name], { principal: { kind: 'host-group', group: readers.name }, as: admin() });
    expect(errors(v)).toEqual([
      `retrieval-not-granted: gMSA ${gmsa.name} does not let CORP\\${readers.name} retrieve its managed password: msDS-GroupMSAMembership allows only CORP\\${user.name}. In AD run: Set-ADServiceAccount -Identity ${gmsa.name} -PrincipalsAllowedToRetrieveManagedPassword ${user.name}, ${readers.name}`,
    ]);
  });

  it('reports a host group that does not exist', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [readers.sid] });
    const v = await verify([gmsa.name], { principal: { kind: 'host-group', group: 'ECS-Hosts-Missing' }, as: admin() });
    expect(v.findings.map((f) => f.code)).toEqual(['principal-not-found']);
  });
});

describe('verifying with the LDAPS URL instead of DNS SRV', () => {
  it('reaches the same verdict', async () => {
    const gmsa = await fx.createGmsa({ allowedSids: [team.sid] });
    const v = await withDirectorySession(
      ldapsOptions(samba, { username: user.downLevel, password: user.password }),
      (s) => verifyDirectory(s, { domain: { dnsName: samba.dnsName }, accounts: [gmsa.name], principal: bindUser }),
    );
    expect(v.verified).toBe(true);
  });
});

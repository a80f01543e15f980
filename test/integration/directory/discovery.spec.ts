// Discovery against the real Samba AD DC: what the adapter reads equals what Samba itself reports.
import { sambaDomainFacts } from '../../../devenv/sambaPython.js';
import { dnsServersResolver } from '../../../src/directory/resolver.js';
import { withDirectorySession } from '../../../src/directory/openSession.js';
import { ldapsOptions, srvOptions, testSamba } from '../../support/directory.js';

const samba = testSamba();
const admin = { username: samba.admin.upn, password: samba.admin.password };

describe('domain discovery', () => {
  it("reads the domain SID, GUID, NetBIOS and DNS name exactly as Samba's SamDB reports them", async () => {
    const [ours, sambas] = await Promise.all([
      withDirectorySession(ldapsOptions(samba, admin), (s) => s.readDomain()),
      sambaDomainFacts(samba),
    ]);
    expect(ours).toEqual({ ...sambas, namingContext: samba.baseDn });
    expect(ours.sid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
  });

  it('finds the domain controller through DNS SRV and reads the same facts there', async () => {
    const viaSrv = await withDirectorySession(srvOptions(samba, admin), async (s) => ({
      server: s.server,
      domain: await s.readDomain(),
    }));
    expect(viaSrv.server).toBe(`ldaps://${samba.dcHostName}:636 (${samba.ip})`);
    expect(viaSrv.domain).toEqual(await withDirectorySession(ldapsOptions(samba, admin), (s) => s.readDomain()));
  });

  it("decodes the GUID the way Samba names the domain's DNS record (_ldap._tcp.<GUID>.domains._msdcs)", async () => {
    const { guid, dnsName } = await withDirectorySession(ldapsOptions(samba, admin), (s) => s.readDomain());
    const records = await dnsServersResolver([`${samba.dns.host}:${samba.dns.port}`]).resolveSrv(
      `_ldap._tcp.${guid}.domains._msdcs.${dnsName}`,
    );
    expect(records.map((r) => r.name)).toEqual([samba.dcHostName]);
  });
});

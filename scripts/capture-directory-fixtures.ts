// Captures real bytes from the test Samba AD DC into test/fixtures/directory/samba-captured.json (run as root:
// `npx tsx scripts/capture-directory-fixtures.ts`). Every value is what the DC stored and returned over LDAP,
// next to Samba's own decoding of it (its Python bindings), so unit tests check our decoders against Samba's.
// Review the diff by hand; rerun only when a case is added (SIDs and GUIDs change with every provisioning).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSamba, type Samba } from '../devenv/samba.js';
import { SambaFixtures } from '../devenv/sambaFixtures.js';
import { bindLdap } from '../devenv/sambaLdap.js';
import { sambaDecode, sambaDomainFacts, sambaEncodeSddl, type SambaDescriptor } from '../devenv/sambaPython.js';
import {
  encodeSecurityDescriptor,
  passwordRetrievalDescriptor,
} from '../src/domain/directory/encodeSecurityDescriptor.js';
import { WellKnownSid } from '../src/domain/directory/sid.js';

const out = join(
  fileURLToPath(new URL('../', import.meta.url)),
  'test',
  'fixtures',
  'directory',
  'samba-captured.json',
);

async function readBinary(samba: Samba, dn: string, attributes: string[]): Promise<Record<string, string[]>> {
  const client = await bindLdap(samba, samba.admin.upn, samba.admin.password);
  try {
    const { searchEntries } = await client.search(dn, {
      scope: 'base',
      attributes,
      explicitBufferAttributes: attributes,
    });
    const entry = searchEntries[0] ?? { dn };
    return Object.fromEntries(
      attributes.map((a) => {
        const v = entry[a];
        return [
          a,
          (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(Buffer.isBuffer).map((b) => b.toString('hex')),
        ];
      }),
    );
  } finally {
    await client.unbind();
  }
}

async function schemaGuid(samba: Samba, cn: string): Promise<string> {
  const v = await readBinary(samba, `CN=${cn},CN=Schema,CN=Configuration,${samba.baseDn}`, ['schemaIDGUID']);
  const [guid] = (await sambaDecode({ guids: v.schemaIDGUID ?? [] })).guids;
  if (!guid) throw new Error(`no schemaIDGUID for ${cn}`);
  return guid;
}

async function main(): Promise<void> {
  const samba = await startSamba({ log: (l) => console.log(l) });
  try {
    const fx = await SambaFixtures.connect(samba);
    const user = await fx.createUser({ name: 'svc-ecs' });
    const inner = await fx.createGroup({ name: 'gmsa-readers', members: [user] });
    const outer = await fx.createGroup({ name: 'ecs-all', members: [inner] });
    const other = await fx.createUser({ name: 'someone-else' });
    const gmsa = await fx.createGmsa({ name: 'WebApp01', allowedSids: [user.sid] });
    const domainSid = (await sambaDomainFacts(samba)).sid;
    const managedPassword = await schemaGuid(samba, 'ms-DS-ManagedPassword');
    const cases: [string, string][] = [
      ['grant to a group (Samba SDDL)', `O:BAD:(A;;0xf01ff;;;${outer.sid})`],
      ['deny to a group, then grant to the user', `O:BAD:(D;;RP;;;${inner.sid})(A;;0xf01ff;;;${user.sid})`],
      [
        'grant to the user, then deny to a group (not canonical)',
        `O:BAD:(A;;0xf01ff;;;${user.sid})(D;;RP;;;${inner.sid})`,
      ],
      ['object ACE on msDS-ManagedPassword', `O:BAD:(OA;;RP;${managedPassword};;${user.sid})`],
      ['object ACE without object type', `O:BAD:(OA;;RP;;;${user.sid})`],
      ['GenericAll only', `O:BAD:(A;;GA;;;${user.sid})`],
      ['GenericRead deny to a group', `O:BAD:(D;;GR;;;${outer.sid})(A;;0xf01ff;;;${user.sid})`],
      ['inherit-only grant', `O:BAD:(A;CIIO;0xf01ff;;;${user.sid})`],
      ['grant to SELF', 'O:BAD:(A;;RP;;;PS)'],
      ['grant to Authenticated Users', 'O:BAD:(A;;RP;;;AU)'],
      ['grant to someone else', `O:BAD:(A;;0xf01ff;;;${other.sid})`],
      ['empty DACL', 'O:BAD:'],
      ['no DACL', 'O:BA'],
      ['protected, auto-inherited, with a SACL', `O:BAG:DUD:PAI(A;;0xf01ff;;;${user.sid})S:(AU;SA;RP;;;WD)`],
    ];
    const encoded = await sambaEncodeSddl(
      cases.map(([, sddl]) => sddl),
      domainSid,
    );
    const stored: { name: string; source: string; hex: string; sentHex?: string }[] = [
      {
        name: 'Set-ADServiceAccount style grant to the user (our encoder)',
        source: 'written by the fixtures with passwordRetrievalDescriptor, read back',
        hex: (await fx.readMembership(gmsa))?.toString('hex') ?? '',
        sentHex: Buffer.from(passwordRetrievalDescriptor([user.sid])).toString('hex'),
      },
    ];
    for (const [i, [name, sddl]] of cases.entries()) {
      const sent = encoded[i] ?? '';
      await fx.setMembership(gmsa, Buffer.from(sent, 'hex'));
      stored.push({
        name,
        source: `Samba from_sddl("${sddl}"), written to msDS-GroupMSAMembership, read back`,
        hex: (await fx.readMembership(gmsa))?.toString('hex') ?? '',
        sentHex: sent,
      });
    }
    // Samba 4.17's SDDL parser has no NO_ACCESS_CONTROL: the null DACL comes from our encoder.
    const nullDacl = encodeSecurityDescriptor({ owner: WellKnownSid.builtinAdministrators, dacl: null });
    await fx.setMembership(gmsa, nullDacl);
    stored.push({
      name: 'null DACL (our encoder)',
      source: 'written by the fixtures with encodeSecurityDescriptor({ dacl: null }), read back',
      hex: (await fx.readMembership(gmsa))?.toString('hex') ?? '',
      sentHex: Buffer.from(nullDacl).toString('hex'),
    });
    await fx.close();
    const gmsaSd = (await readBinary(samba, gmsa.dn, ['nTSecurityDescriptor'])).nTSecurityDescriptor?.[0] ?? '';
    stored.push({
      name: 'nTSecurityDescriptor of a gMSA object',
      source: 'read over LDAP as Administrator',
      hex: gmsaSd,
    });
    const domainObject = await readBinary(samba, samba.baseDn, ['objectSid', 'objectGUID']);
    const self = await readBinary(samba, user.dn, ['objectSid', 'tokenGroups']);
    const sidHex = [...(domainObject.objectSid ?? []), ...(self.objectSid ?? []), ...(self.tokenGroups ?? [])];
    const decoded = await sambaDecode({
      sids: sidHex,
      guids: domainObject.objectGUID ?? [],
      descriptors: stored.map((s) => s.hex),
    });
    const fixture = {
      note: "Captured by scripts/capture-directory-fixtures.ts from a Samba AD DC provisioned by devenv/build-samba.sh. hex: the bytes the DC returned over LDAP; samba: the same bytes decoded by Samba's Python bindings (ndr_unpack).",
      capturedWith: execFileSync('/usr/sbin/samba', ['-V'], { encoding: 'utf8' }).trim(),
      domain: {
        ...(await sambaDomainFacts(samba)),
        objectSidHex: domainObject.objectSid?.[0],
        objectGuidHex: domainObject.objectGUID?.[0],
      },
      principals: {
        user: user.sid,
        userName: user.name,
        innerGroup: inner.sid,
        outerGroup: outer.sid,
        other: other.sid,
        gmsa: gmsa.sid,
      },
      msDsManagedPasswordSchemaGuid: managedPassword,
      sids: sidHex.map((hex, i) => ({ hex, samba: decoded.sids[i] })),
      guids: (domainObject.objectGUID ?? []).map((hex, i) => ({ hex, samba: decoded.guids[i] })),
      descriptors: stored.map((s, i) => ({ ...s, samba: decoded.descriptors[i] as SambaDescriptor })),
    };
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await samba.stop();
  }
}

await main();

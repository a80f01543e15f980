import { fromHex, toHex } from '../../../../src/domain/directory/bytes.js';
import { decodeSecurityDescriptor } from '../../../../src/domain/directory/decodeSecurityDescriptor.js';
import {
  encodeSecurityDescriptor,
  passwordRetrievalDescriptor,
  type AceInput,
  type EncodableAceType,
  type SecurityDescriptorInput,
} from '../../../../src/domain/directory/encodeSecurityDescriptor.js';
import { SdControl, type Acl, type SecurityDescriptor } from '../../../../src/domain/directory/securityDescriptor.js';
import type { SambaAce, SambaDescriptor } from '../../../../devenv/sambaPython.js';
import { captured, capturedDescriptor } from '../../../fixtures/directory/captured.js';

function sambaView(acl: Acl | undefined): { revision: number; aces: SambaAce[] } | undefined {
  if (!acl) return undefined;
  return {
    revision: acl.revision,
    aces: acl.aces.map((a) => ({
      type: a.typeCode,
      flags: a.flags,
      mask: a.mask ?? -1,
      sid: a.sid ?? '',
      ...(a.objectType ? { objectType: a.objectType } : {}),
      ...(a.inheritedObjectType ? { inheritedObjectType: a.inheritedObjectType } : {}),
    })),
  };
}

/** Our decoding in the shape of Samba's (which has no SDDL here). */
function asSamba(sd: SecurityDescriptor): Omit<SambaDescriptor, 'sddl'> {
  const dacl = sambaView(sd.dacl);
  const sacl = sambaView(sd.sacl);
  return {
    revision: sd.revision,
    control: sd.control,
    ...(sd.owner ? { owner: sd.owner } : {}),
    ...(sd.group ? { group: sd.group } : {}),
    ...(dacl ? { dacl } : {}),
    ...(sacl ? { sacl } : {}),
  };
}

/** The encoder input that describes a decoded descriptor. */
function asInput(sd: SecurityDescriptor): SecurityDescriptorInput {
  const acl = (a: Acl): { revision: 2 | 4; aces: AceInput[] } => ({
    revision: a.revision as 2 | 4,
    aces: a.aces.map((ace) => ({
      type: ace.type as EncodableAceType,
      flags: ace.flags,
      mask: ace.mask ?? 0,
      sid: ace.sid ?? '',
      ...(ace.objectType ? { objectType: ace.objectType } : {}),
      ...(ace.inheritedObjectType ? { inheritedObjectType: ace.inheritedObjectType } : {}),
    })),
  });
  const control = sd.control & ~(SdControl.selfRelative | SdControl.daclPresent | SdControl.saclPresent);
  return {
    ...(sd.owner ? { owner: sd.owner } : {}),
    ...(sd.group ? { group: sd.group } : {}),
    ...(sd.daclPresent ? { dacl: sd.dacl ? acl(sd.dacl) : null } : {}),
    ...(sd.sacl ? { sacl: acl(sd.sacl) } : {}),
    control,
  };
}

describe('security descriptors captured from Samba', () => {
  it.each(captured.descriptors.map((d) => [d.name, d]))('%s: decodes to what Samba decodes', (_name, d) => {
    const { sddl: _sddl, ...samba } = d.samba;
    expect(asSamba(decodeSecurityDescriptor(fromHex(d.hex)))).toEqual(samba);
  });

  it.each(captured.descriptors.map((d) => [d.name, d]))('%s: encodes back to the same bytes', (_name, d) => {
    expect(toHex(encodeSecurityDescriptor(asInput(decodeSecurityDescriptor(fromHex(d.hex)))))).toBe(d.hex);
  });

  it('the DC stores msDS-GroupMSAMembership exactly as written', () => {
    for (const d of captured.descriptors.filter((x) => x.sentHex)) expect(d.hex).toBe(d.sentHex);
  });

  it('writes what Set-ADServiceAccount writes: owner BUILTIN\\Administrators, full control per principal, ACL revision 4', () => {
    const sd = decodeSecurityDescriptor(passwordRetrievalDescriptor([captured.principals.user]));
    expect(sd).toEqual({
      revision: 1,
      control: SdControl.selfRelative | SdControl.daclPresent,
      daclPresent: true,
      owner: 'S-1-5-32-544',
      dacl: {
        revision: 4,
        aces: [
          { type: 'access-allowed', typeCode: 0, flags: 0, mask: 0xf01ff, sid: captured.principals.user, size: 36 },
        ],
      },
    });
    expect(toHex(passwordRetrievalDescriptor([captured.principals.user]))).toBe(
      capturedDescriptor('Set-ADServiceAccount style grant to the user (our encoder)').hex,
    );
  });

  it('tells a missing DACL from a null one and from an empty one', () => {
    const none = decodeSecurityDescriptor(fromHex(capturedDescriptor('no DACL').hex));
    const nul = decodeSecurityDescriptor(fromHex(capturedDescriptor('null DACL (our encoder)').hex));
    const empty = decodeSecurityDescriptor(fromHex(capturedDescriptor('empty DACL').hex));
    expect([none.daclPresent, none.dacl]).toEqual([false, undefined]);
    expect([nul.daclPresent, nul.dacl]).toEqual([true, undefined]);
    expect([empty.daclPresent, empty.dacl]).toEqual([true, { revision: 4, aces: [] }]);
  });

  it('reads object ACEs with their object and inherited object types', () => {
    const aces =
      decodeSecurityDescriptor(fromHex(capturedDescriptor('nTSecurityDescriptor of a gMSA object').hex)).dacl?.aces ??
      [];
    expect(aces.find((a) => a.objectType === captured.msDsManagedPasswordSchemaGuid)).toMatchObject({
      type: 'access-allowed-object',
      mask: 0x10,
      sid: 'S-1-1-0',
    });
    expect(aces.filter((a) => a.inheritedObjectType !== undefined).length).toBeGreaterThan(10);
  });
});

describe('malformed security descriptors', () => {
  const good = toHex(passwordRetrievalDescriptor(['S-1-5-21-1-2-3-1103']));
  // Layout: header 0-19, owner SID 20-35, DACL header 36-43, ACE 44-79.
  const patch = (at: number, hex: string): string => good.slice(0, at * 2) + hex + good.slice(at * 2 + hex.length);

  it.each<[string, string, RegExp]>([
    ['a value shorter than the header', good.slice(0, 30), /header needs 20 bytes but only 15 remain \(at byte 0\)/],
    ['revision 2', patch(0, '02'), /revision is 2, expected 1 \(at byte 0\)/],
    ['the absolute form', patch(2, '0400'), /not in self-relative form \(SE_SELF_RELATIVE is clear\) \(at byte 2\)/],
    [
      'a DACL offset past the end',
      patch(16, '64000000'),
      /DACL revision needs 1 bytes but only 0 remain \(at byte 100\)/,
    ],
    ['an owner offset into the header', patch(4, '08000000'), /owner offset 8 points into the header/],
    ['ACL revision 3', patch(36, '03'), /DACL revision is 3, expected 2 or 4 \(at byte 36\)/],
    ['an ACL larger than the value', patch(38, 'ff00'), /DACL claims 255 bytes but only 44 remain/],
    ['more ACEs than the ACL holds', patch(40, '0200'), /DACL declares 2 ACEs but ends after 1 \(at byte 80\)/],
    [
      'an ACE larger than its ACL',
      patch(46, '3000'),
      /ACE 0 claims 48 bytes but its ACL ends at byte 80 \(at byte 44\)/,
    ],
    ['an ACE size not a multiple of 4', patch(46, '2300'), /ACE 0 has size 35; an ACE is a multiple of 4 bytes/],
    [
      'a trustee SID running past its ACE',
      patch(44 + 9, '06'),
      /SID sub-authority 6 needs 4 bytes but only 0 remain \(at byte 80\)/,
    ],
  ])('rejects %s', (_name, hex, message) => {
    expect(() => decodeSecurityDescriptor(fromHex(hex))).toThrow(message);
  });

  it('keeps an ACE of a type MS-DTYP does not define as unknown, without a trustee', () => {
    const sd = decodeSecurityDescriptor(fromHex(patch(44, '7f')));
    expect(sd.dacl?.aces[0]).toEqual({ type: 'unknown', typeCode: 0x7f, flags: 0, size: 36 });
  });

  it('refuses to put an object type on an ACE type without one', () => {
    expect(() =>
      encodeSecurityDescriptor({
        dacl: {
          aces: [
            { type: 'access-allowed', mask: 0x10, sid: 'S-1-1-0', objectType: captured.msDsManagedPasswordSchemaGuid },
          ],
        },
      }),
    ).toThrow(/cannot carry an object type; use the -object variant/);
  });
});

import { fromHex, toHex } from '../../../../src/domain/directory/bytes.js';
import { decodeGuid, encodeGuid, guidToString, isGuidString, sameGuid } from '../../../../src/domain/directory/guid.js';
import { captured } from '../../../fixtures/directory/captured.js';

describe('GUIDs as AD stores them (first three fields little-endian)', () => {
  it.each(captured.guids.map((g) => [g.samba, g.hex]))(
    'the captured objectGUID %s decodes as Samba decodes it and encodes back',
    (guid, hex) => {
      expect(guidToString(fromHex(hex))).toBe(guid);
      expect(toHex(encodeGuid(guid))).toBe(hex);
    },
  );

  it('the domain objectGUID decodes to the GUID SamDB reports for the domain', () => {
    expect(guidToString(fromHex(captured.domain.objectGuidHex))).toBe(captured.domain.guid);
  });

  it('swaps Data1, Data2 and Data3 and keeps the last eight bytes in order', () => {
    // From a Samba DC: objectGUID 87276f3d065f004ab79361cc302f0e44 is named _ldap._tcp.3d6f2787-5f06-4a00-b793-61cc302f0e44.domains._msdcs in its DNS.
    expect(guidToString(fromHex('87276f3d065f004ab79361cc302f0e44'))).toBe('3d6f2787-5f06-4a00-b793-61cc302f0e44');
  });

  it('writes lowercase and reads uppercase', () => {
    expect(toHex(encodeGuid('3D6F2787-5F06-4A00-B793-61CC302F0E44'))).toBe('87276f3d065f004ab79361cc302f0e44');
    expect(sameGuid('3D6F2787-5F06-4A00-B793-61CC302F0E44', '3d6f2787-5f06-4a00-b793-61cc302f0e44')).toBe(true);
  });

  it('decodes a GUID inside a larger value at its offset', () => {
    expect(decodeGuid(fromHex(`0000${'87276f3d065f004ab79361cc302f0e44'}`), 2)).toBe(
      '3d6f2787-5f06-4a00-b793-61cc302f0e44',
    );
  });

  it.each<[string, string, RegExp]>([
    ['15 bytes', '87276f3d065f004ab79361cc302f0e', /a GUID has 16 bytes, this value has 15/],
    ['17 bytes', '87276f3d065f004ab79361cc302f0e4400', /a GUID has 16 bytes, this value has 17/],
  ])('rejects a value of %s', (_name, hex, message) => {
    expect(() => guidToString(fromHex(hex))).toThrow(message);
  });

  it.each([
    '{3d6f2787-5f06-4a00-b793-61cc302f0e44}',
    '3d6f27875f064a00b79361cc302f0e44',
    '3d6f2787-5f06-4a00-b793-61cc302f0e4g',
    '',
  ])('rejects the GUID string "%s"', (s) => {
    expect(isGuidString(s)).toBe(false);
    expect(() => encodeGuid(s)).toThrow(/is not a GUID/);
  });
});

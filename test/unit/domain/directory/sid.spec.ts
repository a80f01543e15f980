import { fromHex, toHex } from '../../../../src/domain/directory/bytes.js';
import {
  decodeSid,
  domainSidOf,
  encodeSid,
  isSidString,
  sameSid,
  sidToString,
} from '../../../../src/domain/directory/sid.js';
import { captured } from '../../../fixtures/directory/captured.js';

describe('SIDs captured from Samba', () => {
  it.each(captured.sids.map((s) => [s.samba, s.hex]))(
    '%s decodes as Samba decodes it and encodes back to the same bytes',
    (sid, hex) => {
      expect(sidToString(fromHex(hex))).toBe(sid);
      expect(toHex(encodeSid(sid))).toBe(hex);
    },
  );

  it('decodes the domain objectSid to the SID SamDB reports for the domain', () => {
    expect(sidToString(fromHex(captured.domain.objectSidHex))).toBe(captured.domain.sid);
  });
});

describe('SID edge cases', () => {
  it.each<[string, string, string]>([
    ['no sub-authority', '0100000000000005', 'S-1-5'],
    ['Everyone', '010100000000000100000000', 'S-1-1-0'],
    ['the largest sub-authority', '0101000000000005ffffffff', 'S-1-5-4294967295'],
    ['an authority of 2^32 or more, written in hex', '0100000100000000', 'S-1-0x000100000000'],
  ])('%s', (_name, hex, sid) => {
    expect(sidToString(fromHex(hex))).toBe(sid);
    expect(toHex(encodeSid(sid))).toBe(hex);
  });

  it('decodes 15 sub-authorities, the most a SID may have', () => {
    const sid = `S-1-5-${Array.from({ length: 15 }, (_, i) => i + 1).join('-')}`;
    expect(sidToString(encodeSid(sid))).toBe(sid);
  });

  it('reports how many bytes a SID takes inside a larger value', () => {
    const bytes = fromHex(`ffff${toHex(encodeSid('S-1-5-32-544'))}eeee`);
    expect(decodeSid(bytes, 2)).toEqual({ sid: 'S-1-5-32-544', byteLength: 16 });
  });

  it.each<[string, string, RegExp]>([
    ['revision 2', '020100000000000100000000', /SID revision is 2, expected 1 \(at byte 0\)/],
    ['16 sub-authorities', `0110000000000005${'01000000'.repeat(16)}`, /16 sub-authorities, at most 15/],
    ['a truncated sub-authority', '01020000000000052000000021', /SID sub-authority 2 needs 4 bytes but only 1 remain/],
    ['bytes after the SID', '01010000000000010000000000', /1 bytes follow the SID/],
    ['an empty value', '', /SID revision needs 1 bytes but only 0 remain/],
  ])('rejects %s with the byte where it went wrong', (_name, hex, message) => {
    expect(() => sidToString(fromHex(hex))).toThrow(message);
  });

  it.each(['S-1-5-21-1-2-3', 'S-1-1-0', 'S-1-5', 'S-1-0x000100000000-1'])('accepts the SID string %s', (s) => {
    expect(isSidString(s)).toBe(true);
  });

  it.each([
    'S-1',
    's-1-5-21',
    'S-2-5-21',
    'S-1-5-4294967296',
    'S-1-5-21-',
    `S-1-5${'-1'.repeat(16)}`,
    'S-1-281474976710656',
  ])('rejects the SID string %s', (s) => {
    expect(isSidString(s)).toBe(false);
    expect(() => encodeSid(s)).toThrow(/is not a SID/);
  });

  it('compares SIDs without regard to case', () => {
    expect(sameSid('s-1-5-21-1-2-3', 'S-1-5-21-1-2-3')).toBe(true);
    expect(sameSid('S-1-5-21-1-2-3', 'S-1-5-21-1-2-4')).toBe(false);
  });

  it.each<[string, string | undefined]>([
    ['S-1-5-21-1-2-3-1103', 'S-1-5-21-1-2-3'],
    ['S-1-5-21-1-2-3', undefined],
    ['S-1-5-32-544', undefined],
  ])('the domain SID of %s is %s', (account, domain) => {
    expect(domainSidOf(account)).toBe(domain);
  });
});

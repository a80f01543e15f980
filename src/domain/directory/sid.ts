// Security identifiers (MS-DTYP 2.4.2): the binary form AD stores in objectSid/tokenGroups and the S-1-... string form.
import { ByteReader, ByteWriter } from './bytes.js';

/** SIDs with a fixed meaning that the grant evaluation and messages need. */
export const WellKnownSid = {
  /** Everyone: in every logon token. */
  everyone: 'S-1-1-0',
  /** NETWORK: in every network logon token (an LDAP bind). */
  network: 'S-1-5-2',
  /** SELF (PRINCIPAL_SELF): an ACE trustee standing for the object the descriptor belongs to. */
  self: 'S-1-5-10',
  /** Authenticated Users: in every token of an authenticated account. */
  authenticatedUsers: 'S-1-5-11',
  /** This Organization: in tokens of accounts of the same forest. */
  thisOrganization: 'S-1-5-15',
  /** BUILTIN\Administrators, the owner AD writes into msDS-GroupMSAMembership. */
  builtinAdministrators: 'S-1-5-32-544',
} as const;

const SID_STRING = /^S-1-(\d+|0x[0-9A-Fa-f]{12})((?:-\d+){0,15})$/;
const MAX_SUB_AUTHORITIES = 15;

/** True for a syntactically valid SID string (`S-1-<authority>-<sub>...`, at most 15 sub-authorities of 32 bits). */
export function isSidString(value: string): boolean {
  const m = SID_STRING.exec(value);
  if (!m) return false;
  const subs = m[2] ? m[2].slice(1).split('-') : [];
  return subs.every((s) => Number(s) <= 0xffffffff) && authorityOf(m[1] ?? '') <= 0xffffffffffff;
}

function authorityOf(text: string): number {
  return text.startsWith('0x') ? parseInt(text.slice(2), 16) : Number(text);
}

/** Decodes the SID at `offset`; returns its string form and how many bytes it took. */
export function decodeSid(bytes: Uint8Array, offset = 0, structure = 'SID'): { sid: string; byteLength: number } {
  const r = new ByteReader(bytes, structure);
  const revision = r.u8(offset, 'SID revision');
  if (revision !== 1) r.fail(offset, `SID revision is ${revision}, expected 1`);
  const count = r.u8(offset + 1, 'SID sub-authority count');
  if (count > MAX_SUB_AUTHORITIES)
    r.fail(offset + 1, `SID has ${count} sub-authorities, at most ${MAX_SUB_AUTHORITIES} are allowed`);
  const authority = r.u48be(offset + 2, 'SID identifier authority');
  // MS-DTYP 2.4.2.1: an authority of 2^32 or more is written in hexadecimal.
  const authorityText =
    authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase().padStart(12, '0')}` : String(authority);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(r.u32(offset + 8 + i * 4, `SID sub-authority ${i + 1}`));
  return { sid: ['S', '1', authorityText, ...subs.map(String)].join('-'), byteLength: 8 + count * 4 };
}

/** The string form of a binary SID that fills `bytes` exactly (objectSid, one tokenGroups value). */
export function sidToString(bytes: Uint8Array): string {
  const { sid, byteLength } = decodeSid(bytes);
  if (byteLength !== bytes.byteLength)
    new ByteReader(bytes, 'SID').fail(byteLength, `${bytes.byteLength - byteLength} bytes follow the SID`);
  return sid;
}

/** The binary form of a SID string; throws on an invalid string. */
export function encodeSid(sid: string): Uint8Array {
  const m = SID_STRING.exec(sid);
  if (!m || !isSidString(sid))
    throw new Error(`"${sid}" is not a SID (S-1-<authority>-<sub-authority>..., at most 15 sub-authorities)`);
  const subs = m[2] ? m[2].slice(1).split('-').map(Number) : [];
  const authority = authorityOf(m[1] ?? '');
  const w = new ByteWriter().u8(1).u8(subs.length);
  const high = Math.floor(authority / 2 ** 32);
  const low = authority % 2 ** 32;
  w.bytes(
    Uint8Array.of(
      (high >> 8) & 0xff,
      high & 0xff,
      (low >>> 24) & 0xff,
      (low >>> 16) & 0xff,
      (low >>> 8) & 0xff,
      low & 0xff,
    ),
  );
  for (const s of subs) w.u32(s);
  return w.finish();
}

/** Case-insensitive SID comparison (`s-1-5-...` and `S-1-5-...` are the same SID). */
export function sameSid(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** The domain SID of an account SID in a domain (`S-1-5-21-a-b-c-RID` → `S-1-5-21-a-b-c`), else `undefined`. */
export function domainSidOf(accountSid: string): string | undefined {
  const m = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/i.exec(accountSid);
  return m?.[1];
}

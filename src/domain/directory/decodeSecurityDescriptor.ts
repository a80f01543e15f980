// Decodes a self-relative SECURITY_DESCRIPTOR, its ACLs and ACEs from the bytes AD stores. Pure, strict: any
// offset or size that does not fit the value is a DirectoryDataError naming the structure and byte.
import { ByteReader } from './bytes.js';
import { decodeGuid } from './guid.js';
import {
  AceTypeCode,
  SdControl,
  type Ace,
  type AceType,
  type Acl,
  type SecurityDescriptor,
} from './securityDescriptor.js';
import { decodeSid } from './sid.js';

const STRUCTURE = 'security descriptor';
const HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
const ACE_HEADER_SIZE = 4;
const OBJECT_TYPE_PRESENT = 0x1;
const INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const TYPE_BY_CODE = new Map<number, AceType>(
  Object.entries(AceTypeCode).map(([name, code]) => [code, name as AceType]),
);

/** ACE types laid out as header, mask, flags, optional GUIDs, SID (MS-DTYP 2.4.4.3). */
const OBJECT_LAYOUT = new Set<number>([0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0f, 0x10]);
/** ACE types laid out as header, mask, SID (optionally followed by application data). */
const BASIC_LAYOUT = new Set<number>([0x00, 0x01, 0x02, 0x03, 0x09, 0x0a, 0x0d, 0x0e, 0x11, 0x12, 0x13]);

function decodeObjectAce(r: ByteReader, at: number, end: number, ace: Ace): void {
  ace.mask = r.u32(at + 4, 'ACE access mask');
  const objectFlags = r.u32(at + 8, 'object ACE flags');
  let cursor = at + 12;
  if (objectFlags & OBJECT_TYPE_PRESENT) {
    r.need(cursor, 16, 'ACE object type');
    ace.objectType = decodeGuid(r.bytes, cursor, STRUCTURE);
    cursor += 16;
  }
  if (objectFlags & INHERITED_OBJECT_TYPE_PRESENT) {
    r.need(cursor, 16, 'ACE inherited object type');
    ace.inheritedObjectType = decodeGuid(r.bytes, cursor, STRUCTURE);
    cursor += 16;
  }
  // Bounded by the ACE's end: a trustee SID that runs past its ACE is malformed.
  ace.sid = decodeSid(r.bytes.subarray(0, end), cursor, STRUCTURE).sid;
}

function decodeAce(r: ByteReader, at: number, aclEnd: number, index: number): Ace {
  const typeCode = r.u8(at, `ACE ${index} type`);
  const flags = r.u8(at + 1, `ACE ${index} flags`);
  const size = r.u16(at + 2, `ACE ${index} size`);
  if (size < ACE_HEADER_SIZE || size % 4 !== 0)
    r.fail(at + 2, `ACE ${index} has size ${size}; an ACE is a multiple of 4 bytes, at least ${ACE_HEADER_SIZE}`);
  if (at + size > aclEnd) r.fail(at, `ACE ${index} claims ${size} bytes but its ACL ends at byte ${aclEnd}`);
  const ace: Ace = { type: TYPE_BY_CODE.get(typeCode) ?? 'unknown', typeCode, flags, size };
  if (OBJECT_LAYOUT.has(typeCode)) decodeObjectAce(r, at, at + size, ace);
  else if (BASIC_LAYOUT.has(typeCode)) {
    ace.mask = r.u32(at + 4, `ACE ${index} access mask`);
    ace.sid = decodeSid(r.bytes.subarray(0, at + size), at + 8, STRUCTURE).sid;
  }
  return ace;
}

function decodeAcl(r: ByteReader, at: number, name: 'DACL' | 'SACL'): Acl {
  const revision = r.u8(at, `${name} revision`);
  if (revision !== 2 && revision !== 4) r.fail(at, `${name} revision is ${revision}, expected 2 or 4`);
  const size = r.u16(at + 2, `${name} size`);
  const count = r.u16(at + 4, `${name} ACE count`);
  if (size < ACL_HEADER_SIZE) r.fail(at + 2, `${name} size ${size} is smaller than its ${ACL_HEADER_SIZE}-byte header`);
  const end = at + size;
  if (end > r.length) r.fail(at, `${name} claims ${size} bytes but only ${r.length - at} remain`);
  const aces: Ace[] = [];
  let cursor = at + ACL_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (cursor + ACE_HEADER_SIZE > end) r.fail(cursor, `${name} declares ${count} ACEs but ends after ${i}`);
    const ace = decodeAce(r, cursor, end, i);
    aces.push(ace);
    cursor += ace.size;
  }
  return { revision, aces };
}

function decodeOptionalSid(r: ByteReader, offset: number, what: string): string | undefined {
  if (offset === 0) return undefined;
  if (offset < HEADER_SIZE) r.fail(offset, `${what} offset ${offset} points into the header`);
  return decodeSid(r.bytes, offset, STRUCTURE).sid;
}

function decodeOptionalAcl(r: ByteReader, offset: number, name: 'DACL' | 'SACL'): Acl | undefined {
  if (offset === 0) return undefined;
  if (offset < HEADER_SIZE) r.fail(offset, `${name} offset ${offset} points into the header`);
  return decodeAcl(r, offset, name);
}

/**
 * Decodes a self-relative security descriptor (the value of nTSecurityDescriptor or msDS-GroupMSAMembership).
 * Absent parts stay undefined: no owner, no group, no SACL, and no DACL when DACL_PRESENT is clear or its
 * offset is 0 (a null DACL). Throws a DirectoryDataError for anything malformed.
 */
export function decodeSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  const r = new ByteReader(bytes, STRUCTURE);
  r.need(0, HEADER_SIZE, 'header');
  const revision = r.u8(0, 'revision');
  if (revision !== 1) r.fail(0, `revision is ${revision}, expected 1`);
  const control = r.u16(2, 'control');
  if (!(control & SdControl.selfRelative)) r.fail(2, 'not in self-relative form (SE_SELF_RELATIVE is clear)');
  const daclPresent = (control & SdControl.daclPresent) !== 0;
  const saclPresent = (control & SdControl.saclPresent) !== 0;
  const sd: SecurityDescriptor = { revision, control, daclPresent };
  const owner = decodeOptionalSid(r, r.u32(4, 'owner offset'), 'owner');
  const group = decodeOptionalSid(r, r.u32(8, 'group offset'), 'group');
  const sacl = saclPresent ? decodeOptionalAcl(r, r.u32(12, 'SACL offset'), 'SACL') : undefined;
  const dacl = daclPresent ? decodeOptionalAcl(r, r.u32(16, 'DACL offset'), 'DACL') : undefined;
  if (owner !== undefined) sd.owner = owner;
  if (group !== undefined) sd.group = group;
  if (sacl !== undefined) sd.sacl = sacl;
  if (dacl !== undefined) sd.dacl = dacl;
  return sd;
}

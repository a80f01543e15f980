// Encodes a self-relative SECURITY_DESCRIPTOR with the layout Samba's NDR writes (header, owner, group, SACL,
// DACL), so the bytes equal what a DC produces from the same SDDL. Used to write msDS-GroupMSAMembership.
import { ByteWriter } from './bytes.js';
import { encodeGuid } from './guid.js';
import { DS_ALL_RIGHTS } from './accessMask.js';
import { AceTypeCode, SdControl } from './securityDescriptor.js';
import { encodeSid, WellKnownSid } from './sid.js';

/** The ACE types the encoder writes. */
export type EncodableAceType =
  | 'access-allowed'
  | 'access-denied'
  | 'access-allowed-object'
  | 'access-denied-object'
  | 'system-audit'
  | 'system-audit-object';

/** One ACE to encode. */
export interface AceInput {
  type: EncodableAceType;
  /** AceFlags. @default 0 */
  flags?: number;
  mask: number;
  sid: string;
  /** Object ACE types only. */
  objectType?: string;
  /** Object ACE types only. */
  inheritedObjectType?: string;
}

/** An ACL to encode. */
export interface AclInput {
  /** @default 4 (ACL_REVISION_DS), as AD and Samba write directory descriptors */
  revision?: 2 | 4;
  aces: AceInput[];
}

/** A descriptor to encode. */
export interface SecurityDescriptorInput {
  owner?: string;
  group?: string;
  /** `undefined`: no DACL (DACL_PRESENT clear); `null`: a null DACL (present, offset 0). */
  dacl?: AclInput | null;
  sacl?: AclInput;
  /** Extra control bits (e.g. DACL_PROTECTED); SELF_RELATIVE and the PRESENT bits are set from the content. */
  control?: number;
}

const OBJECT_TYPES = new Set<EncodableAceType>([
  'access-allowed-object',
  'access-denied-object',
  'system-audit-object',
]);

function encodeAce(ace: AceInput): Uint8Array {
  const body = new ByteWriter().u32(ace.mask);
  if (OBJECT_TYPES.has(ace.type)) {
    const objectFlags = (ace.objectType ? 1 : 0) | (ace.inheritedObjectType ? 2 : 0);
    body.u32(objectFlags);
    if (ace.objectType) body.bytes(encodeGuid(ace.objectType));
    if (ace.inheritedObjectType) body.bytes(encodeGuid(ace.inheritedObjectType));
  } else if (ace.objectType || ace.inheritedObjectType) {
    throw new Error(`an ${ace.type} ACE cannot carry an object type; use the -object variant`);
  }
  body.bytes(encodeSid(ace.sid));
  const size = 4 + body.length;
  return new ByteWriter()
    .u8(AceTypeCode[ace.type])
    .u8(ace.flags ?? 0)
    .u16(size)
    .bytes(body.finish())
    .finish();
}

function encodeAcl(acl: AclInput): Uint8Array {
  const aces = acl.aces.map(encodeAce);
  const size = 8 + aces.reduce((n, a) => n + a.byteLength, 0);
  if (size > 0xffff) throw new Error(`an ACL of ${size} bytes exceeds the 65535-byte limit`);
  const w = new ByteWriter()
    .u8(acl.revision ?? 4)
    .u8(0)
    .u16(size)
    .u16(aces.length)
    .u16(0);
  for (const a of aces) w.bytes(a);
  return w.finish();
}

type Part = { bytes: Uint8Array; offsetIndex: 0 | 1 | 2 | 3 };

/** Owner, group, SACL, DACL in Samba's order; the index is the header's offset field (owner, group, SACL, DACL). */
function partsOf(input: SecurityDescriptorInput): Part[] {
  const parts: Part[] = [];
  if (input.owner !== undefined) parts.push({ bytes: encodeSid(input.owner), offsetIndex: 0 });
  if (input.group !== undefined) parts.push({ bytes: encodeSid(input.group), offsetIndex: 1 });
  if (input.sacl !== undefined) parts.push({ bytes: encodeAcl(input.sacl), offsetIndex: 2 });
  if (input.dacl) parts.push({ bytes: encodeAcl(input.dacl), offsetIndex: 3 });
  return parts;
}

function controlOf(input: SecurityDescriptorInput): number {
  let control = (input.control ?? 0) | SdControl.selfRelative;
  if (input.dacl !== undefined) control |= SdControl.daclPresent;
  if (input.sacl !== undefined) control |= SdControl.saclPresent;
  return control;
}

/** Encodes `input` as a self-relative security descriptor. Throws on an invalid SID or GUID. */
export function encodeSecurityDescriptor(input: SecurityDescriptorInput): Uint8Array {
  const parts = partsOf(input);
  const offsets = [0, 0, 0, 0];
  let at = 20;
  for (const p of parts) {
    offsets[p.offsetIndex] = at;
    at += p.bytes.byteLength;
  }
  const w = new ByteWriter().u8(1).u8(0).u16(controlOf(input));
  for (const o of offsets) w.u32(o);
  for (const p of parts) w.bytes(p.bytes);
  return w.finish();
}

/**
 * The msDS-GroupMSAMembership value that `Set-ADServiceAccount -PrincipalsAllowedToRetrieveManagedPassword`
 * writes: owner BUILTIN\Administrators, one ACCESS_ALLOWED ACE with full control (0xF01FF) per principal.
 */
export function passwordRetrievalDescriptor(principalSids: readonly string[]): Uint8Array {
  return encodeSecurityDescriptor({
    owner: WellKnownSid.builtinAdministrators,
    dacl: { aces: principalSids.map((sid) => ({ type: 'access-allowed', mask: DS_ALL_RIGHTS, sid })) },
  });
}

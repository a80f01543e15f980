// Types of a decoded SECURITY_DESCRIPTOR (MS-DTYP 2.4.6): what nTSecurityDescriptor and msDS-GroupMSAMembership hold.

/** SECURITY_DESCRIPTOR control bits (MS-DTYP 2.4.6). */
export const SdControl = {
  ownerDefaulted: 0x0001,
  groupDefaulted: 0x0002,
  daclPresent: 0x0004,
  daclDefaulted: 0x0008,
  saclPresent: 0x0010,
  daclAutoInheritRequired: 0x0100,
  saclAutoInheritRequired: 0x0200,
  daclAutoInherited: 0x0400,
  saclAutoInherited: 0x0800,
  daclProtected: 0x1000,
  saclProtected: 0x2000,
  rmControlValid: 0x4000,
  selfRelative: 0x8000,
} as const;

/** ACE flags (MS-DTYP 2.4.4.1). */
export const AceFlag = {
  objectInherit: 0x01,
  containerInherit: 0x02,
  noPropagateInherit: 0x04,
  /** The ACE only passes to children; access checks on this object skip it. */
  inheritOnly: 0x08,
  inherited: 0x10,
  successfulAccess: 0x40,
  failedAccess: 0x80,
} as const;

/** ACE type codes (MS-DTYP 2.4.4.1) by name. */
export const AceTypeCode = {
  'access-allowed': 0x00,
  'access-denied': 0x01,
  'system-audit': 0x02,
  'system-alarm': 0x03,
  'access-allowed-compound': 0x04,
  'access-allowed-object': 0x05,
  'access-denied-object': 0x06,
  'system-audit-object': 0x07,
  'system-alarm-object': 0x08,
  'access-allowed-callback': 0x09,
  'access-denied-callback': 0x0a,
  'access-allowed-callback-object': 0x0b,
  'access-denied-callback-object': 0x0c,
  'system-audit-callback': 0x0d,
  'system-alarm-callback': 0x0e,
  'system-audit-callback-object': 0x0f,
  'system-alarm-callback-object': 0x10,
  'system-mandatory-label': 0x11,
  'system-resource-attribute': 0x12,
  'system-scoped-policy-id': 0x13,
} as const;

/** The ACE types by name; `unknown` for a code MS-DTYP does not define. */
export type AceType = keyof typeof AceTypeCode | 'unknown';

/** One access control entry. */
export interface Ace {
  type: AceType;
  /** The raw AceType byte (kept for `unknown` types). */
  typeCode: number;
  /** AceFlags bits, see {@link AceFlag}. */
  flags: number;
  /** The access mask as stored (generic rights are not mapped). Absent for types without one. */
  mask?: number;
  /** The trustee. Absent for types without one (compound, unknown). */
  sid?: string;
  /** Object ACEs: the object type GUID (a property, property set, class or extended right), when present. */
  objectType?: string;
  /** Object ACEs: the class of child objects that inherit the ACE, when present. */
  inheritedObjectType?: string;
  /** The ACE's size in bytes (AceSize). */
  size: number;
}

/** An access control list. */
export interface Acl {
  /** 2 (ACL_REVISION) or 4 (ACL_REVISION_DS, needed for object ACEs). */
  revision: number;
  aces: Ace[];
}

/** A decoded self-relative security descriptor. */
export interface SecurityDescriptor {
  revision: number;
  /** Control bits, see {@link SdControl}. */
  control: number;
  owner?: string;
  group?: string;
  /** True when the DACL_PRESENT bit is set (the DACL itself may still be null: then `dacl` is absent). */
  daclPresent: boolean;
  dacl?: Acl;
  sacl?: Acl;
}

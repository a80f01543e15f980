// Access mask bits of directory-service objects (MS-ADTS 5.1.3.2, MS-DTYP 2.4.3), named as PowerShell's
// ActiveDirectoryRights enumeration names them, and the generic-rights mapping AD uses for its objects.

/** Access rights of directory objects. */
export const AccessRight = {
  createChild: 0x00000001,
  deleteChild: 0x00000002,
  listChildren: 0x00000004,
  self: 0x00000008,
  /** RIGHT_DS_READ_PROPERTY: what a DC checks against msDS-GroupMSAMembership before it returns a gMSA password. */
  readProperty: 0x00000010,
  writeProperty: 0x00000020,
  deleteTree: 0x00000040,
  listObject: 0x00000080,
  extendedRight: 0x00000100,
  delete: 0x00010000,
  readControl: 0x00020000,
  writeDacl: 0x00040000,
  writeOwner: 0x00080000,
  synchronize: 0x00100000,
  accessSystemSecurity: 0x01000000,
  maximumAllowed: 0x02000000,
  genericAll: 0x10000000,
  genericExecute: 0x20000000,
  genericWrite: 0x40000000,
  genericRead: 0x80000000,
} as const;

/** The PowerShell name of each right, in bit order. */
const RIGHT_NAMES: readonly [number, string][] = [
  [AccessRight.createChild, 'CreateChild'],
  [AccessRight.deleteChild, 'DeleteChild'],
  [AccessRight.listChildren, 'ListChildren'],
  [AccessRight.self, 'Self'],
  [AccessRight.readProperty, 'ReadProperty'],
  [AccessRight.writeProperty, 'WriteProperty'],
  [AccessRight.deleteTree, 'DeleteTree'],
  [AccessRight.listObject, 'ListObject'],
  [AccessRight.extendedRight, 'ExtendedRight'],
  [AccessRight.delete, 'Delete'],
  [AccessRight.readControl, 'ReadControl'],
  [AccessRight.writeDacl, 'WriteDacl'],
  [AccessRight.writeOwner, 'WriteOwner'],
  [AccessRight.synchronize, 'Synchronize'],
  [AccessRight.accessSystemSecurity, 'AccessSystemSecurity'],
  [AccessRight.maximumAllowed, 'MaximumAllowed'],
  [AccessRight.genericAll, 'GenericAll'],
  [AccessRight.genericExecute, 'GenericExecute'],
  [AccessRight.genericWrite, 'GenericWrite'],
  [AccessRight.genericRead, 'GenericRead'],
];

/** Every specific and standard right of a directory object: what GenericAll maps to (0xF01FF). */
export const DS_ALL_RIGHTS = 0x000f01ff;

/** What each generic right means on a directory object (the DS GENERIC_MAPPING). */
export const DS_GENERIC_MAPPING = {
  read: AccessRight.readControl | AccessRight.listChildren | AccessRight.readProperty | AccessRight.listObject,
  write: AccessRight.readControl | AccessRight.self | AccessRight.writeProperty,
  execute: AccessRight.readControl | AccessRight.listChildren,
  all: DS_ALL_RIGHTS,
} as const;

const GENERIC_BITS =
  AccessRight.genericAll | AccessRight.genericExecute | AccessRight.genericWrite | AccessRight.genericRead;

/** True when `mask` carries any of the four generic rights. */
export function hasGenericRights(mask: number): boolean {
  return (mask & GENERIC_BITS) !== 0;
}

/** `mask` with each generic right replaced by the specific rights it stands for on a directory object. */
export function mapGenericRights(mask: number): number {
  let mapped = mask & ~GENERIC_BITS;
  if (mask & AccessRight.genericRead) mapped |= DS_GENERIC_MAPPING.read;
  if (mask & AccessRight.genericWrite) mapped |= DS_GENERIC_MAPPING.write;
  if (mask & AccessRight.genericExecute) mapped |= DS_GENERIC_MAPPING.execute;
  if (mask & AccessRight.genericAll) mapped |= DS_GENERIC_MAPPING.all;
  return mapped >>> 0;
}

/** The names of the rights in `mask` (`GenericAll` for 0xF01FF is not inferred); unnamed bits as `0x...`. */
export function accessRightNames(mask: number): string[] {
  const names: string[] = [];
  let rest = mask >>> 0;
  for (const [bit, name] of RIGHT_NAMES) {
    if ((rest & bit) >>> 0 !== 0) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** A mask as AD tools show it: `FullControl` for every right, else the names joined by `, ` (`none` when 0). */
export function describeAccessMask(mask: number): string {
  const m = mask >>> 0;
  if (m === 0) return 'none';
  if (m === DS_ALL_RIGHTS) return 'FullControl (0xF01FF)';
  return `${accessRightNames(m).join(', ')} (0x${m.toString(16).toUpperCase()})`;
}

// GUIDs as AD stores them (objectGUID, ACE object types): 16 bytes, the first three fields little-endian.
import { ByteReader } from './bytes.js';

const GUID_STRING = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True for `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hexadecimal (no braces). */
export function isGuidString(value: string): boolean {
  return GUID_STRING.test(value);
}

/**
 * The lowercase string form of the 16-byte GUID at `offset`. The bytes are mixed-endian (MS-DTYP 2.3.4.2):
 * Data1 (4 bytes), Data2 and Data3 (2 bytes each) little-endian, the last 8 bytes in order.
 */
export function decodeGuid(bytes: Uint8Array, offset = 0, structure = 'GUID'): string {
  const r = new ByteReader(bytes, structure);
  r.need(offset, 16, 'GUID');
  const hex = (from: number, to: number): string =>
    Array.from(bytes.subarray(offset + from, offset + to), (b) => b.toString(16).padStart(2, '0')).join('');
  const data1 = r.u32(offset, 'GUID Data1').toString(16).padStart(8, '0');
  const data2 = r
    .u16(offset + 4, 'GUID Data2')
    .toString(16)
    .padStart(4, '0');
  const data3 = r
    .u16(offset + 6, 'GUID Data3')
    .toString(16)
    .padStart(4, '0');
  return `${data1}-${data2}-${data3}-${hex(8, 10)}-${hex(10, 16)}`;
}

/** The string form of a binary GUID that fills `bytes` exactly (objectGUID). */
export function guidToString(bytes: Uint8Array): string {
  if (bytes.byteLength !== 16)
    new ByteReader(bytes, 'GUID').fail(0, `a GUID has 16 bytes, this value has ${bytes.byteLength}`);
  return decodeGuid(bytes);
}

/** The 16 stored bytes of a GUID string; throws on an invalid string. */
export function encodeGuid(guid: string): Uint8Array {
  if (!isGuidString(guid)) throw new Error(`"${guid}" is not a GUID (8-4-4-4-12 hexadecimal digits)`);
  const digits = guid.replace(/-/g, '');
  const byte = (i: number): number => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, byte);
}

/** Case-insensitive GUID comparison. */
export function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

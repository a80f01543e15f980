// RFC 4515 escaping for LDAP search filter values, text and binary.

/** `value` with `*`, `(`, `)`, `\` and NUL escaped as `\2a`, `\28`, `\29`, `\5c`, `\00`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Every byte escaped as `\xx`: how a binary value (objectSid, objectGUID) goes into a filter. */
export function escapeBinaryFilterValue(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

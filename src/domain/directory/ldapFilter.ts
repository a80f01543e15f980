// RFC 4515 escaping for LDAP search filter values.

/** `value` with `*`, `(`, `)`, `\` and NUL escaped as `\2a`, `\28`, `\29`, `\5c`, `\00`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

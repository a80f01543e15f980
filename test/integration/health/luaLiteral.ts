// JSON value → Lua 5.1 table constructor source, so a Lua script can read a fixture with `loadstring`
// (Lua 5.1 has no JSON library). Mirrors how Argo CD hands `obj` to a health script.

/** A Lua 5.1 string literal: quotes, backslashes, and control bytes escaped; other text passed as UTF-8. */
export function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // \ddd is decimal in Lua 5.1; always three digits so a following digit is not swallowed.
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString().padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function luaNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot express ${n} in Lua source`);
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * The Lua expression for a JSON value. Objects become `{["key"]=value, ...}`, arrays 1-based
 * sequences. A `null` member is left out (Lua tables cannot hold nil, so reading it gives nil
 * anyway); a `null` array element is refused because it would cut the sequence short.
 */
export function toLuaLiteral(value: unknown, path = '$'): string {
  if (value === null) return 'nil';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return luaNumber(value);
    case 'string':
      return luaString(value);
    case 'object':
      break;
    default:
      throw new Error(`${path}: ${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown, i) => {
      if (item === null) throw new Error(`${path}[${i}]: null inside an array has no Lua equivalent`);
      return toLuaLiteral(item, `${path}[${i}]`);
    });
    return `{${items.join(', ')}}`;
  }
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `[${luaString(k)}] = ${toLuaLiteral(v, `${path}.${k}`)}`);
  return `{${fields.join(', ')}}`;
}

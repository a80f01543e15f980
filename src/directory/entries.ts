// Reading attribute values out of ldapts search entries (absent attributes come back as []).
import type { Entry } from 'ldapts';

function valueOf(entry: Entry, attribute: string): unknown {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  return key === undefined ? undefined : entry[key];
}

/** Every string value of `attribute`. */
export function strings(entry: Entry, attribute: string): string[] {
  const v = valueOf(entry, attribute);
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/** The first string value of `attribute`, or `undefined`. */
export function firstString(entry: Entry, attribute: string): string | undefined {
  return strings(entry, attribute)[0];
}

/** Every binary value of `attribute` (request it in explicitBufferAttributes). */
export function buffers(entry: Entry, attribute: string): Buffer[] {
  const v = valueOf(entry, attribute);
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is Buffer => Buffer.isBuffer(x));
}

/** The first binary value of `attribute`, or `undefined`. */
export function firstBuffer(entry: Entry, attribute: string): Buffer | undefined {
  return buffers(entry, attribute)[0];
}

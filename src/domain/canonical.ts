// Canonical JSON and hashing: identical input gives identical bytes and hash.
import { createHash } from 'node:crypto';

/** Hex sha256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined && child !== null) sorted[key] = canonicalValue(child);
  }
  return sorted;
}

/**
 * A deep copy with object keys sorted and `null`/`undefined` members dropped; arrays keep
 * their order (it is meaningful in ECS input).
 */
export function canonicalize<T>(value: T): T {
  return canonicalValue(value) as T;
}

/** Compact JSON of the canonical form. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

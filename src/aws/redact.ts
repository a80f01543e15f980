// Keeps values being written out of error messages: AWS sometimes echoes request fields in its messages.

const MAX_MESSAGE = 300;
const MIN_PART = 4;

/**
 * The strings to scrub for a value being written: the value itself and, when it is a JSON object,
 * each of its string fields of at least 4 characters (a domainless secret's username and password).
 */
export function sensitiveParts(value: string): string[] {
  const fields = Object.values(parseObject(value) ?? {});
  return [value, ...fields.filter((f): f is string => typeof f === 'string' && f.length >= MIN_PART)];
}

function parseObject(value: string): object | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined; // not JSON: the whole value is enough
  }
}

/** Replaces every sensitive string in `message` by `***` (longest first), then trims it to 300 characters. */
export function scrubMessage(message: string, sensitive: readonly string[] = []): string {
  let out = message;
  const longestFirst = [...sensitive].sort((a, b) => b.length - a.length);
  for (const value of longestFirst) if (value !== '') out = out.split(value).join('***');
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}...` : out;
}

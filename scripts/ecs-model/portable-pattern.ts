// Decides whether a model `pattern` can go into a CRD: the apiserver compiles it with Go's RE2, clients with ECMAScript.

/** Constructs RE2 lacks (lookaround, backreferences), ECMAScript-only named groups, and possessive quantifiers. */
const UNPORTABLE = [/\(\?<?[=!]/, /\\[1-9]/, /\\k</, /\(\?P?</, /[*+?}]\+/];
/** Unicode classes both engines know: one- or two-letter general categories such as \p{L}, \p{Nd}. */
const UNICODE_CLASS = /\\[pP]\{([^}]*)\}/g;

function unicodeClassesPortable(pattern: string): boolean {
  return [...pattern.matchAll(UNICODE_CLASS)].every((m) => /^[A-Z][a-z]?$/.test(m[1] ?? ''));
}

function compilesAsEcmaScript(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Smithy patterns are not implicitly anchored, so `([a-z]*)` matches every string. Kubernetes patterns are not
 * anchored either; we anchor the model's pattern so it means what the documentation says (the whole value matches).
 */
export function anchored(pattern: string): string {
  const start = pattern.startsWith('^');
  const end = pattern.endsWith('$') && !pattern.endsWith('\\$');
  return start && end ? pattern : `^(?:${pattern})$`;
}

/** The anchored pattern when it is valid for both RE2 and ECMAScript (with the `u` flag), else undefined. */
export function portablePattern(pattern: string): string | undefined {
  if (UNPORTABLE.some((re) => re.test(pattern))) return undefined;
  if (!unicodeClassesPortable(pattern)) return undefined;
  const result = anchored(pattern);
  return compilesAsEcmaScript(result) ? result : undefined;
}

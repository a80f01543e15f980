// Name patterns of the tenancy policy: exact by construction. Pure.
//
//   *            any run of characters except "/" (one path segment, or part of one)
//   **           any run of characters, "/" included
//   {namespace}  the namespace the rule is applied to
// Every other character is literal and case-sensitive; there is no "?" and no character class.

/** The placeholder a pattern may use for the namespace it is applied to. */
export const NAMESPACE_PLACEHOLDER = '{namespace}';

/** Why a pattern cannot be used, or `undefined` when it can. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '')
    return 'an empty pattern would match nothing by accident or everything by mistake: remove it';
  if (pattern.includes('?'))
    return '"?" is not supported: patterns use * (within one "/" segment) and ** (across segments)';
  if (/\*{3,}/.test(pattern)) return 'use * or **, not more stars';
  if (/\{(?!namespace\})/.test(pattern)) return 'the only placeholder is {namespace}';
  return undefined;
}

/** What `*` and `**` stand for in one kind of pattern, as regular-expression sources. */
export interface GlobWildcards {
  star: string;
  doubleStar: string;
}

function compile(pattern: string, wildcards: GlobWildcards): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*' && pattern.charAt(i + 1) === '*') {
      source += wildcards.doubleStar;
      i++;
    } else if (c === '*') source += wildcards.star;
    else source += c.replace(/[.+^${}()|[\]\\?]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** A matcher for one kind of pattern; each pattern is compiled once (up to 10,000 are kept). */
export function globMatcher(wildcards: GlobWildcards): (pattern: string, value: string) => boolean {
  const compiled = new Map<string, RegExp>();
  return (pattern, value) => {
    let re = compiled.get(pattern);
    if (!re) {
      re = compile(pattern, wildcards);
      if (compiled.size < 10_000) compiled.set(pattern, re);
    }
    return re.test(value);
  };
}

/** `pattern` with {namespace} replaced. */
export function expand(pattern: string, namespace: string): string {
  return pattern.replaceAll(NAMESPACE_PLACEHOLDER, namespace);
}

/** True when `value` matches the (expanded) `pattern`: `*` never crosses "/". */
export const patternMatches = globMatcher({ star: '[^/]*', doubleStar: '.*' });

/** True when any of `patterns` (expanded for `namespace`) matches `value`. */
export function anyMatches(patterns: readonly string[], namespace: string, value: string): boolean {
  return patterns.some((p) => patternMatches(expand(p, namespace), value));
}

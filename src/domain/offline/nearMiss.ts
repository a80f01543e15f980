// Spots an apiVersion or kind that a reader takes for ours but that is not: another letter case,
// look-alike letters from other scripts (Cyrillic "а" for "a"), full-width or invisible characters.
// `validate` must flag these: the apiserver would treat them as another API, and a pull request that
// silently skips them hides a typo (or a deliberate trick).

/** Letters of other scripts (and digits) that render like the ASCII letter they map to. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  α: 'a',
  ɑ: 'a',
  с: 'c',
  ϲ: 'c',
  ԁ: 'd',
  е: 'e',
  ε: 'e',
  ҽ: 'e',
  ɡ: 'g',
  ց: 'g',
  һ: 'h',
  і: 'i',
  ι: 'i',
  ı: 'i',
  ј: 'j',
  к: 'k',
  κ: 'k',
  ӏ: 'l',
  м: 'm',
  μ: 'm',
  ո: 'n',
  η: 'n',
  о: 'o',
  ο: 'o',
  σ: 'o',
  0: 'o',
  р: 'p',
  ρ: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  τ: 't',
  υ: 'u',
  ս: 'u',
  ν: 'v',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  χ: 'x',
  у: 'y',
  γ: 'y',
  ᴢ: 'z',
};

/**
 * A form of `text` in which look-alikes are equal: NFKC (full-width and styled letters to plain
 * ones), no invisible or space characters, lower case, look-alike letters to ASCII, and the
 * letters readers confuse most (i/l/1/|, rn/m) folded together.
 */
export function skeleton(text: string): string {
  const plain = text
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Z}\s]/gu, '')
    .toLowerCase();
  const ascii = [...plain].map((ch) => LOOKALIKES[ch] ?? ch).join('');
  return ascii.replace(/[il1|]/g, 'l').replace(/rn/g, 'm');
}

/** True when `candidate` differs from `intended` but a reader would take one for the other. */
export function looksLike(candidate: string, intended: string): boolean {
  return candidate !== intended && skeleton(candidate) === skeleton(intended);
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What makes `candidate` differ from the ASCII `intended`: its unusual characters, or letter case. */
export function describeDifference(candidate: string, intended: string): string {
  const odd = [...new Set([...candidate].filter((ch) => !/^[\x21-\x7e]$/.test(ch)))];
  if (odd.length > 0) {
    const named = odd
      .slice(0, 3)
      .map((ch) =>
        /[\p{Cf}\p{Z}\s]/u.test(ch) ? `invisible or space character ${codePoint(ch)}` : `"${ch}" (${codePoint(ch)})`,
      );
    return `it contains ${named.join(', ')}${odd.length > 3 ? ', ...' : ''}`;
  }
  if (candidate.toLowerCase() === intended.toLowerCase()) return 'it differs in letter case';
  return 'it uses look-alike characters';
}

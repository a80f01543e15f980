// Turns botocore HTML documentation into a short plain-text `description`.

/** Tags that separate paragraphs; all other tags (code, a, i, b, ...) are dropped in place. */
const BLOCK_TAG = /<\/?(?:p|li|ul|ol|br|note|important|div|dl|dt|dd|h[1-6]|table|tr|td|th|pre|fullname)\b[^>]*>/gi;
const ANY_TAG = /<[^>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** Words whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'approx', 'no']);
const ELLIPSIS = '...';
/** Warnings set apart from the main text; a description skips them when there is other text. */
const ASIDE = /<(important|note)\b[^>]*>[\s\S]*?<\/\1>/gi;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The documentation's paragraphs as plain text, whitespace collapsed, empty ones dropped. */
export function paragraphs(html: string): string[] {
  const text = html.replace(BLOCK_TAG, '\n').replace(ANY_TAG, '');
  return decodeEntities(text)
    .split('\n')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** The first sentence of `text`: up to the first `.`, `!` or `?` followed by a space or the end, skipping abbreviations. */
export function firstSentence(text: string): string {
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    const before = text.slice(0, match.index);
    const word = /(\S+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
    if (!ABBREVIATIONS.has(word)) return text.slice(0, match.index + 1);
  }
  return text;
}

/** Cuts `text` to at most `max` characters at a word boundary, marking the cut with `...`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const space = room.lastIndexOf(' ');
  const cut = space > room.length / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:]+$/, '')}${ELLIPSIS}`;
}

/** First sentence of the first paragraph outside notes, HTML stripped, at most `max` characters; undefined when there is no text. */
export function shortDescription(html: string | undefined, max: number): string | undefined {
  const first = paragraphs((html ?? '').replace(ASIDE, '\n'))[0] ?? paragraphs(html ?? '')[0];
  if (first === undefined) return undefined;
  return truncate(firstSentence(first), max);
}

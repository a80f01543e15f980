// Relative links in docs/*.md point at files that exist and at headings that exist (GitHub anchors).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const docs = join(root, 'docs');
const pages = readdirSync(docs)
  .filter((f) => f.endsWith('.md'))
  .sort();

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Markdown links outside code blocks and code spans: [text](target). */
function links(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/``[^`]*``|`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
}

describe('docs links', () => {
  it('finds the pages', () => {
    expect(pages).toEqual(expect.arrayContaining(['iam.md', 'quickstart.md', 'reference.md', 'troubleshooting.md']));
  });

  it.each(pages)('%s: every relative link resolves', (page) => {
    const file = join(docs, page);
    for (const link of links(file)) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? file : resolve(dirname(file), path);
      expect({ link, exists: existsSync(target) }).toEqual({ link, exists: true });
      if (anchor !== undefined && target.endsWith('.md'))
        expect({ link, anchor: anchors(target).has(anchor) }).toEqual({ link, anchor: true });
    }
  });
});

// The newcomer path and CI are one path: README.md's `npm ci && npm test` must set up everything the
// tests need, and .ci/run must run exactly that, installing nothing of its own (the real proof is a
// fresh clone with an empty HOME; these checks keep the pieces from drifting apart again).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/** Shell lines of .ci/run that run something (comments, blanks and function bodies' echo lines dropped). */
const ciLines = read('.ci/run')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|sh)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('the newcomer path', () => {
  it("README's set-up command is npm ci && npm test", () => {
    expect(read('README.md')).toContain('## Set up on a fresh machine\n\nRun the tests');
    expect(read('README.md')).toContain('```sh\nnpm ci && npm test\n```');
  });

  it('.ci/run runs npm ci and npm test and nothing else of substance', () => {
    const steps = ciLines.filter((line) => line.startsWith('step ')).map((line) => line.replace(/^step "[^"]+" /, ''));
    expect(steps).toEqual(['require_node', 'npm ci --no-audit --no-fund', 'npm test']);
  });

  it('.ci/run installs and builds nothing itself', () => {
    for (const forbidden of ['apt-get', 'apt ', 'dpkg', 'pip ', 'go build', 'go install', 'devenv/', 'lua']) {
      expect({ forbidden, lines: ciLines.filter((line) => line.includes(forbidden)) }).toEqual({
        forbidden,
        lines: [],
      });
    }
  });

  it('test:integration builds first every devenv build script a test relies on', () => {
    const used = new Set<string>();
    for (const file of filesUnder('test')) {
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(/devenv\/(build-[a-z-]+\.sh)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(0);
    expect(scripts['test:integration']).toMatch(/^npm run env:build && /);
    for (const script of used)
      expect({ script, built: (scripts['env:build'] ?? '').includes(`bash devenv/${script}`) }).toEqual({
        script,
        built: true,
      });
  });

  it('nothing runs a system Lua: Argo CD health checks run in tools/argocd-health (gopher-lua)', () => {
    const self = relative(root, fileURLToPath(import.meta.url));
    const files = [...filesUnder('test'), ...filesUnder('devenv'), ...filesUnder('scripts'), '.ci/run'].filter(
      (file) => file !== self,
    );
    const offenders = files.filter((file) => /\blua5\.1\b|apt-get[^\n]*\blua/.test(read(file)));
    expect(offenders).toEqual([]);
  });
});

// Rewrites test/golden/*.render.json from `render` on each example (npm run golden:update).
// Review the diff by hand: these files are the expected output the tests compare against.
import { EXAMPLE_TENANCY_FLAGS } from '../test/fixtures/tenancy.js';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCommand } from '../src/cli/renderCommand.js';
import type { RenderReport } from '../src/domain/offline/types.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const examples = join(root, 'examples');
const golden = join(root, 'test', 'golden');
mkdirSync(golden, { recursive: true });
for (const file of readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  let text = '';
  const code = await renderCommand(
    {
      files: [join(examples, file)],
      accountId: '111122223333',
      region: 'us-east-1',
      clusterName: 'default',
      tenancy: EXAMPLE_TENANCY_FLAGS,
    },
    { stdout: (t) => (text += t), stderr: (t) => process.stderr.write(t) },
  );
  const report = JSON.parse(text) as RenderReport;
  // File paths are machine-specific: keep the base name only.
  const stable = { ...report, skipped: report.skipped.map((s) => ({ ...s, file })) };
  writeFileSync(join(golden, file.replace(/\.yaml$/, '.render.json')), `${JSON.stringify(stable, null, 2)}\n`);
  console.log(`${file}: exit ${code}`);
}

// `npx tsx bench/offline/inputCost.ts [--quick] [--only TEXT]`: what large inputs cost the offline CLI (`validate`).
// Each case writes a manifest to a temp folder and runs `validate -f FILE` in a child process,
// printing wall time, peak RSS and the exit code with the first line of output. Figures for
// bench/offline/RESULTS.md; nothing here asserts a time (the unit tests guard the complexity).
import { EXAMPLE_TENANCY_FLAGS } from '../../test/fixtures/tenancy.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT_MS = 120_000;

/** A ConfigMap (another API group: parsed, then skipped) with `n` data keys. */
function configMapKeys(n: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big, namespace: team-a}', 'data:'];
  for (let i = 0; i < n; i++) lines.push(`  key${i}: value${i}`);
  return `${lines.join('\n')}\n`;
}

/** One of our objects with `n` spec.tags (parsed, schema-checked, rule-checked). */
function credSpecTags(n: number): string {
  const lines = [
    'apiVersion: ecsgmsa.io/v1alpha1',
    'kind: GmsaCredentialSpec',
    'metadata: {name: webapp01, namespace: team-a}',
    'spec:',
    '  hostOs: Windows',
    '  account: WebApp01',
    '  domain: {dnsName: contoso.com, netBiosName: CONTOSO, sid: S-1-5-21-2554468230-2647958158-2204241789, guid: 8665abd4-e947-4dd0-9a51-f8254943c90b}',
    '  storage: {ssm: {parameterName: /gmsa/team-a/webapp01}}',
    '  tags:',
  ];
  for (let i = 0; i < n; i++) lines.push(`    t${i}: v`);
  return `${lines.join('\n')}\n`;
}

/** A ConfigMap holding one scalar of `mb` MiB. */
function bigScalar(mb: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blob}\ndata:\n  blob: ${'x'.repeat(mb * 1024 * 1024)}\n`;
}

/** One of our objects whose spec.account is a double-quoted scalar of `mb` MiB. */
function bigQuotedAccount(mb: number): string {
  return credSpecTags(0).replace('account: WebApp01', `account: "${'x'.repeat(mb * 1024 * 1024)}"`);
}

interface Figures {
  seconds: number;
  peakRssMb: number;
  exit: string;
  firstLine: string;
}

/** Runs validate on `text` in a child (via this file's --child mode, which reports its own peak RSS). */
function measure(text: string): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'offline-bench-'));
  const file = join(dir, 'input.yaml');
  writeFileSync(file, text);
  const t0 = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], {
    cwd: root,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  const rss = /^PEAK_RSS_KB=(\d+)$/m.exec(child.stdout ?? '')?.[1];
  const output =
    `${child.stderr ?? ''}${child.stdout ?? ''}`.split('\n').find((l) => l !== '' && !l.startsWith('PEAK_RSS_KB=')) ??
    '';
  const exit = child.error ? `killed after ${TIMEOUT_MS / 1000} s` : String(child.status);
  return {
    seconds,
    peakRssMb: rss ? Math.round(Number(rss) / 1024) : Number.NaN,
    exit,
    firstLine: output.slice(0, 140),
  };
}

async function child(file: string): Promise<void> {
  const { validateCommand } = await import('../../src/cli/renderCommand.js');
  const code = await validateCommand(
    {
      files: [file],
      accountId: '000000000000',
      region: 'us-east-1',
      clusterName: 'default',
      tenancy: EXAMPLE_TENANCY_FLAGS,
    },
    { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  );
  process.stdout.write(`PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
  process.exitCode = code;
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const keyCounts = quick ? [10_000, 20_000, 40_000] : [10_000, 20_000, 40_000, 80_000, 300_000];
  const cases: [string, () => string][] = [
    ...keyCounts.map((n): [string, () => string] => [
      `ConfigMap, ${n.toLocaleString('en')} data keys`,
      () => configMapKeys(n),
    ]),
    ...keyCounts.map((n): [string, () => string] => [
      `GmsaCredentialSpec, ${n.toLocaleString('en')} spec.tags`,
      () => credSpecTags(n),
    ]),
    ['ConfigMap, one 60 MiB scalar', () => bigScalar(60)],
    ['GmsaCredentialSpec, spec.account a 60 MiB double-quoted scalar', () => bigQuotedAccount(60)],
    // The most a single input may cost within the limits (INPUT_LIMITS: 8 MiB, 500,000 nodes).
    ['worst case: ConfigMap, 245,000 data keys (490,000 nodes)', () => configMapKeys(245_000)],
    [
      'worst case: flow list of 495,000 numbers',
      () => `apiVersion: v1\nkind: List\nitems: [${Array.from({ length: 495_000 }, () => '1').join(',')}]\n`,
    ],
    [
      'worst case: ConfigMap, one 8,000,000-byte scalar',
      () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blob}\ndata:\n  blob: "${'x'.repeat(8_000_000)}"\n`,
    ],
  ];
  const only = process.argv.indexOf('--only');
  const filter = only >= 0 ? (process.argv[only + 1] ?? '') : '';
  console.log('| input | bytes | wall s | peak RSS MiB | exit | first line of output |');
  console.log('| --- | ---: | ---: | ---: | --- | --- |');
  for (const [name, make] of cases.filter(([n]) => n.includes(filter))) {
    const text = make();
    const f = measure(text);
    console.log(
      `| ${name} | ${Buffer.byteLength(text).toLocaleString('en')} | ${f.seconds.toFixed(1)} | ${f.peakRssMb} | ${f.exit} | ${f.firstLine.replace(/\|/g, '\\|')} |`,
    );
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await child(process.argv[childIndex + 1] ?? '');
else main();

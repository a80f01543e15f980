// `npm run bench -- --scenario scale|waiting [--credspecs N] [--tasks N] ...` on the real environment:
//   scale    converge, restart, spec change (limits lifted by default), heap snapshots, and with
//            --steady-window S a steady-state window at default limits measuring background AWS calls, and with
//            --services S that many tasks with an ECS service each (calls per service task against the floor);
//   waiting  converge at default limits while the proxy enforces AWS's quotas × --quota-factor;
//   memory   converge once, then restart under each of --variants (NODE_OPTIONS, '|'-separated) and compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatMemory, formatReport, formatScaleExtras, formatWaiting } from './report.js';
import { root, startRig } from './rig.js';
import { runMemory } from './scenarios/memory.js';
import { runScale } from './scenarios/scale.js';
import { runWaiting } from './scenarios/waiting.js';
import { workload } from './workload.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scale' },
    credspecs: { type: 'string', default: '100' },
    tasks: { type: 'string', default: '100' },
    limits: { type: 'string', default: 'lifted' },
    concurrency: { type: 'string', default: '8' },
    // Scale scenario: tasks with an ECS service each, rolled out after the spec change (0: none).
    services: { type: 'string', default: '0' },
    'steady-window': { type: 'string', default: '0' },
    'steady-resync-period': { type: 'string', default: '10m' },
    'quota-factor': { type: 'string', default: '1' },
    tag: { type: 'string', default: '' },
    // Experiments only: replaces the Deployment's NODE_OPTIONS (the report says which were used).
    'node-options': { type: 'string' },
    // Memory scenario: NODE_OPTIONS variants separated by '|', each run --repeat times.
    variants: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});

function save(name: string, data: unknown, markdown: string): void {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const out = join(root, 'bench', 'results', `${name}${values.tag ? `-${values.tag}` : ''}.json`);
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`${markdown}\n`);
  process.stderr.write(`written ${out}\n`);
}

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const n = Number(values.credspecs);
  const t = Number(values.tasks);
  const concurrency = Number(values.concurrency);
  const w = workload(n, t);
  const rig = await startRig(w, log, values['node-options']);
  try {
    if (values.scenario === 'memory') {
      const variants = (values.variants ?? rig.nodeOptions).split('|').map((v) => v.trim());
      const runs = await runMemory(rig, w, { n, t, concurrency, variants, repeat: Number(values.repeat), log });
      save(`memory-n${n}-t${t}`, runs, formatMemory(runs));
      return;
    }
    if (values.scenario === 'waiting') {
      const quotaFactor = Number(values['quota-factor']);
      const report = await runWaiting(rig, w, { n, t, concurrency, quotaFactor, log });
      save(`waiting-n${n}-t${t}-quota${quotaFactor}x`, report, formatWaiting(report));
      return;
    }
    const limits = values.limits === 'default' ? 'default' : 'lifted';
    const { report, extras } = await runScale(rig, w, {
      n,
      t,
      limits,
      concurrency,
      steadyWindowSeconds: Number(values['steady-window']),
      steadyResyncPeriod: values['steady-resync-period'] ?? '10m',
      services: Number(values.services),
      log,
    });
    save(
      `n${n}-t${t}-${limits}`,
      { ...report, ...extras },
      `${formatReport(report)}\n\n${formatScaleExtras(extras, n + t)}`,
    );
  } finally {
    await rig.stop();
  }
}

await main();
process.exit(0); // the AWS SDK's keep-alive sockets would hold the process open

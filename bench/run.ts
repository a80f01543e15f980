// `npm run bench -- --credspecs N --tasks N [--services S] [--limits default|lifted] [--concurrency C]`:
// converge N CredSpecs and N tasks on the real environment, then a steady-state resync and a spec-change wave,
// then S more tasks that each roll out one ECS service (0 skips those phases).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { KubeHttp } from '../src/kube/http.js';
import { startEnv } from '../devenv/index.js';
import { EcsRolloutSimulator, timedRollouts } from '../devenv/ecsRollouts.js';
import { startAwsProxy, type RecordedCall } from '../test/support/awsProxy.js';
import { startOperator, type RunningOperator } from '../test/support/operator.js';
import { installOurCrds } from '../test/support/kube.js';
import { auditWrites, counterSum, envComponents, groupCpuSeconds, processCpuSeconds, RssSampler } from './measure.js';
import { formatReport, type BenchReport, type Phase } from './report.js';
import { servicePhases, SERVICE_FLOORS } from './services.js';
import { BENCH_BUCKET, shapeOf, task, workload } from './workload.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    credspecs: { type: 'string', default: '100' },
    tasks: { type: 'string', default: '100' },
    limits: { type: 'string', default: 'lifted' },
    concurrency: { type: 'string', default: '8' },
    services: { type: 'string', default: '10' },
  },
});
/** How long a simulated ECS deployment takes (the operator polls every second meanwhile). */
const ROLLOUT_MS = 3000;
const N = Number(values.credspecs);
/** The Deployment's NODE_OPTIONS (heap caps), so RSS is measured as the operator runs in production. */
const NODE_OPTIONS = deploymentNodeOptions(join(root, 'deploy/base/deployment.yaml'));
const T = Number(values.tasks);

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

function collection(m: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string {
  const base = m.apiVersion.includes('/') ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
  return `${base}/namespaces/${m.metadata.namespace ?? 'default'}/${m.kind.toLowerCase()}s`;
}

function deploymentNodeOptions(path: string): string {
  const deployment = parse(readFileSync(path, 'utf8')) as {
    spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } };
  };
  const value = deployment.spec.template.spec.containers[0]?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
  if (!value) throw new Error(`${path}: no NODE_OPTIONS on the operator container`);
  return value;
}

/** CPU seconds used so far by each process of the run: the emulator's cost, told apart from the operator's. */
function cpuNow(components: Record<string, number>, operatorPid: number): Record<string, number> {
  const usage = process.cpuUsage();
  const cpu: Record<string, number> = {};
  for (const [name, pgid] of Object.entries(components)) cpu[name] = groupCpuSeconds(pgid);
  cpu.operator = processCpuSeconds(operatorPid);
  cpu['bench driver + AWS proxy'] = (usage.user + usage.system) / 1e6;
  return cpu;
}

function cpuSince(start: Record<string, number>, end: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(end).map(([k, v]) => [k, Math.round((v - (start[k] ?? 0)) * 10) / 10]));
}

async function readyCount(http: KubeHttp, plural: string): Promise<number> {
  const list = await http.request<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>({
    method: 'GET',
    path: `/apis/ecsgmsa.io/v1alpha1/${plural}`,
  });
  return list.items.filter((i) => i.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

async function waitAllReady(http: KubeHttp, log: (s: string) => void): Promise<void> {
  for (;;) {
    const [a, b] = [await readyCount(http, 'gmsacredentialspecs'), await readyCount(http, 'ecsgmsatasks')];
    if (a >= N && b >= T) return;
    log(`  ready: ${a}/${N} CredSpecs, ${b}/${T} tasks`);
    // Listing every object is itself load on the shared cores: poll less often as N grows.
    await new Promise((r) => setTimeout(r, Math.max(1000, N + T)));
  }
}

async function scrape(op: RunningOperator): Promise<string> {
  return (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
}

function phase(
  name: string,
  calls: RecordedCall[],
  audit: ReturnType<typeof auditWrites>,
  extra: Omit<Phase, 'name' | 'awsCalls' | 'kubeWrites'>,
): Phase {
  const awsCalls: Record<string, number> = {};
  for (const c of calls) awsCalls[`${c.service}.${c.operation}`] = (awsCalls[`${c.service}.${c.operation}`] ?? 0) + 1;
  return { name, awsCalls, kubeWrites: audit.byResource, ...extra };
}

/** CredSpecs the service tasks reference: SSM-stored ones of the first namespace, at most `count`. */
function serviceRefs(count: number): number[] {
  const refs: number[] = [];
  for (let i = 0; i < Math.min(N, 500) && refs.length < count; i++) if (shapeOf(i).storage === 'ssm') refs.push(i);
  return refs;
}

async function main(): Promise<void> {
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  spawnSync('bash', [join(root, 'devenv/build-components.sh')], { stdio: 'inherit' });
  spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const env = await startEnv({ log });
  // Its own user agent, so the audit log tells the bench's writes from the operator's.
  const http = new KubeHttp(env.kubeConfig(), 'ecsgmsa-bench/0.1.0');
  try {
    await installOurCrds(http);
    await fetch(`${env.awsEndpoint}/${BENCH_BUCKET}`, {
      method: 'PUT',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    const w = workload(N, T);
    for (const ns of w.namespaces)
      await http.request({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      });
    await pool(w.secrets, 16, (s) => http.request({ method: 'POST', path: collection(s as never), body: s }));
    const proxy = await startAwsProxy(env.awsEndpoint);
    proxy.simulateEcsRollouts(new EcsRolloutSimulator(timedRollouts(ROLLOUT_MS)));
    const limitArgs = values.limits === 'lifted' ? ['--aws-rate-limit', '*=unlimited'] : [];
    const launch = (): Promise<RunningOperator> =>
      startOperator({
        kubeconfigPath: env.kubeconfigPath,
        awsEndpoint: env.awsEndpoint,
        proxy,
        built: true,
        env: { NODE_OPTIONS },
        extraArgs: [
          '--concurrency',
          values.concurrency ?? '8',
          '--resync-period',
          '24h',
          '--log-level',
          'info',
          '--s3-bucket',
          BENCH_BUCKET,
          '--rollout-poll-interval',
          '1s',
          ...limitArgs,
        ],
      });
    const components = envComponents(env.runDir);
    const op = await launch();
    const pid = op.proc.child.pid ?? 0;
    const rss = new RssSampler(pid);
    rss.start();
    const phases: Phase[] = [];

    // 1. Converge from nothing.
    let auditOffset = auditWrites(env.auditLogPath).end;
    let mark = proxy.calls.length;
    const cpu0 = cpuNow(components, pid);
    const t0 = Date.now();
    await pool([...w.credSpecs, ...w.tasks], 16, (m) =>
      http.request({ method: 'POST', path: collection(m as never), body: m }),
    );
    await waitAllReady(http, log);
    const convergeMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 3000)); // let trailing writes land before counting
    let metrics = await scrape(op);
    const reconcilesConverge = counterSum(metrics, 'controller_runtime_reconcile_total');
    phases.push(
      phase('converge', proxy.calls.slice(mark), auditWrites(env.auditLogPath, auditOffset), {
        ms: convergeMs,
        reconciles: reconcilesConverge,
        rssPeakBytes: rss.peak,
        cpuSeconds: cpuSince(cpu0, cpuNow(components, pid)),
      }),
    );

    // 2. Steady-state resync: every object reconciled once more, nothing changed.
    auditOffset = auditWrites(env.auditLogPath).end;
    mark = proxy.calls.length;
    const t1 = Date.now();
    const cpu1 = { ...cpuNow(components, pid), operator: 0 }; // the restarted process does this phase's work
    await op.stop();
    const op2 = await launch();
    const pid2 = op2.proc.child.pid ?? 0;
    const rss2 = new RssSampler(pid2);
    rss2.start();
    for (;;) {
      metrics = await scrape(op2);
      if (counterSum(metrics, 'controller_runtime_reconcile_total') >= N + T) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000));
    phases.push(
      phase(
        'steady-state resync (restart relists and reconciles everything)',
        proxy.calls.slice(mark),
        auditWrites(env.auditLogPath, auditOffset),
        {
          ms: Date.now() - t1,
          reconciles: counterSum(await scrape(op2), 'controller_runtime_reconcile_total'),
          rssPeakBytes: rss2.peak,
          cpuSeconds: cpuSince(cpu1, cpuNow(components, pid2)),
        },
      ),
    );

    // 3. Spec change wave: every task's image changes.
    auditOffset = auditWrites(env.auditLogPath).end;
    mark = proxy.calls.length;
    const before = counterSum(await scrape(op2), 'controller_runtime_reconcile_total');
    const cpu2 = cpuNow(components, pid2);
    const resyncPeakBytes = rss2.peak;
    rss2.peak = 0; // this phase's own peak
    const t2 = Date.now();
    await pool(
      w.tasks.map((_, i) => i),
      16,
      (i) => {
        const t = task(i % N, i, (w.tasks[i] as { metadata: { namespace: string } }).metadata.namespace, 'img:2') as {
          metadata: { name: string; namespace: string };
          spec: unknown;
        };
        return http.request({
          method: 'PATCH',
          path: `${collection(t as never)}/${t.metadata.name}`,
          contentType: 'application/merge-patch+json',
          body: { spec: t.spec },
        });
      },
    );
    for (;;) {
      const list = await http.request<{ items: { status?: { revision?: number } }[] }>({
        method: 'GET',
        path: '/apis/ecsgmsa.io/v1alpha1/ecsgmsatasks',
      });
      if (list.items.every((i) => i.status?.revision === 2)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000));
    phases.push(
      phase('spec change (every task image)', proxy.calls.slice(mark), auditWrites(env.auditLogPath, auditOffset), {
        ms: Date.now() - t2,
        reconciles: counterSum(await scrape(op2), 'controller_runtime_reconcile_total') - before,
        rssPeakBytes: rss2.peak,
        cpuSeconds: cpuSince(cpu2, cpuNow(components, pid2)),
      }),
    );
    // 4. ECS services: S more tasks, each listing one service.
    const refs = serviceRefs(Number(values.services));
    if (refs.length > 0) {
      const measure = async (name: string, work: () => Promise<void>, done: () => Promise<boolean>): Promise<Phase> => {
        const audit0 = auditWrites(env.auditLogPath).end;
        const from = proxy.calls.length;
        const reconciles0 = counterSum(await scrape(op2), 'controller_runtime_reconcile_total');
        const cpu = cpuNow(components, pid2);
        rss2.peak = 0;
        const t = Date.now();
        await work();
        while (!(await done())) await new Promise((r) => setTimeout(r, 500));
        const ms = Date.now() - t;
        await new Promise((r) => setTimeout(r, 2000)); // trailing writes
        return {
          ...phase(name, proxy.calls.slice(from), auditWrites(env.auditLogPath, audit0), {
            ms,
            reconciles: counterSum(await scrape(op2), 'controller_runtime_reconcile_total') - reconciles0,
            rssPeakBytes: rss2.peak,
            cpuSeconds: cpuSince(cpu, cpuNow(components, pid2)),
          }),
          objects: refs.length,
          ...(SERVICE_FLOORS[name] ? { floor: SERVICE_FLOORS[name] } : {}),
        };
      };
      const namespace = w.namespaces[0] ?? 'bench-0';
      phases.push(
        ...(await servicePhases({
          http,
          awsEndpoint: env.awsEndpoint,
          calls: proxy.calls,
          refs,
          namespace,
          log,
          measure,
        })),
      );
    }
    rss.stop();
    rss2.stop();
    await op2.stop();
    await proxy.close();
    const report: BenchReport = {
      credSpecs: N,
      tasks: T,
      ...(refs.length > 0 ? { services: refs.length } : {}),
      limits: values.limits ?? 'lifted',
      concurrency: Number(values.concurrency),
      machine: `${process.platform} ${process.arch}, node ${process.version}`,
      phases,
      peakRssBytes: Math.max(rss.peak, resyncPeakBytes, rss2.peak),
      nodeOptions: NODE_OPTIONS,
    };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    const suffix = refs.length > 0 ? `-s${refs.length}` : '';
    const out = join(root, 'bench', 'results', `n${N}-t${T}${suffix}-${values.limits ?? 'lifted'}.json`);
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report)}\n\n${formatReport(report)}\n`);
    log(`written ${out}`);
  } finally {
    await env.stop();
  }
}

await main();
process.exit(0); // the AWS SDK's keep-alive sockets would hold the process open

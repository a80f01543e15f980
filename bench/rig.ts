// What every bench scenario stands on: the real environment, the workload's namespaces and Secrets, the
// recording AWS proxy, and the operator as a separate process with the Deployment's NODE_OPTIONS.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EcsRolloutSimulator, timedRollouts } from '../devenv/ecsRollouts.js';
import { startEnv, type TestEnv } from '../devenv/index.js';
import { KubeHttp } from '../src/kube/http.js';
import { startAwsProxy, type AwsProxy, type RecordedCall } from '../test/support/awsProxy.js';
import { installOurCrds } from '../test/support/kube.js';
import { startOperator, type RunningOperator } from '../test/support/operator.js';
import { auditWrites, envComponents, groupCpuSeconds, processCpuSeconds } from './measure.js';
import type { Phase } from './report.js';
import { BENCH_BUCKET, type Workload } from './workload.js';

export const root = fileURLToPath(new URL('../', import.meta.url));

/** The Deployment's NODE_OPTIONS (heap caps), so RSS is measured as the operator runs in production. */
export function deploymentNodeOptions(path = join(root, 'deploy/base/deployment.yaml')): string {
  const deployment = parse(readFileSync(path, 'utf8')) as {
    spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } };
  };
  const value = deployment.spec.template.spec.containers[0]?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
  if (!value) throw new Error(`${path}: no NODE_OPTIONS on the operator container`);
  return value;
}

/** Runs `work` over `items`, `width` at a time. */
export async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** The collection path of a manifest. */
export function collection(m: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string {
  const base = m.apiVersion.includes('/') ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
  return `${base}/namespaces/${m.metadata.namespace ?? 'default'}/${m.kind.toLowerCase()}s`;
}

/** How long a simulated ECS deployment takes (the operator polls every second meanwhile). */
export const ROLLOUT_MS = 3000;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How the operator is started for a phase. */
export interface LaunchOptions {
  /** `lifted` (`*=unlimited`) or `default` (the operator's own limits, learning on). */
  limits: 'lifted' | 'default';
  concurrency: number;
  resyncPeriod: string;
  /** Where heap snapshots go on SIGUSR2 (none when absent). */
  snapshotDir?: string;
  /** Replaces the rig's NODE_OPTIONS for this process (memory experiments). */
  nodeOptions?: string;
}

/** A started environment with the workload's namespaces and Secrets, the S3 bucket and the AWS proxy. */
export interface Rig {
  env: TestEnv;
  /** As the bench, with its own user agent (the audit log tells its writes from the operator's). */
  http: KubeHttp;
  proxy: AwsProxy;
  nodeOptions: string;
  components: Record<string, number>;
  launch(options: LaunchOptions): Promise<RunningOperator>;
  stop(): Promise<void>;
}

/** Builds the components and the operator, starts the environment, prepares the workload's surroundings. */
export async function startRig(w: Workload, log: (s: string) => void, nodeOptionsOverride?: string): Promise<Rig> {
  spawnSync('bash', [join(root, 'devenv/build-components.sh')], { stdio: 'inherit' });
  spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const env = await startEnv({ log });
  const http = new KubeHttp(env.kubeConfig(), 'ecsgmsa-bench/0.1.0');
  await installOurCrds(http);
  await fetch(`${env.awsEndpoint}/${BENCH_BUCKET}`, {
    method: 'PUT',
    headers: {
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
    },
  });
  for (const ns of w.namespaces)
    await http.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
  await pool(w.secrets, 16, (s) => http.request({ method: 'POST', path: collection(s as never), body: s }));
  const proxy = await startAwsProxy(env.awsEndpoint);
  proxy.simulateEcsRollouts(new EcsRolloutSimulator(timedRollouts(ROLLOUT_MS)));
  const nodeOptions = nodeOptionsOverride ?? deploymentNodeOptions();
  const launch = (o: LaunchOptions): Promise<RunningOperator> => {
    if (o.snapshotDir) mkdirSync(o.snapshotDir, { recursive: true });
    const snapshots = o.snapshotDir ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${o.snapshotDir}` : '';
    return startOperator({
      kubeconfigPath: env.kubeconfigPath,
      awsEndpoint: env.awsEndpoint,
      proxy,
      built: true,
      env: { NODE_OPTIONS: `${o.nodeOptions ?? nodeOptions}${snapshots}` },
      extraArgs: [
        '--concurrency',
        String(o.concurrency),
        '--resync-period',
        o.resyncPeriod,
        '--log-level',
        'info',
        '--s3-bucket',
        BENCH_BUCKET,
        '--rollout-poll-interval',
        '1s',
        ...(o.limits === 'lifted' ? ['--aws-rate-limit', '*=unlimited'] : []),
      ],
    });
  };
  return {
    env,
    http,
    proxy,
    nodeOptions,
    components: envComponents(env.runDir),
    launch,
    stop: async () => {
      await proxy.close();
      await env.stop();
    },
  };
}

/** CPU seconds used so far by each process of the run: the emulator's cost, told apart from the operator's. */
export function cpuNow(components: Record<string, number>, operatorPid: number): Record<string, number> {
  const usage = process.cpuUsage();
  const cpu: Record<string, number> = {};
  for (const [name, pgid] of Object.entries(components)) cpu[name] = groupCpuSeconds(pgid);
  cpu.operator = processCpuSeconds(operatorPid);
  cpu['bench driver + AWS proxy'] = (usage.user + usage.system) / 1e6;
  return cpu;
}

export function cpuSince(start: Record<string, number>, end: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(end).map(([k, v]) => [k, Math.round((v - (start[k] ?? 0)) * 10) / 10]));
}

/** AWS calls by `service.Operation`; calls the proxy's quota refused counted apart as `service.Operation:throttled`. */
export function callsByOperation(calls: readonly RecordedCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.service}.${c.operation}${c.throttled ? ':throttled' : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** A phase's record from the proxy's calls and the audit log since the given marks. */
export function phaseOf(
  name: string,
  calls: readonly RecordedCall[],
  audit: ReturnType<typeof auditWrites>,
  extra: Omit<Phase, 'name' | 'awsCalls' | 'kubeWrites'>,
): Phase {
  return { name, awsCalls: callsByOperation(calls), kubeWrites: audit.byResource, ...extra };
}

/** Objects whose Ready condition is True, per plural. */
export async function readyCount(http: KubeHttp, plural: string): Promise<number> {
  const list = await http.request<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>({
    method: 'GET',
    path: `/apis/ecsgmsa.io/v1alpha1/${plural}`,
  });
  return list.items.filter((i) => i.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

/** Polls until `n` CredSpecs and `t` tasks are Ready; listing is load on the shared cores, so less often as N grows. */
export async function waitAllReady(http: KubeHttp, n: number, t: number, log: (s: string) => void): Promise<void> {
  for (;;) {
    const [a, b] = [await readyCount(http, 'gmsacredentialspecs'), await readyCount(http, 'ecsgmsatasks')];
    if (a >= n && b >= t) return;
    log(`  ready: ${a}/${n} CredSpecs, ${b}/${t} tasks`);
    await sleep(Math.max(1000, n + t));
  }
}

/** The operator's /metrics text. */
export async function scrape(op: RunningOperator): Promise<string> {
  return (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
}

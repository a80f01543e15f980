// The `run` process: leader election between two replicas, failover on SIGKILL, clean SIGTERM, /metrics.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { KubeHttp } from '../../../src/kube/http.js';
import { testEnv } from '../../env/connect.js';
import { eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { opsGet, startOperatorProcess, type OperatorProcess } from '../../support/operatorProcess.js';

let http: KubeHttp;
const started: OperatorProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function replica(namespace: string): Promise<{ proc: OperatorProcess; port: number }> {
  const port = await freePort();
  const proc = startOperatorProcess([
    '--kubeconfig',
    testEnv().kubeconfigPath,
    '--leader-elect',
    '--leader-election-namespace',
    namespace,
    '--metrics-bind-address',
    `127.0.0.1:${port}`,
    '--log-format',
    'text',
    '--region',
    'us-east-1',
    '--aws-endpoint-url',
    testEnv().awsEndpoint,
  ]);
  started.push(proc);
  await eventually(
    async () => ((await opsGet(port, '/readyz'))?.status === 200 ? true : undefined),
    60_000,
    `replica on ${port} ready (log: ${proc.logPath})`,
  );
  return { proc, port };
}

async function isLeader(port: number): Promise<boolean | undefined> {
  const metrics = await opsGet(port, '/metrics');
  if (!metrics) return undefined;
  return /leader_election_master_status\{name="ecs-gmsa-operator"\} 1/.test(metrics.text);
}

async function holder(namespace: string): Promise<string | undefined> {
  const lease = await http
    .request<{ spec?: { holderIdentity?: string } }>({
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/ecs-gmsa-operator`,
    })
    .catch(() => undefined);
  return lease?.spec?.holderIdentity;
}

beforeAll(async () => {
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
});

afterAll(async () => {
  for (const p of started) p.kill('SIGKILL');
  await Promise.all(started.map((p) => p.exited));
});

describe('operator process lifecycle', () => {
  it('two replicas elect exactly one leader; SIGKILL of the leader hands over within 20 s; SIGTERM exits 0 and releases', async () => {
    const ns = await freshNamespace(http, 'election');
    const a = await replica(ns);
    const b = await replica(ns);
    await eventually(async () => ((await holder(ns)) ? true : undefined), 20_000, 'a lease holder');
    const leaders = await eventually(
      async () => {
        const states = [await isLeader(a.port), await isLeader(b.port)];
        return states.filter(Boolean).length === 1 ? states : undefined;
      },
      20_000,
      'exactly one leader',
    );
    const [leader, standby] = leaders[0] ? [a, b] : [b, a];

    const killedAt = Date.now();
    leader.proc.kill('SIGKILL');
    await eventually(
      async () => ((await isLeader(standby.port)) ? true : undefined),
      25_000,
      'the standby to take over',
    );
    expect(Date.now() - killedAt).toBeLessThan(20_000);

    standby.proc.kill('SIGTERM');
    expect(await standby.proc.exited).toBe(0);
    expect(await holder(ns)).toBe('');
    expect(readFileSync(standby.proc.logPath, 'utf8')).toMatch(/stopped/);
  });

  it('serves /healthz, /readyz and /metrics with controller-runtime names', async () => {
    const ns = await freshNamespace(http, 'metrics');
    const { port, proc } = await replica(ns);
    expect((await opsGet(port, '/healthz'))?.status).toBe(200);
    expect((await opsGet(port, '/readyz'))?.status).toBe(200);
    const text = (await opsGet(port, '/metrics'))?.text ?? '';
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_time_seconds',
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_retries_total',
      'workqueue_queue_duration_seconds',
      'ecsgmsa_aws_api_requests_total',
      'leader_election_master_status',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('refuses bad flags with a clear error and exit code 2', async () => {
    const proc = startOperatorProcess(['--resync-period', 'often', '--log-level', 'chatty']);
    expect(await proc.exited).toBe(2);
    const log = readFileSync(proc.logPath, 'utf8');
    expect(log).toContain('--resync-period: "often" is not a positive duration');
    expect(log).toContain('--log-level: "chatty" is not one of error, warn, info, debug');
  });
});

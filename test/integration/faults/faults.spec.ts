// Fault injection: AWS errors, resets and latency; an apiserver restart; SIGKILLs of the operator; a leader killed.
// Afterwards everything converges, no spec gets two revisions, no update is lost, nothing is orphaned.
import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { startEnv, type TestEnv } from '../../../devenv/index.js';
import { startAwsProxy, type Fault } from '../../support/awsProxy.js';
import { freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import {
  assertNoDuplicateRevisions,
  assertNoOrphans,
  createWorkload,
  deleteAll,
  updateImages,
  waitConverged,
  type AwsClients,
} from './chaos.js';

const N = 6;
let aws: AwsClients;

/** A seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

beforeAll(async () => {
  await resetAws();
  const config = testEnv().awsClientConfig();
  aws = { ssm: new SSMClient(config), sm: new SecretsManagerClient(config), ecs: new ECSClient(config) };
});

describe('fault injection', () => {
  it('AWS throttling, 5xx, connection resets and latency on a third of the calls: converges without duplicates or orphans', async () => {
    const http = new KubeHttp(testEnv().kubeConfig());
    await installOurCrds(http);
    const proxy = await startAwsProxy(testEnv().awsEndpoint);
    const next = random(7);
    const faults: Fault[] = [
      { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      { status: 500, code: 'InternalFailure', message: 'injected' },
      { status: 503, code: 'ServiceUnavailable', message: 'injected' },
      { reset: true },
      { delayMs: 800 },
    ];
    proxy.inject(() => (next() < 0.33 ? faults[Math.floor(next() * faults.length)] : undefined));
    const op = await startOperator({
      kubeconfigPath: testEnv().kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      proxy,
      extraArgs: ['--resync-period', '5s'],
    });
    try {
      const ns = await freshNamespace(http, 'faults');
      await createWorkload(http, ns, N);
      await waitConverged(http, ns, N, 90_000);
      await updateImages(http, ns, N, 'img:2');
      await waitConverged(http, ns, N, 90_000, 'img:2');
      expect(proxy.calls.filter((c) => c.status === 0 || c.status >= 400).length).toBeGreaterThan(5);
      await assertNoDuplicateRevisions(aws, ns, N, 2);
      await deleteAll(http, ns, 90_000);
      proxy.inject(undefined);
      await assertNoOrphans(aws, ns, N);
    } finally {
      await op.stop();
      await proxy.close();
    }
  }, 360_000); // three phases of up to 90 s each, plus deletion: the default 120 s is shorter than its own waits

  it('the operator SIGKILLed at random points three times, then restarted: converges, no duplicate revision, no lost update', async () => {
    const http = new KubeHttp(testEnv().kubeConfig());
    const proxy = await startAwsProxy(testEnv().awsEndpoint);
    const next = random(11);
    const ns = await freshNamespace(http, 'kill');
    let op: RunningOperator = await startOperator({
      kubeconfigPath: testEnv().kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      proxy,
    });
    try {
      const creating = createWorkload(http, ns, N);
      for (let k = 0; k < 3; k++) {
        await new Promise((r) => setTimeout(r, 300 + next() * 1500));
        op.proc.kill('SIGKILL');
        await op.proc.exited;
        if (k === 1) await updateImages(http, ns, N, 'img:2').catch(() => undefined); // some tasks may not exist yet
        op = await startOperator({
          kubeconfigPath: testEnv().kubeconfigPath,
          awsEndpoint: testEnv().awsEndpoint,
          proxy,
        });
      }
      await creating;
      await updateImages(http, ns, N, 'img:3');
      await waitConverged(http, ns, N, 90_000, 'img:3');
      // Each family saw at most img:1, img:2, img:3: one revision per distinct spec, never two for one.
      for (let i = 0; i < N; i++) await assertNoDuplicateRevisionsUpTo(aws, ns, i, 3);
      await deleteAll(http, ns, 90_000);
      await assertNoOrphans(aws, ns, N);
    } finally {
      await op.stop();
      await proxy.close();
    }
  });

  it('two replicas, the leader SIGKILLed mid-run: the standby finishes the work', async () => {
    const http = new KubeHttp(testEnv().kubeConfig());
    const lease = await freshNamespace(http, 'lease');
    const ns = await freshNamespace(http, 'ha');
    const args = ['--leader-elect', '--leader-election-namespace', lease];
    const a = await startOperator({
      kubeconfigPath: testEnv().kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      extraArgs: args,
    });
    const b = await startOperator({
      kubeconfigPath: testEnv().kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      extraArgs: args,
    });
    try {
      const holder = async (): Promise<string> =>
        (
          await http.request<{ spec?: { holderIdentity?: string } }>({
            method: 'GET',
            path: `/apis/coordination.k8s.io/v1/namespaces/${lease}/leases/ecs-gmsa-operator`,
          })
        ).spec?.holderIdentity ?? '';
      const creating = createWorkload(http, ns, N);
      await new Promise((r) => setTimeout(r, 1500));
      const leaderLog = (await holder()) !== '' ? await whichLeads(a, b) : a;
      leaderLog.proc.kill('SIGKILL');
      await creating;
      await waitConverged(http, ns, N, 90_000);
      await assertNoDuplicateRevisions(aws, ns, N, 1);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('the kube-apiserver restarted mid-run: the operator recovers its watches and converges', async () => {
    const env: TestEnv = await startEnv();
    const http = new KubeHttp(env.kubeConfig());
    try {
      await installOurCrds(http);
      const op = await startOperator({ kubeconfigPath: env.kubeconfigPath, awsEndpoint: env.awsEndpoint });
      try {
        const ns = await freshNamespace(http, 'apirestart');
        await createWorkload(http, ns, 3);
        await env.restartApiServer();
        await updateImages(http, ns, 3, 'img:2');
        await waitConverged(http, ns, 3, 90_000, 'img:2');
      } finally {
        await op.stop();
      }
    } finally {
      await env.stop();
    }
  });
});

async function whichLeads(a: RunningOperator, b: RunningOperator): Promise<RunningOperator> {
  const leads = async (op: RunningOperator): Promise<boolean> =>
    /leader_election_master_status\{name="ecs-gmsa-operator"\} 1/.test(
      await (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text(),
    );
  return (await leads(a)) ? a : b;
}

async function assertNoDuplicateRevisionsUpTo(aws: AwsClients, ns: string, i: number, max: number): Promise<void> {
  const arns =
    (await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `${ns}_chaos-t${i}`, status: 'ACTIVE' })))
      .taskDefinitionArns ?? [];
  const hashes = await Promise.all(
    arns.map(
      async (arn) =>
        (await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))).tags?.find(
          (t) => t.key === 'ecsgmsa.io/spec-sha256',
        )?.value,
    ),
  );
  expect(arns.length).toBeGreaterThanOrEqual(1);
  expect(arns.length).toBeLessThanOrEqual(max);
  expect(new Set(hashes).size).toBe(hashes.length);
}

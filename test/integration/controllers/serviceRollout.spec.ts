// ECS service rollout end to end: the `run` process against the real apiserver and moto. Clusters and
// services are created in moto by the test; moto does not run deployments (devenv/ecsRollouts.ts says
// exactly what it does not do), so the recording proxy's rollout simulator answers DescribeServices and
// UpdateService the way ECS does, and each test scripts what the deployments show.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { EcsRolloutSimulator, type RolloutOutcome, type SimulatedDeployment } from '../../../devenv/ecsRollouts.js';
import { KubeHttp } from '../../../src/kube/http.js';
import type { RecordedCall } from '../../support/awsProxy.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';
const REASON = 'ECS deployment circuit breaker: tasks failed to start.';

let http: KubeHttp;
let op: RunningOperator;
let ecs: ECSClient;
/** What every deployment the simulator started shows; tests replace it. */
let script: (d: SimulatedDeployment) => RolloutOutcome = () => ({ state: 'IN_PROGRESS' });

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface ServiceStatus {
  cluster: string;
  service: string;
  state: string;
  deploymentId?: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  taskDefinitionArn?: string;
  runningCount?: number;
  desiredCount?: number;
  failedTasks?: number;
  rolledBack?: boolean;
  message?: string;
}
interface Task {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    taskDefinitionArn?: string;
    revision?: number;
    services?: ServiceStatus[];
  };
}

const taskPath = (ns: string, name = 'app'): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks/${name}`;
const gcsPath = (ns: string): string => `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs/web`;
const condition = (t: Task, type: string): Condition | undefined => t.status?.conditions?.find((c) => c.type === type);
const getTask = (ns: string): Promise<Task> => http.request<Task>({ method: 'GET', path: taskPath(ns) });

/** Waits until the task's Ready reason is `reason` at its current generation. */
function until(ns: string, reason: string, timeoutMs = 40_000): Promise<Task> {
  return eventually(
    async () => {
      const t = await getTask(ns);
      return t.status?.observedGeneration === t.metadata.generation && condition(t, 'Ready')?.reason === reason
        ? t
        : undefined;
    },
    timeoutMs,
    `${ns} Ready reason ${reason}`,
  );
}

function credSpec(ns: string, account = 'WebApp01') {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name: 'web', namespace: ns },
    spec: {
      hostOs: 'Windows',
      account,
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
    },
  };
}

function taskDefinition(ns: string, image: string) {
  return {
    family: `${ns}_app`,
    executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
    requiresCompatibilities: ['EC2'],
    runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
    containerDefinitions: [{ name: 'web', image, memory: 512, gmsa: { credentialSpecRef: 'web' } }],
  };
}

function task(ns: string, services: { cluster: string; service: string }[] = []) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name: 'app', namespace: ns },
    spec: { taskDefinition: taskDefinition(ns, 'img:1'), ...(services.length ? { services } : {}) },
  };
}

async function patchTask(ns: string, spec: Record<string, unknown>): Promise<void> {
  await http.request({
    method: 'PATCH',
    path: taskPath(ns),
    contentType: 'application/merge-patch+json',
    body: { spec },
  });
}

/** A Ready task (revision 1) with its CredSpec, and a cluster; returns revision 1's ARN. */
async function readyTask(ns: string): Promise<string> {
  await create(http, credSpec(ns));
  await create(http, task(ns));
  const t = await until(ns, 'Ready');
  await ecs.send(new CreateClusterCommand({ clusterName: ns }));
  return t.status?.taskDefinitionArn ?? '';
}

/** An ECS service created outside the operator (as Terraform would), running `taskDefinition`. */
async function service(cluster: string, name: string, taskDefinition: string): Promise<void> {
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition, desiredCount: 2 }));
}

/** The task definition moto says a service runs (not through the simulator). */
async function motoTaskDefinition(cluster: string, name: string): Promise<string | undefined> {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services?.[0]?.taskDefinition;
}

/** Proxy calls about the services of `cluster` since `from`. */
function serviceCalls(cluster: string, operation: string, from = 0): RecordedCall[] {
  return op.proxy.calls
    .slice(from)
    .filter((c) => c.operation === operation && (c.services ?? []).some((s) => s.startsWith(`${cluster}/`)));
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  ecs = new ECSClient(testEnv().awsClientConfig());
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--resync-period', '3s', '--rollout-poll-interval', '1s'],
  });
  op.proxy.simulateEcsRollouts(new EcsRolloutSimulator((d) => script(d)));
});

afterAll(async () => {
  await op?.stop();
});

describe('a new revision rolls out to every listed service', () => {
  it('exactly one UpdateService per service; Reconciling while IN_PROGRESS, Ready once COMPLETED; then no ECS call at all', async () => {
    script = () => ({ state: 'IN_PROGRESS', runningCount: 1 });
    const ns = await freshNamespace(http, 'roll');
    const first = await readyTask(ns);
    await service(ns, `${ns}_web`, first);
    await service(ns, `${ns}_api`, first);
    const services = [
      { cluster: ns, service: `${ns}_web` },
      { cluster: ns, service: `${ns}_api` },
    ];
    await patchTask(ns, { services, taskDefinition: taskDefinition(ns, 'img:2') });

    const rolling = await until(ns, 'RolloutInProgress');
    expect(condition(rolling, 'Reconciling')).toMatchObject({ status: 'True', reason: 'RolloutInProgress' });
    expect(condition(rolling, 'Stalled')).toBeUndefined();
    expect(condition(rolling, 'ServicesRolledOut')).toMatchObject({ status: 'False', reason: 'RolloutInProgress' });
    const second = rolling.status?.taskDefinitionArn ?? '';
    expect(second).toMatch(/:2$/);
    // The UpdateService answer shows the new deployment with nothing running; the next describe, one running.
    const polled = await eventually(
      async () => {
        const t = await getTask(ns);
        return t.status?.services?.every((s) => s.runningCount === 1) ? t : undefined;
      },
      20_000,
      'a describe of the rollout in progress',
    );
    expect(polled.status?.services?.map((s) => [s.service, s.state, s.rolloutState, s.runningCount])).toStrictEqual([
      [`${ns}_web`, 'InProgress', 'IN_PROGRESS', 1],
      [`${ns}_api`, 'InProgress', 'IN_PROGRESS', 1],
    ]);
    expect(await motoTaskDefinition(ns, `${ns}_web`)).toBe(second);

    script = () => ({ state: 'COMPLETED' });
    const done = await until(ns, 'Ready');
    expect(condition(done, 'ServicesRolledOut')).toMatchObject({ status: 'True', reason: 'ServicesRolledOut' });
    expect(done.status?.services?.map((s) => [s.state, s.rolloutState, s.runningCount, s.desiredCount])).toStrictEqual([
      ['Completed', 'COMPLETED', 2, 2],
      ['Completed', 'COMPLETED', 2, 2],
    ]);
    expect(done.status?.services?.every((s) => s.deploymentId?.startsWith('ecs-svc/sim-'))).toBe(true);
    const updates = serviceCalls(ns, 'UpdateService');
    expect(updates.map((c) => [c.services, c.forceNewDeployment, c.status])).toStrictEqual([
      [[`${ns}/${ns}_web`], false, 200],
      [[`${ns}/${ns}_api`], false, 200],
    ]);
    // Both services of the cluster in one DescribeServices call.
    expect(serviceCalls(ns, 'DescribeServices').every((c) => c.services?.length === 2)).toBe(true);

    // Steady state: resyncs (every 3 s, paced by the background share) make no ECS write and describe no
    // service. Wait for a resync of this task to have happened rather than a fixed time: the share rations
    // re-checks of every task the operator holds, so the first one can take longer on a loaded machine.
    const mark = op.proxy.calls.length;
    await settle(8000);
    await eventually(
      () => Promise.resolve(op.proxy.calls.slice(mark).some((c) => c.subject === `${ns}_app`) || undefined),
      30_000,
      `a resync of ${ns}_app`,
    );
    const since = op.proxy.calls.slice(mark);
    expect(since.filter((c) => c.service === 'ecs' && !/^(Describe|List)/.test(c.operation))).toStrictEqual([]);
    expect(serviceCalls(ns, 'DescribeServices', mark)).toStrictEqual([]);
    expect(since.filter((c) => c.subject === `${ns}_app`).length).toBeGreaterThan(0); // it did resync
  });
});

describe('the CredSpec content behind an unchanged reference changes', () => {
  it('forces exactly one new deployment of the same revision, registers nothing', async () => {
    script = () => ({ state: 'COMPLETED' });
    const ns = await freshNamespace(http, 'cred');
    const first = await readyTask(ns);
    await service(ns, `${ns}_web`, first);
    await patchTask(ns, { services: [{ cluster: ns, service: `${ns}_web` }] });
    const listed = await until(ns, 'Ready');
    // Listed for the first time while already on the revision: followed, its tasks undisturbed.
    expect(serviceCalls(ns, 'UpdateService')).toStrictEqual([]);
    expect(listed.status?.services?.[0]?.state).toBe('Completed');

    const registrations = op.proxy.calls.filter((c) => c.operation === 'RegisterTaskDefinition').length;
    await http.request({
      method: 'PATCH',
      path: gcsPath(ns),
      contentType: 'application/merge-patch+json',
      body: { spec: { account: 'WebApp02' } },
    });
    await eventually(
      () => Promise.resolve(serviceCalls(ns, 'UpdateService').length > 0 ? true : undefined),
      30_000,
      'the forced deployment',
    );
    const after = await until(ns, 'Ready');
    await settle(7000);
    expect(serviceCalls(ns, 'UpdateService').map((c) => [c.services, c.forceNewDeployment])).toStrictEqual([
      [[`${ns}/${ns}_web`], true],
    ]);
    expect(op.proxy.calls.filter((c) => c.operation === 'RegisterTaskDefinition').length).toBe(registrations);
    expect(after.status?.taskDefinitionArn).toBe(first);
    expect(after.status?.services?.[0]?.deploymentId).not.toBe(listed.status?.services?.[0]?.deploymentId);
  });
});

describe('a failed rollout', () => {
  it("is Stalled with ECS's reason, is not retried for the same revision, and rolls out again after a fixed spec", async () => {
    script = (d) =>
      d.taskDefinition.endsWith(':2')
        ? { state: 'FAILED', reason: REASON, rollback: d.service.endsWith('_web'), failedTasks: 3 }
        : { state: 'COMPLETED' };
    const ns = await freshNamespace(http, 'fail');
    const first = await readyTask(ns);
    await service(ns, `${ns}_web`, first);
    await service(ns, `${ns}_api`, first);
    await patchTask(ns, {
      services: [
        { cluster: ns, service: `${ns}_web` },
        { cluster: ns, service: `${ns}_api` },
      ],
      taskDefinition: taskDefinition(ns, 'img:broken'),
    });
    const failed = await until(ns, 'RolloutFailed');
    expect(condition(failed, 'Stalled')).toMatchObject({ status: 'True', reason: 'RolloutFailed' });
    expect(condition(failed, 'Reconciling')).toBeUndefined();
    const [web, api] = failed.status?.services ?? [];
    expect(web).toMatchObject({ state: 'RolledBack', rolledBack: true, failedTasks: 3, rolloutState: 'FAILED' });
    expect(web?.message).toContain(`FAILED and ECS rolled the service back: ${REASON}`);
    expect(api).toMatchObject({ state: 'Failed', rolledBack: false, rolloutStateReason: REASON });
    expect(condition(failed, 'Ready')?.message).toContain(REASON);
    // The circuit breaker moved the web service back; the operator does not fight it.
    await settle(7000);
    expect(serviceCalls(ns, 'UpdateService')).toHaveLength(2);

    await patchTask(ns, { taskDefinition: taskDefinition(ns, 'img:3') });
    const fixed = await until(ns, 'Ready');
    expect(fixed.status?.taskDefinitionArn).toMatch(/:3$/);
    expect(fixed.status?.services?.map((s) => s.state)).toStrictEqual(['Completed', 'Completed']);
    expect(serviceCalls(ns, 'UpdateService')).toHaveLength(4);
  });
});

describe('services the operator must not move', () => {
  it('a missing service and a service of another family are Stalled and untouched; the created service is then followed', async () => {
    script = () => ({ state: 'COMPLETED' });
    const ns = await freshNamespace(http, 'keep');
    const first = await readyTask(ns);
    const legacy = (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: `${ns}_legacy`,
          containerDefinitions: [{ name: 'x', image: 'legacy', memory: 64 }],
        }),
      )
    ).taskDefinition?.taskDefinitionArn;
    await service(ns, `${ns}_legacy`, legacy ?? '');
    await patchTask(ns, {
      services: [
        { cluster: ns, service: `${ns}_missing` },
        { cluster: ns, service: `${ns}_legacy` },
      ],
      taskDefinition: taskDefinition(ns, 'img:2'),
    });
    const stalled = await until(ns, 'ServiceFamilyMismatch');
    expect(condition(stalled, 'Stalled')?.message).toBe(
      [
        `${ns}/${ns}_missing: service ${ns}_missing in cluster ${ns} does not exist; the operator never creates services`,
        `${ns}/${ns}_legacy: the service runs ${legacy}, not a revision of family ${ns}_app; the operator only moves services that already run its family`,
      ].join('; '),
    );
    expect(stalled.status?.services?.map((s) => s.state)).toStrictEqual(['NotFound', 'FamilyMismatch']);
    expect(serviceCalls(ns, 'UpdateService')).toStrictEqual([]);
    expect(await motoTaskDefinition(ns, `${ns}_legacy`)).toBe(legacy);

    // The service is created (by hand) on the registered revision; the other one is unlisted: Ready.
    await service(ns, `${ns}_missing`, stalled.status?.taskDefinitionArn ?? first);
    await patchTask(ns, { services: [{ cluster: ns, service: `${ns}_missing` }] });
    const ready = await until(ns, 'Ready');
    expect(ready.status?.services?.map((s) => [s.service, s.state])).toStrictEqual([[`${ns}_missing`, 'Completed']]);
    expect(serviceCalls(ns, 'UpdateService')).toStrictEqual([]);
    expect(await motoTaskDefinition(ns, `${ns}_legacy`)).toBe(legacy);
  });

  it('a service the namespace may not roll out is refused before any AWS call', async () => {
    const ns = await freshNamespace(http, 'deny');
    await create(http, credSpec(ns));
    await create(http, task(ns, [{ cluster: 'prod', service: 'payments_web' }]));
    const t = await until(ns, 'NotPermitted');
    expect(condition(t, 'Stalled')?.message).toBe(
      `spec.services[0]: ECS service "payments_web" in cluster "prod" is not permitted for namespace "${ns}" by the tenancy policy (allowed: cluster * service ${ns}_*)`,
    );
    expect(
      op.proxy.calls.filter((c) => c.subject === `${ns}_app` || (c.services ?? []).includes('prod/payments_web')),
    ).toStrictEqual([]);
  });
});

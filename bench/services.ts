// The benchmark's ECS service phases: S tasks, each listing one service in moto; their AWS calls per
// service task against the floor. moto runs no deployments: the proxy's rollout simulator
// (devenv/ecsRollouts.ts) completes each one `rolloutMs` after it started.
import { CreateClusterCommand, CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import { awsClientConfig, TEST_REGION } from '../devenv/awsClients.js';
import type { KubeHttp } from '../src/kube/http.js';
import type { RecordedCall } from '../test/support/awsProxy.js';
import type { Phase } from './report.js';
import { serviceTask } from './workload.js';

/** The cluster every bench service lives in. */
export const BENCH_CLUSTER = 'bench-services';

/** What the service phases need from the run. */
export interface ServiceBench {
  http: KubeHttp;
  awsEndpoint: string;
  calls: RecordedCall[];
  /** CredSpec indices the service tasks reference (SSM-stored ones: their content change is one PutParameter). */
  refs: number[];
  namespace: string;
  log(s: string): void;
  /** Measures one phase: `work` runs, then `done` is polled; calls and writes in between are counted. */
  measure(name: string, work: () => Promise<void>, done: () => Promise<boolean>): Promise<Phase>;
}

interface TaskStatus {
  metadata: { name: string };
  status?: {
    revision?: number;
    taskDefinitionArn?: string;
    lastHandledReconcileAt?: string;
    conditions?: { type: string; status: string }[];
    services?: { state: string; credentialSpecSha256?: string }[];
  };
}

const tasksPath = (ns: string): string => `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks`;
const gcsPath = (ns: string, name: string): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs/${name}`;

async function serviceTasks(b: ServiceBench): Promise<TaskStatus[]> {
  const list = await b.http.request<{ items: TaskStatus[] }>({ method: 'GET', path: tasksPath(b.namespace) });
  return list.items.filter((t) => t.metadata.name.startsWith('svc'));
}

const ready = (t: TaskStatus): boolean =>
  t.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function all(b: ServiceBench, predicate: (t: TaskStatus) => boolean): Promise<boolean> {
  const tasks = await serviceTasks(b);
  return tasks.length === b.refs.length && tasks.every(predicate);
}

async function patch(b: ServiceBench, path: string, body: unknown): Promise<void> {
  await b.http.request({ method: 'PATCH', path, contentType: 'application/merge-patch+json', body });
}

/** Creates the S tasks (no services yet), waits until registered, then creates each service in moto on revision 1. */
async function prepare(b: ServiceBench): Promise<void> {
  const ecs = new ECSClient(awsClientConfig({ awsEndpoint: b.awsEndpoint, region: TEST_REGION }));
  await ecs.send(new CreateClusterCommand({ clusterName: BENCH_CLUSTER }));
  for (const [i, ref] of b.refs.entries())
    await b.http.request({
      method: 'POST',
      path: tasksPath(b.namespace),
      body: serviceTask(ref, i, b.namespace, 'img:1'),
    });
  for (;;) {
    if (await all(b, (t) => ready(t) && t.status?.revision === 1)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (const t of await serviceTasks(b))
    await ecs.send(
      new CreateServiceCommand({
        cluster: BENCH_CLUSTER,
        serviceName: `${b.namespace}_${t.metadata.name}`,
        taskDefinition: t.status?.taskDefinitionArn,
        desiredCount: 2,
      }),
    );
  ecs.destroy();
  b.log(`  ${b.refs.length} services created in cluster ${BENCH_CLUSTER}`);
}

function listAll(b: ServiceBench, image: string): Promise<void[]> {
  return Promise.all(
    b.refs.map((ref, i) => {
      const t = serviceTask(ref, i, b.namespace, image, BENCH_CLUSTER) as { metadata: { name: string }; spec: unknown };
      return patch(b, `${tasksPath(b.namespace)}/${t.metadata.name}`, { spec: t.spec });
    }),
  );
}

/** The four service phases, in order. */
export async function servicePhases(b: ServiceBench): Promise<Phase[]> {
  await prepare(b);
  const completed = (t: TaskStatus): boolean => ready(t) && t.status?.services?.[0]?.state === 'Completed';
  const phases: Phase[] = [];
  phases.push(
    await b.measure(
      'services: list them (each already on the revision)',
      () => listAll(b, 'img:1').then(() => undefined),
      () => all(b, completed),
    ),
  );
  phases.push(
    await b.measure(
      'services: new revision rolled out',
      () => listAll(b, 'img:2').then(() => undefined),
      () => all(b, (t) => completed(t) && t.status?.revision === 2),
    ),
  );
  const token = `bench-${Date.now()}`;
  phases.push(
    await b.measure(
      'services: steady state (a reconcile of every service task)',
      async () => {
        for (const [i] of b.refs.entries())
          await patch(b, `${tasksPath(b.namespace)}/svc${i}`, {
            metadata: { annotations: { 'ecsgmsa.io/reconcile-requested-at': token } },
          });
      },
      () => all(b, (t) => t.status?.lastHandledReconcileAt === token),
    ),
  );
  const before = new Map(
    (await serviceTasks(b)).map((t) => [t.metadata.name, t.status?.services?.[0]?.credentialSpecSha256]),
  );
  phases.push(
    await b.measure(
      'services: CredSpec content changed (forced deployment)',
      async () => {
        for (const ref of b.refs)
          await patch(b, gcsPath(b.namespace, `id${ref}`), { spec: { account: `Moved${ref}`.slice(0, 14) } });
      },
      () =>
        all(b, (t) => completed(t) && t.status?.services?.[0]?.credentialSpecSha256 !== before.get(t.metadata.name)),
    ),
  );
  return phases;
}

/**
 * The floor per service task for each phase (ECS service calls): listing needs one DescribeServices
 * (does it exist, which family does it run); a rollout one DescribeServices before the UpdateService and
 * at least one after it to see COMPLETED; a steady state none.
 */
export const SERVICE_FLOORS: Record<string, Record<string, number>> = {
  'services: list them (each already on the revision)': { 'ecs.DescribeServices': 1, 'ecs.UpdateService': 0 },
  'services: new revision rolled out': { 'ecs.DescribeServices': 2, 'ecs.UpdateService': 1 },
  'services: steady state (a reconcile of every service task)': { 'ecs.DescribeServices': 0, 'ecs.UpdateService': 0 },
  'services: CredSpec content changed (forced deployment)': { 'ecs.DescribeServices': 2, 'ecs.UpdateService': 1 },
};

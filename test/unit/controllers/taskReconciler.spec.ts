// The EcsGmsaTask reconciler on fakes, for the rules that live in the order of its steps: the family is
// recorded before the first registration, a steady state writes nothing, old revisions of ours are
// pruned, and deletion deregisters ours in every recorded family, nobody else's.
import { ReconcileScopes } from '../../../src/runtime/reconcileScope.js';
import type { EcsGmsaTask, EcsGmsaTaskSpec, GmsaCredentialSpec, ObjectMeta } from '../../../src/api/types.js';
import { EcsGmsaTaskReconciler } from '../../../src/controllers/ecsGmsaTask/reconciler.js';
import type { TaskDeps } from '../../../src/controllers/ecsGmsaTask/deps.js';
import { DEFAULT_TENANCY, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { FakeAws } from '../../fakes/aws.js';
import { FakeEvents } from '../../fakes/events.js';
import { FakeLogger } from '../../fakes/logger.js';
import { FakeObjectClient } from '../../fakes/objectClient.js';
import { FakeClock } from '../../fixtures/fakeClock.js';
import { CLUSTER, credSpecResource, FAMILY, NAMESPACE, taskResource } from '../../fixtures/resources.js';

const KEY = `${NAMESPACE}/web`;
const REFERENCE = 'credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/team-a/webapp01/credspec';
const WRITES = ['RegisterTaskDefinition', 'DeregisterTaskDefinition', 'writeStatus', 'addFinalizer', 'removeFinalizer'];

function readyCredSpec(): GmsaCredentialSpec {
  return {
    ...credSpecResource(),
    status: {
      observedGeneration: 1,
      credentialSpecReference: REFERENCE,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-11-30T09:00:00Z' },
      ],
    },
  };
}

function world(
  definition: Partial<EcsGmsaTaskSpec['taskDefinition']> = {},
  metadata: Partial<ObjectMeta> = {},
  tenancy: TenancyConfig = DEFAULT_TENANCY,
) {
  const aws = new FakeAws();
  const log = aws.log;
  const client = new FakeObjectClient<EcsGmsaTask>(log);
  const events = new FakeEvents();
  const credSpecs = new Map<string, GmsaCredentialSpec>([['webapp01', readyCredSpec()]]);
  client.put(taskResource(definition, metadata));
  const deps: TaskDeps = {
    get: (key) => client.object(key),
    credentialSpec: (_namespace, name) => credSpecs.get(name),
    claimants: () => [],
    client,
    aws,
    events,
    clock: new FakeClock(Date.parse('2026-11-30T10:00:00Z')),
    clusterName: CLUSTER,
    defaultRegion: 'us-east-1',
    tenancy,
    accessDeniedRecheckMs: 300_000,
    rolloutPollMs: 10_000,
    waits: new ReconcileScopes(),
  };
  const reconciler = new EcsGmsaTaskReconciler(deps);
  const ecs = aws.forRegion('us-east-1').taskDefinitions;
  const edit = (change: (task: EcsGmsaTask) => EcsGmsaTask): void => {
    const task = client.object(KEY);
    if (!task) throw new Error('task missing');
    const changed = change(task);
    client.put({ ...changed, metadata: { ...changed.metadata, generation: (task.metadata.generation ?? 1) + 1 } });
  };
  return {
    aws,
    ecs,
    log,
    client,
    events,
    credSpecs,
    edit,
    reconcile: () => reconciler.reconcile(KEY, new FakeLogger()),
    object: () => client.object(KEY),
    ready: () => client.object(KEY)?.status?.conditions?.find((c) => c.type === 'Ready'),
    writes: () => log.operations().filter((op) => WRITES.includes(op)),
    deleteObject: () => {
      const task = client.object(KEY);
      if (task) client.put({ ...task, metadata: { ...task.metadata, deletionTimestamp: '2026-11-30T11:00:00Z' } });
    },
  };
}

const withImage =
  (image: string) =>
  (task: EcsGmsaTask): EcsGmsaTask => ({
    ...task,
    spec: {
      ...task.spec,
      taskDefinition: {
        ...task.spec.taskDefinition,
        containerDefinitions: [{ name: 'web', image, memory: 1024, gmsa: { credentialSpecRef: 'webapp01' } }],
      },
    },
  });

describe('EcsGmsaTask reconciler', () => {
  it('records the family and region in status before the first registration, then reports Ready', async () => {
    const w = world();
    await w.reconcile();
    expect(w.writes()).toStrictEqual(['addFinalizer', 'writeStatus', 'RegisterTaskDefinition', 'writeStatus']);
    expect(w.client.statuses[0]?.status).toStrictEqual({ family: FAMILY, region: 'us-east-1' });
    expect(w.ready()).toMatchObject({ status: 'True' });
    expect(w.object()?.status).toMatchObject({
      revision: 1,
      taskDefinitionArn: `arn:aws:ecs:us-east-1:111122223333:task-definition/${FAMILY}:1`,
    });
    expect(w.events.summary()).toStrictEqual(['Normal TaskDefinitionRegistered']);
  });

  it('makes no AWS and no Kubernetes write on a steady-state pass', async () => {
    const w = world();
    await w.reconcile();
    w.log.clear();
    await w.reconcile();
    expect(w.writes()).toStrictEqual([]);
    expect(w.log.operations()).toStrictEqual(['DescribeTaskDefinition']);
  });

  it('waits for a CredSpec that is not Ready, registering nothing and calling no AWS API', async () => {
    const w = world();
    w.credSpecs.delete('webapp01');
    await w.reconcile();
    expect(w.ready()).toMatchObject({ status: 'False', reason: 'CredentialSpecNotReady' });
    expect(w.log.calls.filter((c) => c.service !== 'kube')).toStrictEqual([]);
  });

  it.each<[string, Partial<EcsGmsaTaskSpec['taskDefinition']>, string]>([
    ['validation', { tags: [{ key: 'team', value: 'a;b' }] }, 'ValidationFailed'],
    ['the tenancy policy', { taskRoleArn: 'arn:aws:iam::111122223333:role/other-team/app' }, 'NotPermitted'],
  ])(
    "replaces a Ready task's CredentialSpecsResolved=True with Unknown when %s refuses an edited spec",
    async (_n, change, reason) => {
      const w = world();
      await w.reconcile();
      const resolved = () => w.object()?.status?.conditions?.find((c) => c.type === 'CredentialSpecsResolved');
      expect(resolved()).toMatchObject({ status: 'True' });
      w.edit((t) => ({ ...t, spec: { ...t.spec, taskDefinition: { ...t.spec.taskDefinition, ...change } } }));
      w.log.clear();
      await expect(w.reconcile()).rejects.toThrow(); // terminal: not retried until the spec changes
      expect(w.ready()).toMatchObject({ status: 'False', reason });
      expect(resolved()).toMatchObject({ status: 'Unknown', reason, observedGeneration: 2 });
      expect(w.writes()).toStrictEqual(['writeStatus']);
    },
  );

  it('registers a new revision for a changed spec and prunes ours beyond revisionHistoryLimit', async () => {
    const w = world();
    w.edit((t) => ({ ...t, spec: { ...t.spec, revisionHistoryLimit: 2 } }));
    await w.reconcile();
    for (const image of ['img:2', 'img:3']) {
      w.edit(withImage(image));
      await w.reconcile();
    }
    expect(w.ecs.peek(FAMILY).map((r) => `${r.revision}:${r.status}`)).toStrictEqual([
      '1:INACTIVE',
      '2:ACTIVE',
      '3:ACTIVE',
    ]);
    expect(w.events.recorded.at(-1)).toMatchObject({
      reason: 'RevisionsDeregistered',
      message: `deregistered ${FAMILY}:1 (revisionHistoryLimit 2)`,
    });
  });

  it('refuses a family holding revisions someone else registered, registering nothing', async () => {
    const w = world();
    await w.ecs.register({ family: FAMILY, containerDefinitions: [{ name: 'x', image: 'x', memory: 128 }] });
    await expect(w.reconcile()).rejects.toThrow();
    expect(w.ready()).toMatchObject({ status: 'False', reason: 'FamilyNotOwned' });
    expect(w.ecs.peek(FAMILY)).toHaveLength(1);
  });

  it('keeps a family it leaves while it holds revisions of ours, and deregisters in both on deletion', async () => {
    const w = world();
    await w.reconcile();
    w.edit((t) => ({
      ...t,
      spec: { ...t.spec, taskDefinition: { ...t.spec.taskDefinition, family: 'team-a_renamed' } },
    }));
    await w.reconcile();
    expect(w.object()?.status?.previousFamilies).toStrictEqual([{ family: FAMILY, region: 'us-east-1' }]);
    w.deleteObject();
    await w.reconcile();
    expect(w.ecs.peek(FAMILY).map((r) => r.status)).toStrictEqual(['INACTIVE']);
    expect(w.ecs.peek('team-a_renamed').map((r) => r.status)).toStrictEqual(['INACTIVE']);
    expect(w.object()).toBeUndefined();
  });

  it("deregisters only its own revisions on deletion, leaving an adopted family's others", async () => {
    const adopting: TenancyConfig = {
      ...DEFAULT_TENANCY,
      policy: { rules: [{ namespaces: ['team-a'], allowAdoption: true }] },
    };
    const w = world({}, { annotations: { 'ecsgmsa.io/adopt': 'true' } }, adopting);
    await w.ecs.register({ family: FAMILY, containerDefinitions: [{ name: 'x', image: 'x', memory: 128 }] });
    await w.reconcile();
    expect(w.events.summary()).toStrictEqual(['Normal Adopted', 'Normal TaskDefinitionRegistered']);
    w.deleteObject();
    await w.reconcile();
    expect(w.ecs.peek(FAMILY).map((r) => `${r.revision}:${r.status}`)).toStrictEqual(['1:ACTIVE', '2:INACTIVE']);
  });

  it('registers nothing when the status write recording the family is refused', async () => {
    const w = world();
    w.log.fail('writeStatus', 403);
    await expect(w.reconcile()).rejects.toThrow();
    expect(w.log.count('RegisterTaskDefinition')).toBe(0);
    expect(w.ready()).toMatchObject({ reason: 'KubernetesAccessDenied' });
  });
});

// The rollout's order of work against an ECS fake with ECS's deployment semantics: record, then act;
// exactly one update per service and target; no call at all once a rollout of the target ended.
import type { EcsGmsaTask, ServiceReference } from '../../../src/api/types.js';
import { rollOut, type RolloutContext } from '../../../src/controllers/ecsGmsaTask/rollout.js';
import type { RolloutTarget, ServiceRecord } from '../../../src/controllers/ecsGmsaTask/rolloutPlan.js';
import { taskSpec } from '../../fixtures/builders.js';
import { FakeEcsServices, tdArn } from '../../fakes/ecsServices.js';

const target = (revision: number, content = 'c1'): RolloutTarget => ({
  family: 'webapp',
  taskDefinitionArn: tdArn('webapp', revision),
  credentialSpecSha256: content,
});

interface Harness {
  ecs: FakeEcsServices;
  log: string[];
  events: string[];
  /** The task as the apiserver holds it: every recorded status lands here. */
  task: EcsGmsaTask;
  /** A reconcile toward `t`; `seen` is the task as the reconcile's cache holds it (default: current). */
  run(t: RolloutTarget, seen?: EcsGmsaTask): Promise<ServiceRecord[]>;
}

function harness(services: ServiceReference[]): Harness {
  const ecs = new FakeEcsServices();
  const h: Harness = {
    ecs,
    log: [],
    events: [],
    task: {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'EcsGmsaTask',
      metadata: { name: 'webapp', namespace: 'team-a', generation: 1 },
      spec: { ...taskSpec(), services },
    },
    async run(t, seen) {
      const ctx: RolloutContext = {
        services: ecs,
        target: t,
        nowIso: '2026-12-01T10:00:00Z',
        events: {
          record: (_s, type, reason, message) => {
            h.events.push(`${type} ${reason} ${message}`);
            return Promise.resolve();
          },
        },
        record: (task, records) => {
          h.log.push(`record ${records.map((r) => `${r.service}=${r.state}`).join(',')}`);
          h.task = { ...task, status: { ...task.status, services: records } };
          return Promise.resolve(h.task);
        },
        fresh: () => {
          h.log.push('fresh read');
          return Promise.resolve(h.task);
        },
      };
      ecs.beforeUpdate = () => h.log.push('update');
      const result = await rollOut(seen ?? h.task, ctx);
      // The reconciler reports the records as status.
      h.task = { ...result.task, status: { ...result.task.status, services: result.records } };
      return result.records;
    },
  };
  return h;
}

const prod = (service: string): ServiceReference => ({ cluster: 'prod', service });

describe('rollOut', () => {
  it('records every update in status before sending it, then sends exactly one per service', async () => {
    const h = harness([prod('team-a_web'), prod('team-a_api')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    h.ecs.add('prod', 'team-a_api', tdArn('webapp', 1));
    const records = await h.run(target(2));
    expect(h.log).toStrictEqual(['fresh read', 'record team-a_web=Pending,team-a_api=Pending', 'update', 'update']);
    expect(records.map((r) => r.state)).toStrictEqual(['InProgress', 'InProgress']);
    expect(records[0]?.deploymentId).toBe(h.ecs.primaryOf('prod/team-a_web')?.id);
    expect(h.events).toStrictEqual([
      'Normal ServiceUpdated updated prod/team-a_web to webapp:2',
      'Normal ServiceUpdated updated prod/team-a_api to webapp:2',
    ]);
  });

  it('describes while in progress, reports completion once, then makes no call at all', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    await h.run(target(2));
    await h.run(target(2));
    expect(h.ecs.count('update')).toBe(1);
    h.ecs.complete('prod/team-a_web');
    expect((await h.run(target(2)))[0]?.state).toBe('Completed');
    expect(h.events).toContain('Normal RolloutCompleted prod/team-a_web runs webapp:2');
    const calls = h.ecs.calls.length;
    for (let i = 0; i < 3; i++) await h.run(target(2));
    expect(h.ecs.calls.length).toBe(calls);
    expect(h.events.filter((e) => e.includes('RolloutCompleted'))).toHaveLength(1);
  });

  it('forces exactly one new deployment when only the CredSpec content changed', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    await h.run(target(2, 'c1'));
    h.ecs.complete('prod/team-a_web');
    await h.run(target(2, 'c1'));
    await h.run(target(2, 'c2'));
    await h.run(target(2, 'c2'));
    const updates = h.ecs.calls.filter((c) => c.op === 'update');
    expect(updates).toStrictEqual([
      {
        op: 'update',
        cluster: 'prod',
        service: 'team-a_web',
        taskDefinition: tdArn('webapp', 2),
        forceNewDeployment: false,
      },
      {
        op: 'update',
        cluster: 'prod',
        service: 'team-a_web',
        taskDefinition: tdArn('webapp', 2),
        forceNewDeployment: true,
      },
    ]);
    expect(h.events).toContain(
      'Normal DeploymentForced forced a new deployment of prod/team-a_web (webapp:2): the CredSpec content changed',
    );
  });

  it('a reconcile on a cache that lags its own last write decides on a fresh read: no second forced deployment', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    await h.run(target(2, 'c1'));
    h.ecs.complete('prod/team-a_web');
    await h.run(target(2, 'c1'));
    const cached = h.task; // Completed with content c1: what a lagging cache still holds after the next pass
    await h.run(target(2, 'c2'));
    const records = await h.run(target(2, 'c2'), cached);
    expect(
      h.ecs.calls.filter((c) => c.op === 'update').map((c) => c.op === 'update' && c.forceNewDeployment),
    ).toStrictEqual([false, true]);
    expect(records[0]).toMatchObject({ state: 'InProgress', credentialSpecSha256: 'c2' });
  });

  it('an update whose answer was lost is confirmed, not sent again', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    // The update goes through, but its answer is lost: status holds Pending.
    await expect(
      rollOut(h.task, {
        services: {
          describe: (c, s) => h.ecs.describe(c, s),
          update: async (input) => {
            await h.ecs.update(input);
            throw new Error('socket hang up');
          },
        },
        target: target(2),
        nowIso: '2026-12-01T10:00:00Z',
        events: { record: () => Promise.resolve() },
        record: (task, records) => {
          h.task = { ...task, status: { ...task.status, services: records } };
          return Promise.resolve(h.task);
        },
        fresh: () => Promise.resolve(h.task),
      }),
    ).rejects.toThrow('socket hang up');
    expect(h.task.status?.services?.[0]?.state).toBe('Pending');
    const records = await h.run(target(2));
    expect(h.ecs.count('update')).toBe(1);
    expect(records[0]).toMatchObject({ state: 'InProgress', deploymentId: h.ecs.primaryOf('prod/team-a_web')?.id });
  });

  it('an update recorded but never sent (a throttled call) is sent on the next reconcile, once', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1));
    let throttled = true;
    const ecs = h.ecs;
    const original = ecs.update.bind(ecs);
    ecs.update = (input) => (throttled ? Promise.reject(new Error('ThrottlingException')) : original(input));
    await expect(h.run(target(2))).rejects.toThrow('ThrottlingException');
    expect(h.task.status?.services?.[0]?.state).toBe('Pending');
    throttled = false;
    await h.run(target(2));
    expect(ecs.count('update')).toBe(1);
    expect(ecs.primaryOf('prod/team-a_web')?.taskDefinition).toBe(tdArn('webapp', 2));
  });

  it('leaves a missing service, another family and a CodeDeploy service untouched, and says so', async () => {
    const h = harness([prod('team-a_gone'), prod('team-a_legacy'), prod('team-a_cd')]);
    h.ecs.add('prod', 'team-a_legacy', tdArn('legacy', 7));
    h.ecs.add('prod', 'team-a_cd', tdArn('webapp', 1), { deploymentController: 'CODE_DEPLOY' });
    const records = await h.run(target(2));
    expect(records.map((r) => r.state)).toStrictEqual(['NotFound', 'FamilyMismatch', 'NotSupported']);
    expect(h.ecs.count('update')).toBe(0);
    expect(h.log).toStrictEqual([]);
    expect(h.events.map((e) => e.split(' ').slice(0, 2).join(' '))).toStrictEqual([
      'Warning ServiceNotFound',
      'Warning ServiceFamilyMismatch',
      'Warning ServiceNotSupported',
    ]);
  });

  it('a failed rollout is reported with ECS reason and never retried for the same revision; a new revision rolls out', async () => {
    const h = harness([prod('team-a_web')]);
    h.ecs.add('prod', 'team-a_web', tdArn('webapp', 1), { rollback: true });
    await h.run(target(2));
    h.ecs.fail('prod/team-a_web', 'ECS deployment circuit breaker: tasks failed to start.');
    const [failed] = await h.run(target(2));
    expect(failed).toMatchObject({ state: 'RolledBack', rolledBack: true, failedTasks: 3 });
    expect(failed?.message).toContain('ECS deployment circuit breaker: tasks failed to start.');
    const calls = h.ecs.calls.length;
    await h.run(target(2));
    expect(h.ecs.calls.length).toBe(calls);
    await h.run(target(3));
    h.ecs.complete('prod/team-a_web');
    expect((await h.run(target(3)))[0]?.state).toBe('Completed');
    expect(h.ecs.count('update')).toBe(2);
  });

  it('describes in one call per cluster, and never a service that is not listed', async () => {
    const h = harness([prod('team-a_a'), prod('team-a_b'), { cluster: 'stage', service: 'team-a_a' }]);
    for (const key of ['prod/team-a_a', 'prod/team-a_b', 'stage/team-a_a', 'prod/team-a_unlisted']) {
      const [cluster = '', service = ''] = key.split('/');
      h.ecs.add(cluster, service, tdArn('webapp', 2));
    }
    h.task = {
      ...h.task,
      status: { services: [{ cluster: 'prod', service: 'team-a_removed', state: 'InProgress' }] },
    };
    const records = await h.run(target(2));
    expect(h.ecs.calls).toStrictEqual([
      { op: 'describe', cluster: 'prod', services: ['team-a_a', 'team-a_b'] },
      { op: 'describe', cluster: 'stage', services: ['team-a_a'] },
    ]);
    expect(records.map((r) => `${r.cluster}/${r.service}=${r.state}`)).toStrictEqual([
      'prod/team-a_a=Completed',
      'prod/team-a_b=Completed',
      'stage/team-a_a=Completed',
    ]);
  });
});

import type { DescribedService, ServiceDeployment } from '../../../src/aws/ports.js';
import {
  confirmStep,
  moveStep,
  needOf,
  observeRollout,
  updatedRecord,
  type RolloutTarget,
  type ServiceRecord,
} from '../../../src/controllers/ecsGmsaTask/rolloutPlan.js';
import { tdArn } from '../../fakes/ecsServices.js';

const NOW = '2026-12-01T10:00:00Z';
const target: RolloutTarget = { family: 'web', taskDefinitionArn: tdArn('web', 3), credentialSpecSha256: 'c2' };
const ref = { cluster: 'prod', service: 'team-a_web' };

const deployment = (id: string, td: string, over: Partial<ServiceDeployment> = {}): ServiceDeployment => ({
  id,
  status: 'PRIMARY',
  taskDefinition: td,
  desiredCount: 2,
  runningCount: 0,
  pendingCount: 2,
  failedTasks: 0,
  rolloutState: 'IN_PROGRESS',
  ...over,
});

const service = (deployments: ServiceDeployment[], over: Partial<DescribedService> = {}): DescribedService => ({
  ...ref,
  arn: 'arn:aws:ecs:us-east-1:111122223333:service/prod/team-a_web',
  status: 'ACTIVE',
  taskDefinition: deployments[0]?.taskDefinition ?? tdArn('web', 2),
  deploymentController: 'ECS',
  deployments,
  circuitBreakerRollback: false,
  ...over,
});

const completed = (id: string, td: string): ServiceDeployment =>
  deployment(id, td, { rolloutState: 'COMPLETED', runningCount: 2, pendingCount: 0 });

const record = (over: Partial<ServiceRecord>): ServiceRecord => ({
  ...ref,
  state: 'InProgress',
  taskDefinitionArn: target.taskDefinitionArn,
  credentialSpecSha256: target.credentialSpecSha256,
  deploymentId: 'd3',
  updatedAt: NOW,
  ...over,
});

describe('needOf: which services this reconcile must look at', () => {
  it.each<[string, ServiceRecord | undefined, ReturnType<typeof needOf>]>([
    ['a service listed for the first time is described, then moved', undefined, 'move'],
    ['a completed rollout of the target is not looked at again', record({ state: 'Completed' }), 'settled'],
    ['a failed rollout of the target is not retried', record({ state: 'Failed' }), 'settled'],
    ['a rolled-back rollout of the target is not retried', record({ state: 'RolledBack' }), 'settled'],
    ['a rollout in progress is observed', record({ state: 'InProgress' }), 'observe'],
    ['a recorded, unconfirmed update is observed (confirmed or sent again)', record({ state: 'Pending' }), 'observe'],
    ['a missing service is looked for again', record({ state: 'NotFound' }), 'move'],
    [
      'a completed rollout of an older revision moves',
      record({ state: 'Completed', taskDefinitionArn: tdArn('web', 2) }),
      'move',
    ],
    [
      'a completed rollout with other CredSpec content moves',
      record({ state: 'Completed', credentialSpecSha256: 'c1' }),
      'move',
    ],
    [
      'a failed rollout of an older revision moves (a fixed spec)',
      record({ state: 'Failed', taskDefinitionArn: tdArn('web', 2) }),
      'move',
    ],
  ])('%s', (_name, previous, need) => {
    expect(needOf(previous, target)).toBe(need);
  });
});

describe('moveStep: a service to move onto the registered revision', () => {
  const ctx = { target, nowIso: NOW };

  it('a service on an older revision of the family is recorded Pending, then updated once to the new revision', () => {
    const step = moveStep(ref, undefined, service([completed('d2', tdArn('web', 2))]), ctx);
    expect(step).toStrictEqual({
      record: {
        ...ref,
        state: 'Pending',
        message: 'updating to web:3',
        taskDefinitionArn: target.taskDefinitionArn,
        credentialSpecSha256: 'c2',
        previousDeploymentId: 'd2',
        updatedAt: NOW,
      },
      update: { forceNewDeployment: false },
    });
  });

  it('the same revision with other CredSpec content than its deployment carries forces one new deployment', () => {
    const previous = record({ state: 'Completed', credentialSpecSha256: 'c1', deploymentId: 'd3' });
    const step = moveStep(ref, previous, service([completed('d3', target.taskDefinitionArn)]), ctx);
    expect(step.update).toStrictEqual({ forceNewDeployment: true });
    expect(step.record).toMatchObject({ state: 'Pending', credentialSpecSha256: 'c2', previousDeploymentId: 'd3' });
  });

  it.each<[string, ServiceRecord | undefined]>([
    ['listed for the first time', undefined],
    [
      'moved there by someone else after an older rollout',
      record({ state: 'Completed', taskDefinitionArn: tdArn('web', 2), credentialSpecSha256: 'c1' }),
    ],
  ])('a service already on the target revision is followed, its tasks undisturbed: %s', (_name, previous) => {
    const step = moveStep(ref, previous, service([completed('d9', target.taskDefinitionArn)]), ctx);
    expect(step.update).toBeUndefined();
    expect(step.record).toMatchObject({ state: 'Completed', deploymentId: 'd9', credentialSpecSha256: 'c2' });
  });

  it.each<[string, DescribedService | undefined, ServiceRecord['state'], string]>([
    [
      'a service that does not exist',
      undefined,
      'NotFound',
      'service team-a_web in cluster prod does not exist; the operator never creates services',
    ],
    [
      'a deleted (INACTIVE) service',
      service([], { status: 'INACTIVE' }),
      'NotFound',
      'service team-a_web in cluster prod is INACTIVE; the operator never creates services',
    ],
    [
      'a service being deleted (DRAINING)',
      service([], { status: 'DRAINING' }),
      'NotFound',
      'service team-a_web in cluster prod is DRAINING; the operator never creates services',
    ],
    [
      'a service running another family',
      service([completed('d1', tdArn('legacy', 4))]),
      'FamilyMismatch',
      `the service runs ${tdArn('legacy', 4)}, not a revision of family web; the operator only moves services that already run its family`,
    ],
    [
      'a service of a family whose name starts like ours',
      service([completed('d1', tdArn('web-old', 1))]),
      'FamilyMismatch',
      `the service runs ${tdArn('web-old', 1)}, not a revision of family web; the operator only moves services that already run its family`,
    ],
    [
      'a CodeDeploy service',
      service([completed('d1', tdArn('web', 2))], { deploymentController: 'CODE_DEPLOY' }),
      'NotSupported',
      'the service uses the CODE_DEPLOY deployment controller; the operator only drives ECS rolling updates',
    ],
  ])('%s is left untouched', (_name, described, state, message) => {
    expect(moveStep(ref, undefined, described, ctx)).toStrictEqual({ record: { ...ref, state, message } });
  });
});

describe('observeRollout: the deployment the operator started, as ECS reports it', () => {
  it.each<[string, DescribedService, Partial<ServiceRecord>]>([
    [
      'IN_PROGRESS with tasks pending',
      service([
        deployment('d3', tdArn('web', 3), { runningCount: 1, pendingCount: 1 }),
        completed('d2', tdArn('web', 2)),
      ]),
      {
        state: 'InProgress',
        message: '1/2 running, 1 pending (rolloutState IN_PROGRESS)',
        runningCount: 1,
        pendingCount: 1,
      },
    ],
    [
      'COMPLETED on the registered revision',
      service([completed('d3', tdArn('web', 3))]),
      { state: 'Completed', rolloutState: 'COMPLETED', runningCount: 2, desiredCount: 2 },
    ],
    [
      'FAILED without a rollback: ECS reason',
      service([
        deployment('d3', tdArn('web', 3), {
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          failedTasks: 3,
        }),
      ]),
      {
        state: 'Failed',
        rolledBack: false,
        failedTasks: 3,
        message: 'deployment d3 of web:3 FAILED: ECS deployment circuit breaker: tasks failed to start.',
      },
    ],
    [
      'FAILED and ECS started a rollback deployment',
      service(
        [
          deployment('d4', tdArn('web', 2)),
          deployment('d3', tdArn('web', 3), {
            status: 'ACTIVE',
            rolloutState: 'FAILED',
            rolloutStateReason: 'circuit breaker',
          }),
        ],
        { circuitBreakerRollback: true },
      ),
      {
        state: 'RolledBack',
        rolledBack: true,
        message: 'deployment d3 of web:3 FAILED and ECS rolled the service back: circuit breaker',
      },
    ],
    [
      'the failed deployment already drained after the rollback',
      service([completed('d4', tdArn('web', 2))], { circuitBreakerRollback: true }),
      {
        state: 'RolledBack',
        rolledBack: true,
        message:
          "the service now runs web:2, not web:3 (ECS's deployment circuit breaker rolled it back); it is not moved again for this revision",
      },
    ],
    [
      'someone else moved the service to another revision',
      service([deployment('d5', tdArn('web', 1))]),
      {
        state: 'RolledBack',
        rolledBack: false,
        message:
          'the service now runs web:1, not web:3 (something else updated it); it is not moved again for this revision',
      },
    ],
    [
      'someone forced a new deployment of the same revision: it is followed',
      service([completed('d7', tdArn('web', 3))]),
      { state: 'Completed', deploymentId: 'd7' },
    ],
    [
      'no rolloutState (an older answer): done when the only deployment runs every task',
      service([deployment('d3', tdArn('web', 3), { rolloutState: undefined, runningCount: 2, pendingCount: 0 })]),
      { state: 'Completed' },
    ],
  ])('%s', (_name, described, expected) => {
    const next = observeRollout(record({}), described);
    expect(next).toMatchObject(expected);
    if (next.state === 'Completed') expect(next.message).toBeUndefined();
  });

  it('clips an overlong ECS reason to what status holds', () => {
    const reason = 'x'.repeat(5000);
    const next = observeRollout(
      record({}),
      service([deployment('d3', tdArn('web', 3), { rolloutState: 'FAILED', rolloutStateReason: reason })]),
    );
    expect(next.rolloutStateReason?.length).toBe(1024);
    expect(next.message?.length).toBe(1024);
  });
});

describe('confirmStep: an update recorded Pending, its answer never seen', () => {
  const pending = record({ state: 'Pending', deploymentId: undefined, previousDeploymentId: 'd2' });

  it('a new PRIMARY deployment of the recorded revision means it was sent: no second update', () => {
    const step = confirmStep(pending, service([deployment('d3', tdArn('web', 3)), completed('d2', tdArn('web', 2))]));
    expect(step.update).toBeUndefined();
    expect(step.record).toMatchObject({ state: 'InProgress', deploymentId: 'd3' });
  });

  it('no new deployment means it was not sent: it is sent (once) now', () => {
    expect(confirmStep(pending, service([completed('d2', tdArn('web', 2))])).update).toStrictEqual({
      forceNewDeployment: false,
    });
  });

  it('a forced deployment not made yet is forced now', () => {
    const forced = record({ state: 'Pending', previousDeploymentId: 'd3', deploymentId: undefined });
    expect(confirmStep(forced, service([completed('d3', tdArn('web', 3))])).update).toStrictEqual({
      forceNewDeployment: true,
    });
  });

  it('a service deleted meanwhile is NotFound, not updated', () => {
    expect(confirmStep(pending, undefined)).toStrictEqual({
      record: { ...ref, state: 'NotFound', message: 'service team-a_web in cluster prod does not exist' },
    });
  });
});

describe('updatedRecord: what UpdateService answered', () => {
  it('takes the new PRIMARY deployment as the one the operator started', () => {
    const pending = record({ state: 'Pending', deploymentId: undefined, previousDeploymentId: 'd2' });
    const next = updatedRecord(pending, service([deployment('d3', tdArn('web', 3)), completed('d2', tdArn('web', 2))]));
    expect(next).toMatchObject({ state: 'InProgress', deploymentId: 'd3', previousDeploymentId: 'd2', updatedAt: NOW });
  });
});

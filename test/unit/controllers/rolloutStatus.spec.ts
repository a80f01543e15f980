import type { EcsGmsaTask } from '../../../src/api/types.js';
import type { ServiceRecord } from '../../../src/controllers/ecsGmsaTask/rolloutPlan.js';
import { pollDelayMs, rolloutVerdict, servicesCondition } from '../../../src/controllers/ecsGmsaTask/rolloutStatus.js';
import { nextTaskStatus, type RegisteredState } from '../../../src/controllers/ecsGmsaTask/status.js';
import { taskSpec } from '../../fixtures/builders.js';
import { tdArn } from '../../fakes/ecsServices.js';

const rec = (service: string, state: ServiceRecord['state'], message?: string, updatedAt?: string): ServiceRecord => ({
  cluster: 'prod',
  service,
  state,
  taskDefinitionArn: tdArn('webapp', 3),
  ...(message ? { message } : {}),
  ...(updatedAt ? { updatedAt } : {}),
});

describe('rolloutVerdict: every listed service together', () => {
  it.each<[string, ServiceRecord[], ReturnType<typeof rolloutVerdict>]>([
    [
      'every service completed: rolled out',
      [rec('a', 'Completed'), rec('b', 'Completed')],
      { kind: 'rolledOut', message: '2 service(s) run webapp:3: prod/a, prod/b' },
    ],
    [
      'one still rolling out: in progress',
      [rec('a', 'Completed'), rec('b', 'InProgress', '0/2 running, 2 pending (rolloutState IN_PROGRESS)')],
      { kind: 'inProgress', message: 'rolling out: prod/b: 0/2 running, 2 pending (rolloutState IN_PROGRESS)' },
    ],
    [
      'a recorded update not confirmed yet: in progress',
      [rec('a', 'Pending', 'updating to webapp:3')],
      { kind: 'inProgress', message: 'rolling out: prod/a: updating to webapp:3' },
    ],
    [
      'a failure outweighs a rollout in progress, which is still named',
      [rec('a', 'InProgress', 'x'), rec('b', 'Failed', 'deployment d FAILED: boom')],
      {
        kind: 'stalled',
        reason: 'RolloutFailed',
        message: 'prod/b: deployment d FAILED: boom; still rolling out: prod/a',
      },
    ],
    [
      'the worst problem names the reason; every problem is listed',
      [rec('a', 'NotFound', 'missing'), rec('b', 'RolledBack', 'rolled back')],
      { kind: 'stalled', reason: 'RolloutRolledBack', message: 'prod/a: missing; prod/b: rolled back' },
    ],
    [
      'a service of another family',
      [rec('a', 'FamilyMismatch', 'runs legacy:1')],
      { kind: 'stalled', reason: 'ServiceFamilyMismatch', message: 'prod/a: runs legacy:1' },
    ],
    [
      'a CodeDeploy service',
      [rec('a', 'NotSupported', 'CODE_DEPLOY')],
      { kind: 'stalled', reason: 'ServiceNotSupported', message: 'prod/a: CODE_DEPLOY' },
    ],
  ])('%s', (_name, records, verdict) => {
    expect(rolloutVerdict(records)).toStrictEqual(verdict);
  });

  it('gives ServicesRolledOut its status and reason', () => {
    expect(servicesCondition({ kind: 'rolledOut', message: 'm' })).toMatchObject({
      status: 'True',
      reason: 'ServicesRolledOut',
    });
    expect(servicesCondition({ kind: 'inProgress', message: 'm' })).toMatchObject({
      status: 'False',
      reason: 'RolloutInProgress',
    });
    expect(servicesCondition({ kind: 'stalled', reason: 'ServiceNotFound', message: 'm' })).toMatchObject({
      status: 'False',
      reason: 'ServiceNotFound',
    });
  });
});

describe('pollDelayMs: describe soon while a rollout is young, less often as it drags on', () => {
  const base = 15_000;
  const start = Date.parse('2026-12-01T10:00:00Z');
  it.each([
    ['just updated', 0, 15_000],
    ['after 59 s', 59_000, 15_000],
    ['after 1 min', 60_000, 30_000],
    ['after 2 min 59 s', 179_000, 30_000],
    ['after 3 min', 180_000, 60_000],
    ['after an hour', 3_600_000, 60_000],
  ])('%s: %i ms elapsed → %i ms', (_name, elapsed, delay) => {
    expect(pollDelayMs([rec('a', 'InProgress', 'x', '2026-12-01T10:00:00Z')], start + elapsed, base)).toBe(delay);
  });

  it('counts from the oldest update still in progress; finished ones do not count', () => {
    const records = [
      rec('a', 'Completed', undefined, '2026-12-01T09:00:00Z'),
      rec('b', 'InProgress', 'x', '2026-12-01T10:00:00Z'),
      rec('c', 'Pending', 'x', '2026-12-01T10:02:00Z'),
    ];
    expect(pollDelayMs(records, start + 70_000, base)).toBe(30_000);
  });
});

describe('nextTaskStatus with services', () => {
  const task: EcsGmsaTask = {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name: 'webapp', namespace: 'team-a', generation: 2 },
    spec: { ...taskSpec(), services: [{ cluster: 'prod', service: 'a' }] },
  };
  const state: RegisteredState = {
    family: 'webapp',
    revision: 3,
    taskDefinitionArn: tdArn('webapp', 3),
    specSha256: 'h',
    references: [],
  };
  const NOW = '2026-12-01T10:00:00Z';
  const conditions = (services: ServiceRecord[] | undefined, from: EcsGmsaTask = task) =>
    Object.fromEntries(
      (
        nextTaskStatus(from, { kind: 'registered', state, ...(services ? { services } : {}) }, NOW).conditions ?? []
      ).map((c) => [c.type, `${c.status} ${c.reason}`]),
    );

  it('Ready only when every service completed', () => {
    expect(conditions([rec('a', 'Completed')])).toMatchObject({
      Ready: 'True Ready',
      ServicesRolledOut: 'True ServicesRolledOut',
      TaskDefinitionRegistered: 'True TaskDefinitionRegistered',
    });
  });

  it('Reconciling while a rollout is in progress (kstatus InProgress, Argo CD Progressing)', () => {
    const c = conditions([rec('a', 'InProgress', 'x')]);
    expect(c).toMatchObject({
      Ready: 'False RolloutInProgress',
      Reconciling: 'True RolloutInProgress',
      ServicesRolledOut: 'False RolloutInProgress',
    });
    expect(c.Stalled).toBeUndefined();
  });

  it('Stalled with the service reason on a failure (kstatus Failed, Argo CD Degraded)', () => {
    const c = conditions([rec('a', 'Failed', 'boom')]);
    expect(c).toMatchObject({ Ready: 'False RolloutFailed', Stalled: 'True RolloutFailed' });
    expect(c.Reconciling).toBeUndefined();
  });

  it('a task that stops listing services loses status.services and ServicesRolledOut', () => {
    const before: EcsGmsaTask = {
      ...task,
      spec: taskSpec(),
      status: nextTaskStatus(task, { kind: 'registered', state, services: [rec('a', 'Completed')] }, NOW),
    };
    const after = nextTaskStatus(before, { kind: 'registered', state }, NOW);
    expect(after.services).toBeUndefined();
    expect(after.conditions?.map((c) => c.type)).not.toContain('ServicesRolledOut');
    expect(after.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

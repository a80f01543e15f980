// nextTaskStatus of an EcsGmsaTask: conditions per outcome (CredentialSpecsResolved says how far the
// references got), transition times that move only on a flip, the last registered revision kept.
import type { EcsGmsaTask, EcsGmsaTaskStatus } from '../../../src/api/types.js';
import type { Blocked } from '../../../src/controllers/common/outcome.js';
import { nextTaskStatus, type RegisteredState, type TaskOutcome } from '../../../src/controllers/ecsGmsaTask/status.js';
import { FAMILY, taskResource } from '../../fixtures/resources.js';

const T1 = '2026-11-30T10:00:00Z';
const T2 = '2026-11-30T11:00:00Z';
const ARN = `arn:aws:ecs:us-east-1:111122223333:task-definition/${FAMILY}:3`;
const REFERENCE = 'credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/team-a/webapp01/credspec';

const state: RegisteredState = {
  family: FAMILY,
  revision: 3,
  taskDefinitionArn: ARN,
  specSha256: 'sha',
  references: [{ container: 'web', credentialSpec: 'webapp01', reference: REFERENCE }],
};
const registered: TaskOutcome = { kind: 'registered', state };
const waiting: Blocked = {
  kind: 'waiting',
  reason: 'CredentialSpecNotReady',
  message: 'GmsaCredentialSpec not found: webapp01 (namespace team-a); waiting',
};
const throttled: Blocked = { kind: 'retrying', reason: 'AwsRetrying', message: 'slow down' };
const conflict: Blocked = { kind: 'stalled', reason: 'FamilyConflict', message: 'claimed' };
const invalid: Blocked = {
  kind: 'invalid',
  issues: [{ field: 'spec.taskDefinition.tags[0]', message: 'tag value holds ";"', severity: 'error' }],
};
const notPermitted: Blocked = { kind: 'stalled', reason: 'NotPermitted', message: 'role not permitted' };

const summary = (status: EcsGmsaTaskStatus): string[] =>
  (status.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);
const condition = (status: EcsGmsaTaskStatus, type: string) => status.conditions?.find((c) => c.type === type);
const withStatus = (
  task: EcsGmsaTask,
  status: EcsGmsaTaskStatus,
  generation = task.metadata.generation,
): EcsGmsaTask => ({
  ...task,
  metadata: { ...task.metadata, generation },
  status,
});

describe('nextTaskStatus: the conditions of each outcome', () => {
  it.each<[string, TaskOutcome, string[]]>([
    [
      'registered: Ready, references resolved, the revision registered',
      registered,
      [
        'Ready=True/Ready',
        'CredentialSpecsResolved=True/Ready',
        'TaskDefinitionRegistered=True/TaskDefinitionRegistered',
      ],
    ],
    [
      'waiting for a CredSpec: references not resolved, with the waiting reason',
      { kind: 'blocked', blocked: waiting },
      [
        'Ready=False/CredentialSpecNotReady',
        'Reconciling=True/CredentialSpecNotReady',
        'CredentialSpecsResolved=False/CredentialSpecNotReady',
      ],
    ],
    [
      'failing after the references resolved: they are said to be resolved',
      { kind: 'blocked', blocked: throttled, resolved: true },
      ['Ready=False/AwsRetrying', 'Reconciling=True/AwsRetrying', 'CredentialSpecsResolved=True/Ready'],
    ],
    [
      'failing before the references were looked at: Unknown, with the failure reason',
      { kind: 'blocked', blocked: conflict },
      ['Ready=False/FamilyConflict', 'Stalled=True/FamilyConflict', 'CredentialSpecsResolved=Unknown/FamilyConflict'],
    ],
    [
      'refused by validation before the references were looked at: Unknown ValidationFailed',
      { kind: 'blocked', blocked: invalid },
      [
        'Ready=False/ValidationFailed',
        'Stalled=True/ValidationFailed',
        'CredentialSpecsResolved=Unknown/ValidationFailed',
      ],
    ],
    [
      'refused by the tenancy policy before the references were looked at: Unknown NotPermitted',
      { kind: 'blocked', blocked: notPermitted },
      ['Ready=False/NotPermitted', 'Stalled=True/NotPermitted', 'CredentialSpecsResolved=Unknown/NotPermitted'],
    ],
    [
      'suspended: Ready False Suspended, neither Reconciling nor Stalled',
      { kind: 'suspended' },
      ['Ready=False/Suspended'],
    ],
  ])('%s', (_case, outcome, expected) => {
    const status = nextTaskStatus(taskResource(), outcome, T1);
    expect(summary(status)).toStrictEqual(expected);
    expect(status.observedGeneration).toBe(1);
  });

  it('names the revision and the containers with their CredSpecs', () => {
    const status = nextTaskStatus(taskResource(), registered, T1);
    expect(condition(status, 'Ready')?.message).toBe(`${ARN} registered`);
    expect(condition(status, 'TaskDefinitionRegistered')?.message).toBe(`${FAMILY}:3`);
    expect(condition(status, 'CredentialSpecsResolved')?.message).toBe('web: webapp01');
  });

  it.each<[string, TaskOutcome]>([
    ['registered', registered],
    ['waiting for a CredSpec', { kind: 'blocked', blocked: waiting }],
  ])(
    'replaces the CredentialSpecsResolved of an earlier pass (%s) when a later spec is refused early',
    (_n, before) => {
      const earlier = nextTaskStatus(taskResource(), before, T1);
      const status = nextTaskStatus(withStatus(taskResource(), earlier, 2), { kind: 'blocked', blocked: invalid }, T2);
      expect(condition(status, 'CredentialSpecsResolved')).toMatchObject({
        status: 'Unknown',
        reason: 'ValidationFailed',
        message: 'not checked: the reconcile stopped before resolving the references (see Ready)',
        lastTransitionTime: T2,
        observedGeneration: 2,
      });
    },
  );

  it('says which CredSpec it waits for in CredentialSpecsResolved', () => {
    const status = nextTaskStatus(taskResource(), { kind: 'blocked', blocked: waiting }, T1);
    expect(condition(status, 'CredentialSpecsResolved')?.message).toBe(waiting.message);
  });
});

describe('nextTaskStatus: fields and transition times', () => {
  it('records the registered revision', () => {
    expect(nextTaskStatus(taskResource(), registered, T1)).toMatchObject({
      family: FAMILY,
      revision: 3,
      taskDefinitionArn: ARN,
      specSha256: 'sha',
      credentialSpecReferences: state.references,
    });
  });

  it('keeps the last registered revision through a failure: running services still use it', () => {
    const task = taskResource();
    const before = nextTaskStatus(task, registered, T1);
    const after = nextTaskStatus(withStatus(task, before), { kind: 'blocked', blocked: throttled, resolved: true }, T2);
    expect(after).toMatchObject({ revision: 3, taskDefinitionArn: ARN, specSha256: 'sha' });
    expect(condition(after, 'TaskDefinitionRegistered')).toMatchObject({ status: 'True', lastTransitionTime: T1 });
  });

  it('keeps lastTransitionTime while Ready stays True across generations, and moves it on a flip', () => {
    const task = taskResource();
    const first = nextTaskStatus(task, registered, T1);
    const second = nextTaskStatus(withStatus(task, first, 2), registered, T2);
    expect(condition(second, 'Ready')).toMatchObject({ lastTransitionTime: T1, observedGeneration: 2 });
    const third = nextTaskStatus(withStatus(task, second, 3), { kind: 'blocked', blocked: waiting }, T2);
    expect(condition(third, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: T2 });
    expect(condition(third, 'CredentialSpecsResolved')).toMatchObject({ status: 'False', lastTransitionTime: T2 });
  });

  it('clears Reconciling once registered again', () => {
    const task = taskResource();
    const failing = nextTaskStatus(task, { kind: 'blocked', blocked: throttled, resolved: true }, T1);
    expect(summary(nextTaskStatus(withStatus(task, failing), registered, T2))).toStrictEqual([
      'Ready=True/Ready',
      'CredentialSpecsResolved=True/Ready',
      'TaskDefinitionRegistered=True/TaskDefinitionRegistered',
    ]);
  });

  it('keeps the family records written before the first registration', () => {
    const records: EcsGmsaTaskStatus = {
      family: FAMILY,
      region: 'us-east-1',
      previousFamilies: [{ family: 'team-a_old', region: 'us-east-1' }],
    };
    expect(
      nextTaskStatus(withStatus(taskResource(), records), { kind: 'blocked', blocked: throttled }, T1),
    ).toMatchObject(records);
  });

  it.each<[string, TaskOutcome]>([
    ['a registration', registered],
    ['a failure', { kind: 'blocked', blocked: throttled }],
    ['a suspended task', { kind: 'suspended' }],
  ])('echoes reconcile-requested-at after %s', (_case, outcome) => {
    const task = taskResource({}, { annotations: { 'ecsgmsa.io/reconcile-requested-at': 'now-please' } });
    expect(nextTaskStatus(task, outcome, T1).lastHandledReconcileAt).toBe('now-please');
  });

  it('does not echo an annotation too long for the status field', () => {
    const task = taskResource({}, { annotations: { 'ecsgmsa.io/reconcile-requested-at': 'x'.repeat(257) } });
    expect(nextTaskStatus(task, registered, T1)).not.toHaveProperty('lastHandledReconcileAt');
  });
});

// What Flux (and kpt, cli-utils' kapply) conclude from our status: the real kstatus library
// (sigs.k8s.io/cli-utils, through tools/kstatus-check) over every fixture in test/fixtures/status.
// The binary is built on first use by devenv/build-health-tools.sh (cached by version and source).
import { loadStatusFixtures } from '../../fixtures/status/index.js';
import { buildHealthTool, runVerdict } from './healthTools.js';

const ready = 'Current|Resource is Ready';
const suspended = 'InProgress|ecsgmsa.io/suspend is "true": no AWS writes until it is removed';
const denied = (op: string, action: string): string =>
  `Failed|${op}: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecs-gmsa-operator/i-0abc is not authorized to perform: ${action}: grant the operator's IAM role this permission; re-checked periodically`;
const behind = (kind: string, generation: number, observed: number): string =>
  `InProgress|${kind} generation is ${generation}, but latest observed generation is ${observed}`;

/**
 * Hand-written: kstatus `Status|Message` per fixture. kstatus reads deletionTimestamp, then
 * status.observedGeneration, then Reconciling/Stalled, then Ready; with none of them (no status yet)
 * it assumes Current, and it ignores a condition's own observedGeneration.
 */
const expected: Record<string, string> = {
  'gcs-no-status': 'Current|Resource is current',
  'gcs-status-without-observed-generation': ready,
  'gcs-observed-generation-behind': behind('GmsaCredentialSpec', 4, 3),
  'gcs-reconciling-secret-not-found': 'InProgress|Secret team-a/webapp01-ad-user not found; waiting for it',
  'gcs-reconciling-aws-retrying': 'InProgress|ssm.PutParameter: ThrottlingException: Rate exceeded',
  'gcs-ready': ready,
  'gcs-ready-old-generation': behind('GmsaCredentialSpec', 3, 2),
  'gcs-ready-condition-stale': ready,
  'gcs-ready-false-without-reconciling': 'InProgress|storing the CredSpec',
  'gcs-stalled-validation-failed':
    "Failed|spec.domain.sid: must be a domain SID (S-1-5-21-x-y-z), got 'S-1-5-21-2554468230'",
  'gcs-stalled-already-exists':
    'Failed|SSM parameter /gmsa/webapp01/credspec already exists and is not managed by this GmsaCredentialSpec; annotate it ecsgmsa.io/adopt: "true" to take it over, or choose another name',
  'gcs-stalled-access-denied': denied('ssm.PutParameter', 'ssm:PutParameter'),
  'gcs-suspended': suspended,
  'gcs-deletion-blocked': 'Terminating|Resource scheduled for deletion',
  'egt-no-status': 'Current|Resource is current',
  'egt-observed-generation-behind': behind('EcsGmsaTask', 5, 4),
  'egt-reconciling-credspec-not-ready': 'InProgress|GmsaCredentialSpec not Ready: webapp01 (namespace team-a); waiting',
  'egt-reconciling-aws-retrying': 'InProgress|ecs.RegisterTaskDefinition: ThrottlingException: Rate exceeded',
  'egt-ready': ready,
  'egt-ready-old-generation': behind('EcsGmsaTask', 4, 3),
  'egt-stalled-validation-failed':
    'Failed|spec.taskDefinition.containerDefinitions[0].gmsa: requires spec.taskDefinition.runtimePlatform.operatingSystemFamily',
  'egt-stalled-family-conflict':
    'Failed|family webapp in us-east-1 belongs to EcsGmsaTask team-b/webapp; choose another family',
  'egt-stalled-access-denied': denied('ecs.RegisterTaskDefinition', 'ecs:RegisterTaskDefinition'),
  'egt-suspended': suspended,
  'egt-deleting': 'Terminating|Resource scheduled for deletion',
  'egt-rolling-out': 'InProgress|rolling out: prod/team-a_webapp: 1/3 running, 2 pending (rolloutState IN_PROGRESS)',
  'egt-ready-services-rolled-out': ready,
  'egt-stalled-rollout-failed': `Failed|prod/team-a_webapp: deployment ecs-svc/8410762543184905521 of webapp:3 FAILED: ECS deployment circuit breaker: tasks failed to start.`,
  'egt-stalled-rolled-back': `Failed|prod/team-a_webapp: deployment ecs-svc/8410762543184905521 of webapp:3 FAILED and ECS rolled the service back: ECS deployment circuit breaker: tasks failed to start.`,
  'egt-stalled-service-not-found':
    'Failed|prod/team-a_webapp: service team-a_webapp in cluster prod does not exist; the operator never creates services',
};

const fixtures = loadStatusFixtures();
let binary = '';

const kstatus = (object: unknown): string => runVerdict(binary, [], object);

beforeAll(() => {
  binary = buildHealthTool('kstatus');
}, 600_000);

describe('kstatus (sigs.k8s.io/cli-utils) verdicts', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
    expect(kstatus(fixture.object)).toBe(expected[name]);
  });

  it('agrees with the Argo CD script on the contract: Ready current → Current, Reconciling → InProgress, Stalled → Failed, behind → InProgress, deleting → Terminating', () => {
    const verdict = (name: string): string => (expected[name] ?? '').split('|')[0] ?? '';
    expect(['gcs-ready', 'egt-ready'].map(verdict)).toEqual(['Current', 'Current']);
    expect(
      [
        'gcs-reconciling-secret-not-found',
        'gcs-reconciling-aws-retrying',
        'egt-reconciling-credspec-not-ready',
        'egt-reconciling-aws-retrying',
      ].map(verdict),
    ).toEqual(Array(4).fill('InProgress'));
    expect(
      [
        'gcs-stalled-validation-failed',
        'gcs-stalled-already-exists',
        'gcs-stalled-access-denied',
        'egt-stalled-validation-failed',
        'egt-stalled-family-conflict',
        'egt-stalled-access-denied',
      ].map(verdict),
    ).toEqual(Array(6).fill('Failed'));
    expect(
      [
        'gcs-observed-generation-behind',
        'gcs-ready-old-generation',
        'egt-observed-generation-behind',
        'egt-ready-old-generation',
      ].map(verdict),
    ).toEqual(Array(4).fill('InProgress'));
    expect(['gcs-deletion-blocked', 'egt-deleting'].map(verdict)).toEqual(['Terminating', 'Terminating']);
  });
});

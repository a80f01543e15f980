// What Argo CD shows for every status the operator reports (test/fixtures/status): the SHIPPED
// deploy/argocd/argocd-cm-patch.yaml evaluated by tools/argocd-health, which runs the scripts the way
// Argo CD does (gopher-lua with Argo CD's libraries, timeout and conversions, gitops-engine's
// deletion rule first). Built on first use from the Go module proxy; no system Lua is involved.
import { fileURLToPath } from 'node:url';
import { loadStatusFixtures } from '../../fixtures/status/index.js';
import { buildHealthTool, runVerdict } from './healthTools.js';

const patch = fileURLToPath(new URL('../../../deploy/argocd/argocd-cm-patch.yaml', import.meta.url));

const ref = 'credentialspecdomainless:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec';
const suspended = 'Suspended|ecsgmsa.io/suspend is "true": no AWS writes until it is removed';
const deniedBy = (op: string, action: string): string =>
  `Degraded|AccessDenied: ${op}: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecs-gmsa-operator/i-0abc is not authorized to perform: ${action}: grant the operator's IAM role this permission; re-checked periodically`;

/** Hand-written: what Argo CD must show for each fixture, as `status|message`. */
const expected: Record<string, string> = {
  'gcs-no-status': 'Progressing|Waiting for the operator to observe generation 1',
  'gcs-status-without-observed-generation': 'Progressing|Waiting for the operator to observe generation 1',
  'gcs-observed-generation-behind': 'Progressing|Waiting for the operator to observe generation 4 (observed 3)',
  'gcs-reconciling-secret-not-found':
    'Progressing|SecretNotFound: Secret team-a/webapp01-ad-user not found; waiting for it',
  'gcs-reconciling-aws-retrying': 'Progressing|AwsRetrying: ssm.PutParameter: ThrottlingException: Rate exceeded',
  'gcs-ready': `Healthy|CredSpec available as ${ref}`,
  'gcs-ready-old-generation': 'Progressing|Waiting for the operator to observe generation 3 (observed 2)',
  'gcs-ready-condition-stale': 'Progressing|Ready condition is from generation 2, waiting for generation 3',
  'gcs-ready-false-without-reconciling': 'Progressing|Progressing: storing the CredSpec',
  'gcs-stalled-validation-failed':
    "Degraded|ValidationFailed: spec.domain.sid: must be a domain SID (S-1-5-21-x-y-z), got 'S-1-5-21-2554468230'",
  'gcs-stalled-already-exists':
    'Degraded|AlreadyExists: SSM parameter /gmsa/webapp01/credspec already exists and is not managed by this GmsaCredentialSpec; annotate it ecsgmsa.io/adopt: "true" to take it over, or choose another name',
  'gcs-stalled-access-denied': deniedBy('ssm.PutParameter', 'ssm:PutParameter'),
  'gcs-suspended': suspended,
  // gitops-engine decides before any script runs: the DeletionBlocked reason is not shown.
  'gcs-deletion-blocked': 'Progressing|Pending deletion',
  'egt-no-status': 'Progressing|Waiting for the operator to observe generation 1',
  'egt-observed-generation-behind': 'Progressing|Waiting for the operator to observe generation 5 (observed 4)',
  'egt-reconciling-credspec-not-ready':
    'Progressing|CredentialSpecNotReady: GmsaCredentialSpec not Ready: webapp01 (namespace team-a); waiting',
  'egt-reconciling-aws-retrying':
    'Progressing|AwsRetrying: ecs.RegisterTaskDefinition: ThrottlingException: Rate exceeded',
  'egt-ready': 'Healthy|arn:aws:ecs:us-east-1:111122223333:task-definition/webapp:3 registered',
  'egt-ready-old-generation': 'Progressing|Waiting for the operator to observe generation 4 (observed 3)',
  'egt-stalled-validation-failed':
    'Degraded|ValidationFailed: spec.taskDefinition.containerDefinitions[0].gmsa: requires spec.taskDefinition.runtimePlatform.operatingSystemFamily',
  'egt-stalled-family-conflict':
    'Degraded|FamilyConflict: family webapp in us-east-1 belongs to EcsGmsaTask team-b/webapp; choose another family',
  'egt-stalled-access-denied': deniedBy('ecs.RegisterTaskDefinition', 'ecs:RegisterTaskDefinition'),
  'egt-suspended': suspended,
  'egt-deleting': 'Progressing|Pending deletion',
  // ECS service rollout (spec.services): Progressing while ECS rolls out, Degraded when it failed.
  'egt-rolling-out':
    'Progressing|RolloutInProgress: rolling out: prod/team-a_webapp: 1/3 running, 2 pending (rolloutState IN_PROGRESS)',
  'egt-ready-services-rolled-out':
    'Healthy|arn:aws:ecs:us-east-1:111122223333:task-definition/webapp:3 registered; 1 service(s) run webapp:3: prod/team-a_webapp',
  'egt-stalled-rollout-failed': `Degraded|RolloutFailed: prod/team-a_webapp: deployment ecs-svc/8410762543184905521 of webapp:3 FAILED: ECS deployment circuit breaker: tasks failed to start.`,
  'egt-stalled-rolled-back': `Degraded|RolloutRolledBack: prod/team-a_webapp: deployment ecs-svc/8410762543184905521 of webapp:3 FAILED and ECS rolled the service back: ECS deployment circuit breaker: tasks failed to start.`,
  'egt-stalled-service-not-found':
    'Degraded|ServiceNotFound: prod/team-a_webapp: service team-a_webapp in cluster prod does not exist; the operator never creates services',
};

const fixtures = loadStatusFixtures();
let binary = '';
const argoHealth = (object: unknown): string => runVerdict(binary, [patch], object);

beforeAll(() => {
  binary = buildHealthTool('argocd');
}, 600_000);

describe('Argo CD health of the shipped argocd-cm patch', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
    expect(argoHealth(fixture.object)).toBe(expected[name]);
  });

  describe('states the operator does not write but a script must survive', () => {
    const ready = fixtures.find((f) => f.name === 'egt-ready');
    const base = (): Record<string, unknown> & { metadata: Record<string, unknown>; status: Record<string, unknown> } =>
      structuredClone(ready?.object) as never;

    it('no Ready condition yet at the current generation', () => {
      const obj = base();
      obj.status.conditions = [];
      expect(argoHealth(obj)).toBe('Progressing|Waiting for the Ready condition');
    });

    it('Ready=Unknown', () => {
      const obj = base();
      obj.status.conditions = [
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'Progressing',
          message: '',
          lastTransitionTime: '2025-06-01T10:00:00Z',
        },
      ];
      expect(argoHealth(obj)).toBe('Progressing|Waiting for the Ready condition');
    });

    it('Ready=True without observedGeneration on the condition and with an empty message', () => {
      const obj = base();
      obj.status.conditions = [
        { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2025-06-01T10:00:00Z' },
      ];
      expect(argoHealth(obj)).toBe('Healthy|Ready');
    });

    it('Stalled without a message or reason', () => {
      const obj = base();
      obj.status.conditions = [
        { type: 'Ready', status: 'False', reason: 'X', message: 'm' },
        { type: 'Stalled', status: 'True' },
      ];
      expect(argoHealth(obj)).toBe('Degraded|Stalled');
    });

    it('no metadata.generation and no status', () => {
      expect(
        argoHealth({ apiVersion: 'ecsgmsa.io/v1alpha1', kind: 'GmsaCredentialSpec', metadata: { name: 'x' } }),
      ).toBe('Progressing|Waiting for the operator to report status');
    });

    it('a deleted object that is an Argo CD sync hook (hook finalizer) is assessed by the script after all', () => {
      const obj = base();
      obj.metadata.deletionTimestamp = '2025-06-02T09:00:00Z';
      obj.metadata.finalizers = ['argocd.argoproj.io/hook-finalizer'];
      expect(argoHealth(obj)).toBe('Healthy|arn:aws:ecs:us-east-1:111122223333:task-definition/webapp:3 registered');
    });
  });
});

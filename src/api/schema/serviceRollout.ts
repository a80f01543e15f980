// OpenAPI schema of EcsGmsaTask's ECS service rollout: `spec.services` and `status.services`.
import * as L from '../limits.js';
import { arr, bool, int, obj, oneOf, str, type SchemaNode } from './openapi.js';

const ecsName = (description: string): SchemaNode =>
  str({ pattern: L.ECS_NAME_PATTERN, maxLength: L.ECS_NAME_MAX, description });

const identity = {
  cluster: ecsName("ECS cluster name, in the task's region and the operator's account."),
  service: ecsName('ECS service name in that cluster.'),
};

/** One ECS service the operator moves onto the revisions it registers. */
const serviceReference = obj(identity, {
  title: 'ServiceReference',
  required: ['cluster', 'service'],
  description:
    'An existing ECS service whose current task definition belongs to this family. The operator never creates or deletes it.',
});

/** spec.services. */
export const servicesSpecSchema: SchemaNode = arr(serviceReference, L.SERVICES_MAX, {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['cluster', 'service'],
  description:
    'ECS services updated to each revision the operator registers (one UpdateService per service and revision), and redeployed once when only the content behind an unchanged CredSpec reference changed. The namespace must be allowed them by the tenancy policy.',
});

/** What the operator concluded about one service. */
export const SERVICE_ROLLOUT_STATES = [
  'Pending',
  'InProgress',
  'Completed',
  'Failed',
  'RolledBack',
  'NotFound',
  'FamilyMismatch',
  'NotSupported',
] as const;

const count = (description: string): SchemaNode => int({ format: 'int32', minimum: 0, description });

/** One entry of status.services. */
const serviceRolloutStatus = obj(
  {
    ...identity,
    state: oneOf(SERVICE_ROLLOUT_STATES, {
      description:
        'Pending: recorded, the update is not confirmed yet; InProgress/Completed/Failed: the rollout of the deployment the operator started; RolledBack: ECS (circuit breaker) moved the service off the revision; NotFound, FamilyMismatch, NotSupported: left untouched.',
    }),
    message: str({ maxLength: 1024, description: 'Why, for every state but Completed.' }),
    taskDefinitionArn: str({
      maxLength: 2048,
      description: 'The revision the operator moved the service onto (recorded before the update).',
    }),
    credentialSpecSha256: str({
      maxLength: 64,
      description:
        "sha256 over the referenced GmsaCredentialSpecs' contentSha256 that this service's deployment carries; a change with an unchanged revision forces one new deployment.",
    }),
    previousDeploymentId: str({
      maxLength: 255,
      description:
        'The PRIMARY deployment before the update (recorded before it): tells an update made from one not made.',
    }),
    deploymentId: str({ maxLength: 255, description: 'The deployment the operator started (or follows).' }),
    rolloutState: str({ maxLength: 32, description: "ECS's rolloutState of that deployment." }),
    rolloutStateReason: str({ maxLength: 1024, description: "ECS's rolloutStateReason." }),
    desiredCount: count('Tasks the deployment wants.'),
    runningCount: count('Tasks of the deployment running.'),
    pendingCount: count('Tasks of the deployment pending.'),
    failedTasks: count('Tasks of the deployment that failed to start.'),
    rolledBack: bool({ description: "True when ECS's circuit breaker rolled the deployment back." }),
    updatedAt: str({ format: 'date-time', description: 'When the operator updated the service.' }),
  },
  {
    title: 'ServiceRolloutStatus',
    required: ['cluster', 'service', 'state'],
    description: 'A listed ECS service and the rollout of the revision the operator moved it onto.',
  },
);

/** status.services. */
export const servicesStatusSchema: SchemaNode = arr(serviceRolloutStatus, L.SERVICES_MAX, {
  description: 'The rollout of every listed ECS service: the services the operator updated, recorded before it did.',
});

// OpenAPI schema of EcsGmsaTask: the generated RegisterTaskDefinition input plus our `gmsa` container field.
import ecsTaskDefinition from './ecsTaskDefinition.generated.json' with { type: 'json' };
import * as L from '../limits.js';
import { celNotReservedTagKey, deletionPolicySchema, reconcileStatusFields, regionSchema } from './common.js';
import { arr, int, obj, str, type CelRule, type SchemaNode } from './openapi.js';
import { servicesSpecSchema, servicesStatusSchema } from './serviceRollout.js';

const gmsa = obj(
  {
    credentialSpecRef: str({
      pattern: L.OBJECT_NAME_PATTERN,
      maxLength: L.OBJECT_NAME_MAX,
      description: 'Name of a GmsaCredentialSpec in the same namespace; the operator sets credentialSpecs from it.',
    }),
  },
  {
    title: 'ContainerGmsa',
    required: ['credentialSpecRef'],
    description: 'Removed before the definition is sent to ECS.',
  },
);

const containerRules: CelRule[] = [
  {
    rule: '!has(self.credentialSpecs)',
    message:
      'credentialSpecs is written by the operator from gmsa.credentialSpecRef; remove it and reference a GmsaCredentialSpec',
    fieldPath: '.credentialSpecs',
    reason: 'FieldValueForbidden',
  },
  {
    rule: "!has(self.dockerSecurityOptions) || self.dockerSecurityOptions.all(o, !o.lowerAscii().startsWith('credentialspec'))",
    message: 'dockerSecurityOptions must not name a credential spec; use gmsa.credentialSpecRef',
    fieldPath: '.dockerSecurityOptions',
    reason: 'FieldValueForbidden',
  },
];

const usesGmsa = 'self.containerDefinitions.exists(c, has(c.gmsa))';
const taskRules: CelRule[] = [
  {
    rule: `!(${usesGmsa}) || has(self.runtimePlatform) && has(self.runtimePlatform.operatingSystemFamily)`,
    message:
      'a task with gmsa.credentialSpecRef needs runtimePlatform.operatingSystemFamily (the OS decides the gMSA rules)',
    fieldPath: '.runtimePlatform',
    reason: 'FieldValueRequired',
  },
  {
    rule: `!(${usesGmsa}) || has(self.executionRoleArn)`,
    message: 'a task with gmsa.credentialSpecRef needs executionRoleArn: the execution role fetches the CredSpec',
    fieldPath: '.executionRoleArn',
    reason: 'FieldValueRequired',
  },
  {
    rule: `!(${usesGmsa}) || !has(self.requiresCompatibilities) || !self.requiresCompatibilities.exists(c, c == 'FARGATE') || !has(self.runtimePlatform) || !has(self.runtimePlatform.operatingSystemFamily) || !self.runtimePlatform.operatingSystemFamily.startsWith('WINDOWS')`,
    message: 'gMSA is not supported for Windows containers on Fargate; use EC2',
    fieldPath: '.requiresCompatibilities',
  },
  {
    // The ECS schema already bounds each tag's length and characters; the reserved prefixes are ours to refuse.
    rule: `!has(self.tags) || self.tags.all(t, !has(t.key) || ${celNotReservedTagKey('t.key')})`,
    message: 'tag keys must not start with "aws:" or "ecsgmsa.io/" (reserved)',
    fieldPath: '.tags',
  },
];

/** Deep-copies the generated ECS schema and adds `gmsa` plus the tenancy rules to each container. */
function taskDefinitionSchema(): SchemaNode {
  const root = structuredClone(ecsTaskDefinition) as SchemaNode;
  const container = root.properties?.containerDefinitions?.items;
  if (!container?.properties) throw new Error('generated ECS schema lacks containerDefinitions.items.properties');
  container.properties.gmsa = gmsa;
  container['x-kubernetes-validations'] = [...(container['x-kubernetes-validations'] ?? []), ...containerRules];
  root.title = 'TaskDefinitionSpec';
  container.title = 'ContainerDefinitionSpec';
  root['x-kubernetes-validations'] = [...(root['x-kubernetes-validations'] ?? []), ...taskRules];
  return root;
}

/** spec of EcsGmsaTask. */
export const ecsGmsaTaskSpecSchema: SchemaNode = obj(
  {
    region: regionSchema,
    revisionHistoryLimit: int({
      minimum: 1,
      maximum: L.REVISION_HISTORY_MAX,
      default: 5,
      description: 'Operator-registered ACTIVE revisions kept; older ones are deregistered.',
    }),
    deletionPolicy: {
      ...deletionPolicySchema,
      description: "Delete deregisters the operator's revisions when the resource is deleted; Retain leaves them.",
    },
    taskDefinition: taskDefinitionSchema(),
    services: servicesSpecSchema,
  },
  {
    title: 'EcsGmsaTaskSpec',
    required: ['taskDefinition'],
    description: 'Desired state: the task definition, how its revisions are kept, and the ECS services that run it.',
  },
);

const credentialSpecReference = obj(
  {
    container: str({ maxLength: 255, description: 'Container name.' }),
    credentialSpec: str({ maxLength: L.OBJECT_NAME_MAX, description: 'The GmsaCredentialSpec referenced.' }),
    reference: str({
      maxLength: 2100,
      description: 'The credentialspec: or credentialspecdomainless: string sent to ECS.',
    }),
  },
  { title: 'CredentialSpecReferenceStatus', required: ['container', 'credentialSpec', 'reference'] },
);

const familyRecord = obj(
  {
    region: str({ maxLength: 32, description: 'Region of the family.' }),
    family: str({ maxLength: 255, description: 'Task definition family.' }),
  },
  {
    title: 'FamilyRecord',
    required: ['region', 'family'],
    description: 'A task definition family the operator registered revisions in.',
  },
);

/** status of EcsGmsaTask. */
export const ecsGmsaTaskStatusSchema: SchemaNode = obj(
  {
    ...reconcileStatusFields,
    family: str({
      maxLength: 255,
      description: 'Task definition family: recorded before the first revision is registered.',
    }),
    region: str({ maxLength: 32, description: 'Region of the family.' }),
    previousFamilies: arr(familyRecord, L.PREVIOUS_OBJECTS_MAX, {
      description:
        'Earlier families (or regions) holding revisions this resource registered; deregistered on deletion under policy Delete.',
    }),
    revision: int({ format: 'int64', description: 'Latest revision registered by the operator.' }),
    taskDefinitionArn: str({ maxLength: 2048, description: 'ARN of the latest revision registered by the operator.' }),
    specSha256: str({ maxLength: 64, description: 'sha256 of the canonical RegisterTaskDefinition input.' }),
    credentialSpecReferences: arr(credentialSpecReference, 10, {
      description: 'The credentialSpecs entry each container got.',
    }),
    services: servicesStatusSchema,
  },
  { title: 'EcsGmsaTaskStatus', description: 'Observed state, written by the operator.' },
);

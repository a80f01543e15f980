// Caches and clients both controllers share, built once per process.
import { ECS_GMSA_TASK_PLURAL, GMSA_CREDENTIAL_SPEC_PLURAL, GROUP, VERSION } from '../api/group.js';
import type { EcsGmsaTask, GmsaCredentialSpec } from '../api/types.js';
import type { AwsPortsFactory } from '../aws/ports.js';
import type { TenancyPolicy } from '../domain/tenancy/policy.js';
import type { RunContext } from '../cli/runCommand.js';
import { kubeEventRecorder, type EventRecorder } from '../kube/events.js';
import { apiListWatch } from '../kube/listWatch.js';
import { SECRETS, type ResourceType } from '../kube/resources.js';
import { Informer } from '../runtime/informer.js';
import { identityOnly, slimForCache } from '../runtime/cacheTransforms.js';

export const CREDENTIAL_SPECS: ResourceType = { group: GROUP, version: VERSION, plural: GMSA_CREDENTIAL_SPEC_PLURAL };
export const TASKS: ResourceType = { group: GROUP, version: VERSION, plural: ECS_GMSA_TASK_PLURAL };

/** Index of tasks by referenced CredSpec (`namespace/credspec`). */
export const TASKS_BY_CREDSPEC = 'credentialSpecRef';
/** Index of tasks by `region/family` (region as the operator defaults it). */
export const TASKS_BY_FAMILY = 'family';
/** Index of CredSpecs by credentials Secret (`namespace/secret`). */
export const CREDSPECS_BY_SECRET = 'credentialsSecret';

export interface SecretMeta {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
}

export interface Shared {
  context: RunContext;
  aws: AwsPortsFactory;
  accountId(region: string): Promise<string>;
  tenancy?: TenancyPolicy;
  events: EventRecorder;
  credSpecs: Informer<GmsaCredentialSpec>;
  tasks: Informer<EcsGmsaTask>;
  /** Secret identity only: no data, and no annotations (a `kubectl apply`'d Secret carries its data in one). */
  secrets: Informer<SecretMeta>;
}

function informer<T extends { metadata?: object }>(context: RunContext, type: ResourceType, metadataOnly = false): Informer<T & { metadata?: { name?: string; namespace?: string } }> {
  const namespaces = context.config.namespaces.length > 0 ? context.config.namespaces : [undefined];
  const listWatches = namespaces.map((namespace) => apiListWatch<T & { metadata?: { name?: string } }>(context.http, { type, metadataOnly, ...(namespace ? { namespace } : {}) }));
  return new Informer({ name: type.plural, listWatches, clock: context.clock, log: context.logger.child({ informer: type.plural }), transform: metadataOnly ? identityOnly : slimForCache });
}

/** Builds the shared caches with their indexes. */
export function createShared(context: RunContext, aws: { factory: AwsPortsFactory; accountId(region: string): Promise<string> }, tenancy?: TenancyPolicy): Shared {
  const credSpecs = informer<GmsaCredentialSpec>(context, CREDENTIAL_SPECS) as Informer<GmsaCredentialSpec>;
  const tasks = informer<EcsGmsaTask>(context, TASKS) as Informer<EcsGmsaTask>;
  const secrets = informer<SecretMeta>(context, SECRETS, true) as Informer<SecretMeta>;
  tasks.addIndex(TASKS_BY_CREDSPEC, (t) => (t.spec?.taskDefinition?.containerDefinitions ?? []).flatMap((c) => (c.gmsa ? [`${t.metadata.namespace ?? ''}/${c.gmsa.credentialSpecRef}`] : [])));
  const defaultRegion = context.config.region;
  tasks.addIndex(TASKS_BY_FAMILY, (t) => (t.spec?.taskDefinition?.family ? [`${t.spec.region ?? defaultRegion}/${t.spec.taskDefinition.family}`] : []));
  credSpecs.addIndex(CREDSPECS_BY_SECRET, (c) => (c.spec?.domainless ? [`${c.metadata.namespace ?? ''}/${c.spec.domainless.credentialsSecretRef.name}`] : []));
  const events = kubeEventRecorder({ http: context.http, clock: context.clock, instance: context.identity, onError: (err) => context.logger.warn('event not recorded', { error: err instanceof Error ? err.message : String(err) }) });
  return { context, aws: aws.factory, accountId: (region) => aws.accountId(region), ...(tenancy ? { tenancy } : {}), events, credSpecs, tasks, secrets };
}

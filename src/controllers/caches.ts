// Caches and clients both controllers share, built once per process.
import { ECS_GMSA_TASK_PLURAL, GMSA_CREDENTIAL_SPEC_PLURAL, GROUP, VERSION } from '../api/group.js';
import type { EcsGmsaTask, GmsaCredentialSpec } from '../api/types.js';
import type { AwsPortsFactory } from '../aws/ports.js';
import type { DirectoryVerifier } from '../directory/index.js';
import type { TenancyConfig } from '../domain/tenancy/policy.js';
import type { KubeHttp } from '../kube/http.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { BackgroundBudget } from '../runtime/backgroundBudget.js';
import type { Clock } from '../runtime/clock.js';
import type { ReconcileScopes } from '../runtime/reconcileScope.js';
import { kubeEventRecorder, type EventRecorder } from '../kube/events.js';
import { isStatus } from '../kube/errors.js';
import { apiListWatch } from '../kube/listWatch.js';
import { SECRETS, type ResourceType } from '../kube/resources.js';
import { Controller, type Reconciler } from '../runtime/controller.js';
import { Informer } from '../runtime/informer.js';
import { controllerRateLimiter } from '../runtime/rateLimiters.js';
import { NamespacedInformer } from '../runtime/namespacedInformer.js';
import { identityOnly, slimForCache } from '../runtime/cacheTransforms.js';

export const CREDENTIAL_SPECS: ResourceType = { group: GROUP, version: VERSION, plural: GMSA_CREDENTIAL_SPEC_PLURAL };
export const TASKS: ResourceType = { group: GROUP, version: VERSION, plural: ECS_GMSA_TASK_PLURAL };

/** Index of tasks by referenced CredSpec (`namespace/credspec`). */
export const TASKS_BY_CREDSPEC = 'credentialSpecRef';
/** Index of tasks by `region/family` (region as the operator defaults it). */
export const TASKS_BY_FAMILY = 'family';
/** Index of CredSpecs by the Secrets they read (`namespace/secret`): credentials, directory bind and CA. */
export const CREDSPECS_BY_SECRET = 'credentialsSecret';
/** Index of CredSpecs that read a Secret, by namespace: where the operator needs to watch Secrets. */
const SECRET_READERS_BY_NAMESPACE = 'secretReaderNamespace';

/** The names of the Secrets a CredSpec reads: domainless credentials, directory bind identity, directory CA. */
export function secretsReadBy(cr: GmsaCredentialSpec): string[] {
  const { domainless, directory } = cr.spec ?? {};
  return [
    domainless?.credentialsSecretRef.name,
    directory?.bindSecretRef?.name,
    directory?.caBundle?.secretRef?.name,
  ].filter((name): name is string => name !== undefined);
}

export interface SecretMeta {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
}

/** What the controllers are built from, handed over explicitly by the composition root. */
export interface ControllerEnv {
  http: KubeHttp;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** This process, as events name it. */
  identity: string;
  /** Namespaces to watch; empty: all. */
  namespaces: readonly string[];
  defaultRegion: string;
  clusterName: string;
  concurrency: number;
  resyncPeriodMs: number;
  /** How soon outcomes fixed out of band (IAM, RBAC, an opt-in) are re-checked. */
  recheckMs: number;
  /** First poll interval of an ECS service rollout in progress (backing off to 4×). */
  rolloutPollMs: number;
  /** Where the operator runs and as whom: named in the opt-in command. */
  operator: { namespace: string; serviceAccount: string };
  /** The reconcile scopes the AWS rate limiter reports waits and calls through. */
  scopes: ReconcileScopes;
  /** The share of each AWS bucket periodic re-checks may use. */
  budget: BackgroundBudget;
}

export interface Shared {
  env: ControllerEnv;
  aws: AwsPortsFactory;
  /** Active Directory verification (spec.directory). */
  directory: DirectoryVerifier;
  accountId(region: string): Promise<string>;
  tenancy: TenancyConfig;
  events: EventRecorder;
  credSpecs: Informer<GmsaCredentialSpec>;
  tasks: Informer<EcsGmsaTask>;
  /**
   * Secret identity only: no data, and no annotations (a `kubectl apply`'d Secret carries its data in
   * one). Watched per namespace, only where a domainless CredSpec needs it: the operator holds no
   * cluster-wide Secret read, and a namespace grants it by opting in.
   */
  secrets: NamespacedInformer<SecretMeta>;
}

function informer<T extends { metadata?: object }>(
  context: ControllerEnv,
  type: ResourceType,
  metadataOnly = false,
): Informer<T & { metadata?: { name?: string; namespace?: string } }> {
  const namespaces = context.namespaces.length > 0 ? context.namespaces : [undefined];
  const listWatches = namespaces.map((namespace) =>
    apiListWatch<T & { metadata?: { name?: string } }>(context.http, {
      type,
      metadataOnly,
      ...(namespace ? { namespace } : {}),
    }),
  );
  return new Informer({
    name: type.plural,
    listWatches,
    clock: context.clock,
    log: context.logger.child({ informer: type.plural }),
    transform: metadataOnly ? identityOnly : slimForCache,
  });
}

/** Builds the shared caches with their indexes. */
export function createShared(
  context: ControllerEnv,
  aws: { factory: AwsPortsFactory; accountId(region: string): Promise<string> },
  tenancy: TenancyConfig,
  directory: DirectoryVerifier,
): Shared {
  const credSpecs = informer<GmsaCredentialSpec>(context, CREDENTIAL_SPECS) as Informer<GmsaCredentialSpec>;
  const tasks = informer<EcsGmsaTask>(context, TASKS) as Informer<EcsGmsaTask>;
  const secrets = new NamespacedInformer<SecretMeta>({
    name: SECRETS.plural,
    listWatchFor: (namespace) =>
      apiListWatch<SecretMeta>(context.http, { type: SECRETS, metadataOnly: true, namespace }),
    clock: context.clock,
    log: context.logger.child({ informer: SECRETS.plural }),
    transform: identityOnly,
    // A namespace that has not opted in refuses the list: retried quietly until it does (its
    // GmsaCredentialSpecs say NamespaceNotOptedIn).
    backoffMs: { base: 2_000, max: 60_000 },
    expected: (err) => isStatus(err, 403),
  });
  tasks.addIndex(TASKS_BY_CREDSPEC, (t) =>
    (t.spec?.taskDefinition?.containerDefinitions ?? []).flatMap((c) =>
      c.gmsa ? [`${t.metadata.namespace ?? ''}/${c.gmsa.credentialSpecRef}`] : [],
    ),
  );
  const defaultRegion = context.defaultRegion;
  tasks.addIndex(TASKS_BY_FAMILY, (t) =>
    t.spec?.taskDefinition?.family ? [`${t.spec.region ?? defaultRegion}/${t.spec.taskDefinition.family}`] : [],
  );
  credSpecs.addIndex(CREDSPECS_BY_SECRET, (c) =>
    [...new Set(secretsReadBy(c))].map((name) => `${c.metadata.namespace ?? ''}/${name}`),
  );
  credSpecs.addIndex(SECRET_READERS_BY_NAMESPACE, (c) =>
    secretsReadBy(c).length > 0 ? [c.metadata.namespace ?? ''] : [],
  );
  credSpecs.onChange((_type, obj, old) => {
    for (const namespace of new Set([obj.metadata.namespace ?? '', old?.metadata.namespace ?? ''])) {
      if (credSpecs.byIndex(SECRET_READERS_BY_NAMESPACE, namespace).length > 0) secrets.ensure(namespace);
      else secrets.release(namespace);
    }
  });
  const events = kubeEventRecorder({
    http: context.http,
    clock: context.clock,
    instance: context.identity,
    onError: (err) =>
      context.logger.warn('event not recorded', { error: err instanceof Error ? err.message : String(err) }),
  });
  return {
    env: context,
    aws: aws.factory,
    directory,
    accountId: (region) => aws.accountId(region),
    tenancy,
    events,
    credSpecs,
    tasks,
    secrets,
  };
}

/**
 * A controller on the run's queue settings: per-key backoff with a global bucket, concurrency, resync paced
 * by the background budget; `exists` tells the resync heap which keys are still in the cache.
 */
export function controllerFor(
  env: ControllerEnv,
  name: string,
  reconciler: Reconciler,
  exists: (key: string) => boolean,
): Controller {
  return new Controller({
    name,
    reconciler,
    clock: env.clock,
    rateLimiter: controllerRateLimiter(env.clock),
    logger: env.logger,
    metrics: env.metrics,
    concurrency: env.concurrency,
    resyncPeriodMs: env.resyncPeriodMs,
    scopes: env.scopes,
    budget: env.budget,
    exists,
  });
}

// Registers the GmsaCredentialSpec controller: its reconciler, caches and what re-queues it.
import { GMSA_CREDENTIAL_SPEC_KIND } from '../../api/group.js';
import type { GmsaCredentialSpec } from '../../api/types.js';
import { kubeConfigMaps } from '../../kube/configMaps.js';
import { ObjectClient } from '../../kube/objects.js';
import { kubeSecretReader } from '../../kube/secrets.js';
import type { ControllerRegistration } from '../../runtime/manager.js';
import { objectKey } from '../../runtime/store.js';
import { needsReconcile } from '../predicates.js';
import { controllerFor, CREDENTIAL_SPECS, CREDSPECS_BY_SECRET, TASKS_BY_CREDSPEC, type Shared } from '../caches.js';
import { DirectoryMemo } from './directoryMemo.js';
import { optInConfigMapReader, optInConfigMaps, optInSecretReader } from './namespaceOptIn.js';
import { GmsaCredentialSpecReconciler } from './reconciler.js';

/** The controller and its watches: own objects (spec/metadata changes), credentials Secrets, referencing tasks. */
export function gmsaCredentialSpecController(shared: Shared): ControllerRegistration {
  const { env } = shared;
  const { metrics } = env;
  const { operator } = env;
  const client = new ObjectClient<GmsaCredentialSpec>(env.http, CREDENTIAL_SPECS, (verb) =>
    metrics.kubeWrites.inc({ kind: GMSA_CREDENTIAL_SPEC_KIND, verb }),
  );
  const readSecret = optInSecretReader(kubeSecretReader(env.http), operator);
  const configMaps = kubeConfigMaps(env.http, (verb) => metrics.kubeWrites.inc({ kind: 'ConfigMap', verb }));
  const reconciler = new GmsaCredentialSpecReconciler({
    get: (key) => shared.credSpecs.get(key),
    client,
    aws: shared.aws,
    accountId: (region) => shared.accountId(region),
    readSecret,
    configMaps: optInConfigMaps(configMaps, operator),
    events: shared.events,
    clock: env.clock,
    clusterName: env.clusterName,
    defaultRegion: env.defaultRegion,
    tenancy: shared.tenancy,
    referrers: (namespace, name) =>
      shared.tasks.byIndex(TASKS_BY_CREDSPEC, `${namespace}/${name}`).map((t) => objectKey(t)),
    accessDeniedRecheckMs: env.recheckMs,
    directory: {
      verifier: shared.directory,
      memo: new DirectoryMemo(),
      readSecret,
      readConfigMap: optInConfigMapReader(configMaps, operator),
      clock: env.clock,
      // A resync comes a period after the last reconcile finished; the slack absorbs timer and clock jitter.
      ttlMs: Math.floor(env.resyncPeriodMs * 0.9),
      record: (outcome) => metrics.directoryVerifications.inc({ outcome }),
    },
    directoryRecheckMs: env.resyncPeriodMs,
    waits: env.scopes,
  });
  const controller = controllerFor(
    env,
    'gmsacredentialspec',
    reconciler,
    (key) => shared.credSpecs.get(key) !== undefined,
  );
  shared.credSpecs.onChange((type, obj, old) => {
    if (needsReconcile(type, obj, old)) controller.enqueue(objectKey(obj));
  });
  shared.secrets.onChange((_type, secret) => {
    for (const cr of shared.credSpecs.byIndex(CREDSPECS_BY_SECRET, objectKey(secret)))
      controller.enqueue(objectKey(cr));
  });
  // A task's references changing may release a CredSpec's deletion guard.
  shared.tasks.onChange((_type, task, old) => {
    const refs = [task, ...(old ? [old] : [])].flatMap((t) =>
      (t.spec?.taskDefinition?.containerDefinitions ?? []).flatMap((c) =>
        c.gmsa ? [`${t.metadata.namespace ?? ''}/${c.gmsa.credentialSpecRef}`] : [],
      ),
    );
    for (const ref of new Set(refs)) if (shared.credSpecs.get(ref)?.metadata.deletionTimestamp) controller.enqueue(ref);
  });
  return {
    controller,
    sources: [shared.credSpecs, shared.secrets, shared.tasks],
    enqueueAll: () => shared.credSpecs.list().forEach((cr) => controller.enqueue(objectKey(cr))),
  };
}

// Registers the EcsGmsaTask controller: its reconciler, caches and what re-queues it.
import { ECS_GMSA_TASK_KIND } from '../../api/group.js';
import type { EcsGmsaTask } from '../../api/types.js';
import { ObjectClient } from '../../kube/objects.js';
import { Controller } from '../../runtime/controller.js';
import type { ControllerRegistration } from '../../runtime/manager.js';
import { controllerRateLimiter } from '../../runtime/rateLimiters.js';
import { objectKey } from '../../runtime/store.js';
import { needsReconcile } from '../predicates.js';
import { TASKS, TASKS_BY_CREDSPEC, TASKS_BY_FAMILY, type Shared } from '../caches.js';
import { EcsGmsaTaskReconciler } from './reconciler.js';

/** The controller and its watches: own objects, referenced CredSpecs (by index, no polling), family claimants. */
export function ecsGmsaTaskController(shared: Shared): ControllerRegistration {
  const { env } = shared;
  const { metrics } = env;
  const defaultRegion = env.defaultRegion;
  const client = new ObjectClient<EcsGmsaTask>(env.http, TASKS, (verb) =>
    metrics.kubeWrites.inc({ kind: ECS_GMSA_TASK_KIND, verb }),
  );
  const reconciler = new EcsGmsaTaskReconciler({
    get: (key) => shared.tasks.get(key),
    credentialSpec: (namespace, name) => shared.credSpecs.get(`${namespace}/${name}`),
    claimants: (region, family) => shared.tasks.byIndex(TASKS_BY_FAMILY, `${region}/${family}`),
    client,
    aws: shared.aws,
    events: shared.events,
    clock: env.clock,
    clusterName: env.clusterName,
    defaultRegion,
    tenancy: shared.tenancy,
    accessDeniedRecheckMs: env.recheckMs,
    waits: env.scopes,
  });
  const controller = new Controller({
    name: 'ecsgmsatask',
    reconciler,
    clock: env.clock,
    rateLimiter: controllerRateLimiter(env.clock),
    logger: env.logger,
    metrics,
    concurrency: env.concurrency,
    resyncPeriodMs: env.resyncPeriodMs,
    scopes: env.scopes,
    budget: env.budget,
    exists: (key) => shared.tasks.get(key) !== undefined,
  });
  shared.tasks.onChange((type, task, old) => {
    if (!needsReconcile(type, task, old)) return;
    controller.enqueue(objectKey(task));
    // A family freed or contested: the other claimants decide again.
    for (const t of [task, ...(old ? [old] : [])]) {
      const family = t.spec?.taskDefinition?.family;
      if (family)
        for (const other of shared.tasks.byIndex(TASKS_BY_FAMILY, `${t.spec.region ?? defaultRegion}/${family}`))
          controller.enqueue(objectKey(other));
    }
  });
  // Any CredSpec change (status included: Ready flips, the reference moves) re-queues the tasks that use it.
  shared.credSpecs.onChange((_type, cr) => {
    for (const task of shared.tasks.byIndex(TASKS_BY_CREDSPEC, objectKey(cr))) controller.enqueue(objectKey(task));
  });
  return {
    controller,
    sources: [shared.credSpecs, shared.tasks],
    enqueueAll: () => shared.tasks.list().forEach((t) => controller.enqueue(objectKey(t))),
  };
}

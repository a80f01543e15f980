// Registers the EcsGmsaTask controller: its reconciler, caches and what re-queues it.
import { ECS_GMSA_TASK_KIND } from '../../api/group.js';
import type { EcsGmsaTask } from '../../api/types.js';
import { ObjectClient } from '../../kube/objects.js';
import { Controller } from '../../runtime/controller.js';
import type { ControllerRegistration } from '../../runtime/manager.js';
import { controllerRateLimiter } from '../../runtime/rateLimiters.js';
import { objectKey } from '../../runtime/store.js';
import { needsReconcile } from '../predicates.js';
import { TASKS, TASKS_BY_CREDSPEC, TASKS_BY_FAMILY, type Shared } from '../shared.js';
import { EcsGmsaTaskReconciler } from './reconciler.js';

/** The controller and its watches: own objects, referenced CredSpecs (by index, no polling), family claimants. */
export function ecsGmsaTaskController(shared: Shared): ControllerRegistration {
  const { context } = shared;
  const { metrics, config } = context;
  const defaultRegion = config.region;
  const client = new ObjectClient<EcsGmsaTask>(context.http, TASKS, (verb) => metrics.kubeWrites.inc({ kind: ECS_GMSA_TASK_KIND, verb }));
  const reconciler = new EcsGmsaTaskReconciler({
    get: (key) => shared.tasks.get(key),
    credentialSpec: (namespace, name) => shared.credSpecs.get(`${namespace}/${name}`),
    claimants: (region, family) => shared.tasks.byIndex(TASKS_BY_FAMILY, `${region}/${family}`),
    client,
    aws: shared.aws,
    events: shared.events,
    clock: context.clock,
    clusterName: config.clusterName,
    defaultRegion,
    tenancy: shared.tenancy,
    accessDeniedRecheckMs: config.accessDeniedRecheckMs,
  });
  const controller = new Controller({ name: 'ecsgmsatask', reconciler, clock: context.clock, rateLimiter: controllerRateLimiter(context.clock), logger: context.logger, metrics, concurrency: config.concurrency, resyncPeriodMs: config.resyncPeriodMs });
  shared.tasks.onChange((type, task, old) => {
    if (!needsReconcile(type, task, old)) return;
    controller.enqueue(objectKey(task));
    // A family freed or contested: the other claimants decide again.
    for (const t of [task, ...(old ? [old] : [])]) {
      const family = t.spec?.taskDefinition?.family;
      if (family) for (const other of shared.tasks.byIndex(TASKS_BY_FAMILY, `${t.spec.region ?? defaultRegion}/${family}`)) controller.enqueue(objectKey(other));
    }
  });
  // Any CredSpec change (status included: Ready flips, the reference moves) re-queues the tasks that use it.
  shared.credSpecs.onChange((_type, cr) => {
    for (const task of shared.tasks.byIndex(TASKS_BY_CREDSPEC, objectKey(cr))) controller.enqueue(objectKey(task));
  });
  return { controller, sources: [shared.credSpecs, shared.tasks], enqueueAll: () => shared.tasks.list().forEach((t) => controller.enqueue(objectKey(t))) };
}

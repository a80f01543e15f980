// Registers the EcsGmsaTask controller: its reconciler, caches and what re-queues it.
import { ECS_GMSA_TASK_KIND } from '../../api/group.js';
import type { EcsGmsaTask } from '../../api/types.js';
import { ObjectClient } from '../../kube/objects.js';
import type { ControllerRegistration } from '../../runtime/manager.js';
import { objectKey } from '../../runtime/store.js';
import { needsReconcile } from '../predicates.js';
import { controllerFor, TASKS, TASKS_BY_CREDSPEC, TASKS_BY_FAMILY, type Shared } from '../caches.js';
import { EcsGmsaTaskReconciler } from './reconciler.js';

/** The keys of every task naming the family of `t` in its region. */
function claimants(shared: Shared, t: EcsGmsaTask): string[] {
  const family = t.spec?.taskDefinition?.family;
  if (!family) return [];
  const region = t.spec.region ?? shared.env.defaultRegion;
  return shared.tasks.byIndex(TASKS_BY_FAMILY, `${region}/${family}`).map(objectKey);
}

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
    rolloutPollMs: env.rolloutPollMs,
    waits: env.scopes,
  });
  const controller = controllerFor(env, 'ecsgmsatask', reconciler, (key) => shared.tasks.get(key) !== undefined);
  shared.tasks.onChange((type, task, old) => {
    if (!needsReconcile(type, task, old)) return;
    const key = objectKey(task);
    controller.enqueue(key);
    // A family freed or contested: the other claimants decide again. Not the task itself: enqueued once
    // more while its reconcile runs, it would run again at once, on a cache without that reconcile's writes.
    for (const other of [task, ...(old ? [old] : [])].flatMap((t) => claimants(shared, t)))
      if (other !== key) controller.enqueue(other);
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

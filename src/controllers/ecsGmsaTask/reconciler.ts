// EcsGmsaTask: observe → compute → act → report.
import { ANNOTATIONS, FINALIZER } from '../../api/group.js';
import type { EcsGmsaTask } from '../../api/types.js';
import type { Owner } from '../../domain/ownership.js';
import { renderTaskDefinition, type RenderedTaskDefinition } from '../../domain/task/render.js';
import { checkTaskTenancy } from '../../domain/tenancy/check.js';
import { validateCrossObject } from '../../domain/validation/crossObjectRules.js';
import { errorsOf, formatIssues } from '../../domain/validation/issue.js';
import { validateEcsGmsaTaskSpec } from '../../domain/validation/taskRules.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { finalizerAction } from '../../runtime/finalizers.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { handleFailure } from '../errorOutcome.js';
import { BlockedError } from '../outcome.js';
import type { TaskDeps } from './deps.js';
import { familyOwner } from './familyOwner.js';
import { ensureRegistered, ownedActiveRevisions, pruneRevisions } from './registration.js';
import { resolveReferences } from './resolve.js';
import { nextTaskStatus, type TaskOutcome } from './status.js';

interface Plan {
  task: EcsGmsaTask;
  region: string;
  owner: Owner;
  rendered: RenderedTaskDefinition;
}

export class EcsGmsaTaskReconciler implements Reconciler {
  /** Registrations into one family run one at a time (ECS refuses concurrent ones). */
  private readonly familyLocks = new Map<string, Promise<unknown>>();

  /** Tasks whose references resolved in the reconcile running now (a later failure still reports them resolved). */
  private readonly resolvedKeys = new Set<string>();

  constructor(private readonly deps: TaskDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    const task = this.deps.get(key);
    if (!task) return done;
    const action = finalizerAction(task.metadata, FINALIZER);
    if (action === 'gone') return done;
    try {
      // Suspend stops every AWS write, deletion cleanup included: the finalizer stays until it is lifted.
      if (task.metadata.annotations?.[ANNOTATIONS.suspend] === 'true') return await this.report(task, { kind: 'suspended' });
      if (action === 'cleanup') return await this.finalize(task);
      const plan = this.plan(task);
      if (action === 'add') await this.deps.client.addFinalizer(task, FINALIZER);
      const result = await this.act(plan, log);
      this.resolvedKeys.delete(task.metadata.uid ?? '');
      return result;
    } catch (err: unknown) {
      return this.fail(task, err, log);
    }
  }

  /** Validation, reference resolution and rendering: pure given the caches. */
  private plan(task: EcsGmsaTask): Plan {
    const namespace = task.metadata.namespace ?? 'default';
    const region = task.spec.region ?? this.deps.defaultRegion;
    const issues = errorsOf(validateEcsGmsaTaskSpec(task.spec));
    if (issues.length > 0) throw new BlockedError({ kind: 'invalid', issues });
    const denied = checkTaskTenancy(this.deps.tenancy, namespace, task.spec);
    if (denied.length > 0) throw new BlockedError({ kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) });
    const family = task.spec.taskDefinition.family;
    const owner = familyOwner(this.deps.claimants(region, family), family);
    if (owner && owner.metadata.uid !== task.metadata.uid) {
      throw new BlockedError({ kind: 'stalled', reason: 'FamilyConflict', message: `family ${family} in ${region} belongs to EcsGmsaTask ${owner.metadata.namespace ?? ''}/${owner.metadata.name}; choose another family` });
    }
    const resolved = resolveReferences(task, (name) => this.deps.credentialSpec(namespace, name), this.deps.defaultRegion);
    this.resolvedKeys.add(task.metadata.uid ?? '');
    const crossIssues = errorsOf(validateCrossObject(task.spec, region, resolved));
    if (crossIssues.length > 0) throw new BlockedError({ kind: 'invalid', issues: crossIssues });
    const ownerTags: Owner = { cluster: this.deps.clusterName, kind: 'EcsGmsaTask', namespace, name: task.metadata.name };
    return { task, region, owner: ownerTags, rendered: renderTaskDefinition(task.spec, ownerTags, resolved) };
  }

  private async act(plan: Plan, log: Logger): Promise<ReconcileResult> {
    const { task, rendered } = plan;
    const ecs = this.deps.aws.forRegion(plan.region).taskDefinitions;
    const family = rendered.input.family;
    const knownArn = task.status?.family === family ? task.status.taskDefinitionArn : undefined;
    const limit = task.spec.revisionHistoryLimit ?? 5;
    const registered = await this.serialized(`${plan.region}/${family}`, async () => {
      const result = await ensureRegistered({ ecs, rendered, owner: plan.owner, ...(knownArn ? { knownArn } : {}) });
      // Pruning costs a list and a describe per revision: only when there can be more than the limit.
      if (result.action !== 'registered' || result.revision <= limit) return { result, pruned: [] as string[] };
      return { result, pruned: await pruneRevisions(ecs, family, plan.owner, limit) };
    });
    const { result, pruned } = registered;
    log.debug('task definition', { action: result.action, arn: result.arn, pruned: pruned.length });
    if (result.action === 'registered') await this.deps.events.record(task, 'Normal', 'TaskDefinitionRegistered', `registered ${family}:${result.revision}`);
    if (pruned.length > 0) await this.deps.events.record(task, 'Normal', 'RevisionsDeregistered', `deregistered ${pruned.map((a) => a.split('/').pop()).join(', ')} (revisionHistoryLimit ${task.spec.revisionHistoryLimit ?? 5})`);
    return this.report(task, { kind: 'registered', state: { family, revision: result.revision, taskDefinitionArn: result.arn, specSha256: rendered.specSha256, references: rendered.references } });
  }

  private async finalize(task: EcsGmsaTask): Promise<ReconcileResult> {
    const family = task.status?.family;
    if (task.spec.deletionPolicy !== 'Retain' && family) {
      const region = task.spec.region ?? this.deps.defaultRegion;
      const ecs = this.deps.aws.forRegion(region).taskDefinitions;
      const owner: Owner = { cluster: this.deps.clusterName, kind: 'EcsGmsaTask', namespace: task.metadata.namespace ?? 'default', name: task.metadata.name };
      const ours = await this.serialized(`${region}/${family}`, () => ownedActiveRevisions(ecs, family, owner));
      for (const arn of ours) await ecs.deregister(arn);
      if (ours.length > 0) await this.deps.events.record(task, 'Normal', 'RevisionsDeregistered', `deregistered ${ours.length} revision(s) of ${family} on deletion`);
    }
    await this.deps.client.removeFinalizer(task, FINALIZER);
    await this.deps.events.record(task, 'Normal', 'Deleted', task.spec.deletionPolicy === 'Retain' ? 'deletion policy Retain: task definition revisions kept' : 'task definition revisions deregistered');
    return done;
  }

  private async serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.familyLocks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.familyLocks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.familyLocks.get(key) === next) this.familyLocks.delete(key);
    }
  }

  private fail(task: EcsGmsaTask, err: unknown, log: Logger): Promise<ReconcileResult> {
    const resolved = this.resolvedKeys.delete(task.metadata.uid ?? '');
    return handleFailure(err, { subject: task, events: this.deps.events, accessDeniedRecheckMs: this.deps.accessDeniedRecheckMs, log, report: (blocked) => this.report(task, { kind: 'blocked', blocked, resolved }) });
  }

  private async report(task: EcsGmsaTask, outcome: TaskOutcome): Promise<ReconcileResult> {
    await this.deps.client.writeStatus(task, nextTaskStatus(task, outcome, new Date(this.deps.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')));
    return done;
  }
}

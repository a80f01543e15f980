// EcsGmsaTask: observe → compute → record → act → report.
import { ANNOTATIONS, FINALIZER } from '../../api/group.js';
import type { EcsGmsaTask, FamilyRecord } from '../../api/types.js';
import type { AdoptionRequest, Owner } from '../../domain/ownership.js';
import { renderTaskDefinition, type RenderedTaskDefinition } from '../../domain/task/render.js';
import type { ResolvedCredentialSpec } from '../../domain/task/resolvedCredentialSpec.js';
import { checkTaskTenancy } from '../../domain/tenancy/check.js';
import { adoptionPermitted } from '../../domain/tenancy/policy.js';
import { validateCrossObject } from '../../domain/validation/crossObjectRules.js';
import { errorsOf, formatIssues } from '../../domain/validation/issue.js';
import { validateEcsGmsaTaskSpec } from '../../domain/validation/taskRules.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { finalizerAction } from '../../runtime/finalizers.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { handleFailure } from '../errorOutcome.js';
import { BlockedError } from '../outcome.js';
import { reconcileRequestTooLong, RECONCILE_REQUEST_MAX } from '../statusBasics.js';
import { writeStatusOrReport } from '../statusWrite.js';
import type { TaskDeps } from './deps.js';
import { familyLimitIssues, recordedFamilies, switchFamily } from './families.js';
import { familyOwner } from './familyOwner.js';
import { ensureRegistered, ownedActiveRevisions, pruneRevisions } from './registration.js';
import { resolveReferences } from './resolve.js';
import { nextTaskStatus, type RegisteredState, type TaskOutcome } from './status.js';

interface Plan {
  region: string;
  owner: Owner;
  adoption: AdoptionRequest;
  rendered: RenderedTaskDefinition;
}

export class EcsGmsaTaskReconciler implements Reconciler {
  /** Registrations into one family run one at a time (ECS refuses concurrent ones). */
  private readonly familyLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: TaskDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    let task = this.deps.get(key);
    if (!task) return done;
    const action = finalizerAction(task.metadata, FINALIZER);
    if (action === 'gone') return done;
    if (reconcileRequestTooLong(task.metadata.annotations)) {
      await this.deps.events.record(task, 'Warning', 'InvalidAnnotation', `${ANNOTATIONS.reconcileRequestedAt} is longer than ${RECONCILE_REQUEST_MAX} characters: not echoed in status.lastHandledReconcileAt; use a shorter token (e.g. a timestamp)`);
    }
    // Suspend stops every AWS write, deletion cleanup included: the finalizer stays until it is lifted.
    if (task.metadata.annotations?.[ANNOTATIONS.suspend] === 'true') return this.report(task, { kind: 'suspended' });
    let resolved = false;
    let registered: RegisteredState;
    try {
      if (action === 'cleanup') return await this.finalize(task);
      const references = this.resolve(task);
      resolved = true;
      const plan = this.compute(task, references);
      if (action === 'add') await this.deps.client.addFinalizer(task, FINALIZER);
      task = await this.record(task, plan);
      registered = await this.act(task, plan, log);
    } catch (err: unknown) {
      return this.fail(task, err, log, resolved);
    }
    // Outside the failure path: a refused write of this status is retried with backoff, not reported as the outcome.
    return this.report(task, { kind: 'registered', state: registered });
  }

  private owner(task: EcsGmsaTask): Owner {
    return { cluster: this.deps.clusterName, kind: 'EcsGmsaTask', namespace: task.metadata.namespace ?? 'default', name: task.metadata.name };
  }

  /** Validation, tenancy, the family claim and the references: pure given the caches. */
  private resolve(task: EcsGmsaTask): Map<string, ResolvedCredentialSpec> {
    const namespace = task.metadata.namespace ?? 'default';
    const region = task.spec.region ?? this.deps.defaultRegion;
    const issues = errorsOf(validateEcsGmsaTaskSpec(task.spec));
    const denied = checkTaskTenancy(this.deps.tenancy, namespace, task.spec);
    // Every finding at once, in the order `render` lists them, so both say the same.
    if (issues.length > 0) throw new BlockedError({ kind: 'invalid', issues: [...issues, ...denied] });
    if (denied.length > 0) throw new BlockedError({ kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) });
    const family = task.spec.taskDefinition.family;
    const owner = familyOwner(this.deps.claimants(region, family), family, region);
    if (owner && owner.metadata.uid !== task.metadata.uid) {
      // Another namespace's object is never named.
      const who = owner.metadata.namespace === namespace ? `EcsGmsaTask ${owner.metadata.name}` : 'another resource';
      throw new BlockedError({ kind: 'stalled', reason: 'FamilyConflict', message: `family ${family} in ${region} is claimed by ${who}; choose another family` });
    }
    return resolveReferences(task, (name) => this.deps.credentialSpec(namespace, name), this.deps.defaultRegion);
  }

  /** Cross-object rules and rendering: pure. */
  private compute(task: EcsGmsaTask, references: Map<string, ResolvedCredentialSpec>): Plan {
    const region = task.spec.region ?? this.deps.defaultRegion;
    const crossIssues = errorsOf(validateCrossObject(task.spec, region, references));
    if (crossIssues.length > 0) throw new BlockedError({ kind: 'invalid', issues: crossIssues });
    const owner = this.owner(task);
    const adoption = { annotated: task.metadata.annotations?.[ANNOTATIONS.adopt] === 'true', permitted: adoptionPermitted(this.deps.tenancy, owner.namespace) };
    return { region, owner, adoption, rendered: renderTaskDefinition(task.spec, owner, references) };
  }

  /**
   * Records the family and region in status BEFORE the first registration into them. A family that
   * leaves "current" stays listed as previous while it holds ACTIVE revisions of ours.
   */
  private async record(task: EcsGmsaTask, plan: Plan): Promise<EcsGmsaTask> {
    const desired: FamilyRecord = { family: plan.rendered.input.family, region: plan.region };
    const { next, retired } = switchFamily(task.status, desired, this.deps.defaultRegion);
    if (retired && (await this.ownedRevisions(retired, plan.owner)).length > 0) next.previousFamilies = [...(next.previousFamilies ?? []), retired];
    const limit = familyLimitIssues(next);
    if (limit.length > 0) throw new BlockedError({ kind: 'invalid', issues: limit });
    const { family: _f, region: _r, previousFamilies: _p, ...rest } = task.status ?? {};
    const status = { ...rest, ...next };
    return (await writeStatusOrReport(this.deps.client, this.deps.events, task, status)) ? { ...task, status } : task;
  }

  private ownedRevisions(f: FamilyRecord, owner: Owner): Promise<string[]> {
    const ecs = this.deps.aws.forRegion(f.region).taskDefinitions;
    return this.serialized(`${f.region}/${f.family}`, () => ownedActiveRevisions(ecs, f.family, owner));
  }

  private async act(task: EcsGmsaTask, plan: Plan, log: Logger): Promise<RegisteredState> {
    const { rendered } = plan;
    const ecs = this.deps.aws.forRegion(plan.region).taskDefinitions;
    const family = rendered.input.family;
    const limit = task.spec.revisionHistoryLimit ?? 5;
    const { result, pruned } = await this.serialized(`${plan.region}/${family}`, async () => {
      const result = await ensureRegistered({ ecs, rendered, owner: plan.owner, region: plan.region, adoption: plan.adoption });
      // Pruning costs a list and a describe per revision: only when there can be more than the limit.
      if (result.action === 'unchanged' || result.revision <= limit) return { result, pruned: [] as string[] };
      return { result, pruned: await pruneRevisions(ecs, family, plan.owner, limit) };
    });
    log.debug('task definition', { action: result.action, arn: result.arn, pruned: pruned.length });
    if (result.action === 'adopted') await this.deps.events.record(task, 'Normal', 'Adopted', `family ${family} adopted: revisions registered outside the operator are left untouched`);
    if (result.action !== 'unchanged') await this.deps.events.record(task, 'Normal', 'TaskDefinitionRegistered', `registered ${family}:${result.revision}`);
    if (pruned.length > 0) await this.deps.events.record(task, 'Normal', 'RevisionsDeregistered', `deregistered ${pruned.map((a) => a.split('/').pop()).join(', ')} (revisionHistoryLimit ${limit})`);
    return { family, revision: result.revision, taskDefinitionArn: result.arn, specSha256: rendered.specSha256, references: rendered.references };
  }

  /** Deregisters this resource's ACTIVE revisions in every recorded family and region; others' are untouched. */
  private async finalize(task: EcsGmsaTask): Promise<ReconcileResult> {
    let message = 'deletion policy Retain: task definition revisions kept';
    if (task.spec.deletionPolicy !== 'Retain') {
      const done: string[] = [];
      for (const f of recordedFamilies(task.status, this.deps.defaultRegion)) {
        const ecs = this.deps.aws.forRegion(f.region).taskDefinitions;
        const ours = await this.ownedRevisions(f, this.owner(task));
        for (const arn of ours) await ecs.deregister(arn);
        if (ours.length > 0) done.push(`${ours.length} of ${f.family} (${f.region})`);
      }
      message = done.length > 0 ? `deregistered revisions: ${done.join(', ')}` : 'no ACTIVE revisions left to deregister';
      if (done.length > 0) await this.deps.events.record(task, 'Normal', 'RevisionsDeregistered', message);
    }
    // Recorded while the object still exists: after the finalizer goes, it may be gone.
    await this.deps.events.record(task, 'Normal', 'Deleted', message);
    await this.deps.client.removeFinalizer(task, FINALIZER);
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

  private fail(task: EcsGmsaTask, err: unknown, log: Logger, resolved: boolean): Promise<ReconcileResult> {
    return handleFailure(err, { subject: task, events: this.deps.events, accessDeniedRecheckMs: this.deps.accessDeniedRecheckMs, log, report: (blocked) => this.report(task, { kind: 'blocked', blocked, resolved }) });
  }

  private async report(task: EcsGmsaTask, outcome: TaskOutcome): Promise<ReconcileResult> {
    await writeStatusOrReport(this.deps.client, this.deps.events, task, nextTaskStatus(task, outcome, new Date(this.deps.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')));
    return done;
  }
}

// EcsGmsaTask: observe → compute → record → act → report. The decisions are pure (desired.ts, plan.ts,
// status.ts); this file only reads, orders the writes and reports.
import { FINALIZER } from '../../api/group.js';
import type { EcsGmsaTask, FamilyRecord } from '../../api/types.js';
import type { Owner } from '../../domain/ownership.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/result.js';
import { statusTime } from '../common/conditions.js';
import { dispatch, handleFailure, warnAboutAnnotations, writeStatusOrReport } from '../common/lifecycle.js';
import { BlockedError, rateLimited, type Blocked } from '../common/outcome.js';
import type { TaskDeps } from './deps.js';
import { admission, desiredTask, resolveReferences, type Desired, type TaskContext } from './desired.js';
import { familyLimitIssues, recordedFamilies, switchFamily } from './plan.js';
import { ensureRegistered, ownedActiveRevisions, pruneRevisions } from './registration.js';
import { rollOut } from './rollout.js';
import type { ServiceRecord } from './rolloutPlan.js';
import { pollDelayMs, rolloutInProgress } from './rolloutStatus.js';
import { nextTaskStatus, type RegisteredState, type TaskOutcome } from './status.js';

export class EcsGmsaTaskReconciler implements Reconciler {
  /** Registrations into one family run one at a time (ECS refuses concurrent ones). */
  private readonly familyLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: TaskDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    const task = this.deps.get(key);
    if (!task) return done;
    await warnAboutAnnotations(this.deps.events, task);
    return dispatch(task, {
      suspended: () => this.report(task, { kind: 'suspended' }),
      cleanup: () => this.finalize(task, log),
      apply: (addFinalizer) => this.apply(task, addFinalizer, log),
    });
  }

  private context(task: EcsGmsaTask): TaskContext {
    const { tenancy, defaultRegion, clusterName } = this.deps;
    const namespace = task.metadata.namespace ?? 'default';
    return {
      tenancy,
      defaultRegion,
      clusterName,
      claimants: (region, family) => this.deps.claimants(region, family),
      credentialSpec: (name) => this.deps.credentialSpec(namespace, name),
    };
  }

  private async apply(observed: EcsGmsaTask, addFinalizer: boolean, log: Logger): Promise<ReconcileResult> {
    let task = observed;
    let resolved = false;
    let registered: RegisteredState;
    let services: ServiceRecord[] | undefined;
    try {
      const ctx = this.context(task);
      const refused = admission(task, ctx);
      if (refused) throw new BlockedError(refused);
      const references = resolveReferences(task, (name) => ctx.credentialSpec(name), ctx.defaultRegion);
      resolved = true;
      const desired = desiredTask(task, references, ctx);
      if (addFinalizer) await this.deps.client.addFinalizer(task, FINALIZER);
      task = await this.record(task, desired);
      this.deps.waits.reportWaitsWith((wait) =>
        this.report(task, { kind: 'blocked', blocked: rateLimited(wait), resolved: true }),
      );
      registered = await this.act(task, desired, log);
      ({ task, services } = await this.rollOut(task, desired, registered));
    } catch (err: unknown) {
      return this.fail(task, err, log, resolved);
    }
    // Outside the failure path: a refused write of this status is retried with backoff, not reported as the outcome.
    await this.report(task, { kind: 'registered', state: registered, ...(services ? { services } : {}) });
    if (!services || !rolloutInProgress(services)) return done;
    return requeueAfter(pollDelayMs(services, this.deps.clock.now(), this.deps.rolloutPollMs));
  }

  /** Moves the listed services onto the registered revision; nothing (no AWS call) when none is listed. */
  private async rollOut(
    task: EcsGmsaTask,
    desired: Desired,
    registered: RegisteredState,
  ): Promise<{ task: EcsGmsaTask; services?: ServiceRecord[] }> {
    if ((task.spec.services ?? []).length === 0) return { task };
    const result = await rollOut(task, {
      services: this.deps.aws.forRegion(desired.region).services,
      events: this.deps.events,
      target: {
        family: registered.family,
        taskDefinitionArn: registered.taskDefinitionArn,
        credentialSpecSha256: desired.credentialSpecSha256,
      },
      nowIso: statusTime(this.deps.clock.now()),
      fresh: (t) => this.deps.client.get(t.metadata.namespace ?? 'default', t.metadata.name),
      record: async (t, records) => {
        const status = { ...t.status, services: records };
        return (await writeStatusOrReport(this.deps.client, this.deps.events, t, status)) ? { ...t, status } : t;
      },
    });
    return { task: result.task, services: result.records };
  }

  /**
   * Records the family and region in status BEFORE the first registration into them. A family that
   * leaves "current" stays listed as previous while it holds ACTIVE revisions of ours.
   */
  private async record(task: EcsGmsaTask, desired: Desired): Promise<EcsGmsaTask> {
    const { next, retired } = switchFamily(
      task.status,
      { family: desired.rendered.input.family, region: desired.region },
      this.deps.defaultRegion,
    );
    if (retired && (await this.ownedRevisions(retired, desired.owner)).length > 0)
      next.previousFamilies = [...(next.previousFamilies ?? []), retired];
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

  private async act(task: EcsGmsaTask, desired: Desired, log: Logger): Promise<RegisteredState> {
    const { rendered } = desired;
    const ecs = this.deps.aws.forRegion(desired.region).taskDefinitions;
    const family = rendered.input.family;
    const limit = task.spec.revisionHistoryLimit ?? 5;
    const { result, pruned } = await this.serialized(`${desired.region}/${family}`, async () => {
      const result = await ensureRegistered({
        ecs,
        rendered,
        owner: desired.owner,
        region: desired.region,
        adoption: desired.adoption,
      });
      // Pruning costs a list and a describe per revision: only when there can be more than the limit.
      if (result.action === 'unchanged' || result.revision <= limit) return { result, pruned: [] as string[] };
      return { result, pruned: await pruneRevisions(ecs, family, desired.owner, limit) };
    });
    log.debug('task definition', { action: result.action, arn: result.arn, pruned: pruned.length });
    if (result.action === 'adopted')
      await this.deps.events.record(
        task,
        'Normal',
        'Adopted',
        `family ${family} adopted: revisions registered outside the operator are left untouched`,
      );
    if (result.action !== 'unchanged')
      await this.deps.events.record(
        task,
        'Normal',
        'TaskDefinitionRegistered',
        `registered ${family}:${result.revision}`,
      );
    if (pruned.length > 0) {
      const names = pruned.map((a) => a.split('/').pop()).join(', ');
      await this.deps.events.record(
        task,
        'Normal',
        'RevisionsDeregistered',
        `deregistered ${names} (revisionHistoryLimit ${limit})`,
      );
    }
    return {
      family,
      revision: result.revision,
      taskDefinitionArn: result.arn,
      specSha256: rendered.specSha256,
      references: rendered.references,
    };
  }

  /** Deregisters this resource's ACTIVE revisions in every recorded family and region; others' are untouched. */
  private async finalize(task: EcsGmsaTask, log: Logger): Promise<ReconcileResult> {
    let message = 'deletion policy Retain: task definition revisions kept';
    if (task.spec.deletionPolicy !== 'Retain') {
      try {
        message = await this.deregisterAll(task);
      } catch (err: unknown) {
        return this.fail(task, err, log, false);
      }
    }
    // Recorded while the object still exists: after the finalizer goes, it may be gone.
    await this.deps.events.record(task, 'Normal', 'Deleted', message);
    await this.deps.client.removeFinalizer(task, FINALIZER);
    return done;
  }

  private async deregisterAll(task: EcsGmsaTask): Promise<string> {
    const owner: Owner = {
      cluster: this.deps.clusterName,
      kind: 'EcsGmsaTask',
      namespace: task.metadata.namespace ?? 'default',
      name: task.metadata.name,
    };
    const deregistered: string[] = [];
    for (const f of recordedFamilies(task.status, this.deps.defaultRegion)) {
      const ecs = this.deps.aws.forRegion(f.region).taskDefinitions;
      const ours = await this.ownedRevisions(f, owner);
      for (const arn of ours) await ecs.deregister(arn);
      if (ours.length > 0) deregistered.push(`${ours.length} of ${f.family} (${f.region})`);
    }
    if (deregistered.length === 0) return 'no ACTIVE revisions left to deregister';
    const message = `deregistered revisions: ${deregistered.join(', ')}`;
    await this.deps.events.record(task, 'Normal', 'RevisionsDeregistered', message);
    return message;
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
    const report = (blocked: Blocked): Promise<ReconcileResult> =>
      this.report(task, { kind: 'blocked', blocked, resolved });
    return handleFailure(err, {
      subject: task,
      events: this.deps.events,
      recheckMs: this.deps.accessDeniedRecheckMs,
      log,
      report,
    });
  }

  private async report(task: EcsGmsaTask, outcome: TaskOutcome): Promise<ReconcileResult> {
    await writeStatusOrReport(
      this.deps.client,
      this.deps.events,
      task,
      nextTaskStatus(task, outcome, statusTime(this.deps.clock.now())),
    );
    return done;
  }
}

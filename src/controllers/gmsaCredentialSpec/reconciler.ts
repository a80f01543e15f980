// GmsaCredentialSpec: observe → compute → record → act → report. The decisions are pure (desired.ts,
// plan.ts, status.ts); this file only reads, orders the writes and reports.
import { FINALIZER } from '../../api/group.js';
import type { GmsaCredentialSpec, GmsaCredentialSpecSpec } from '../../api/types.js';
import type { AwsScope } from '../../domain/arns.js';
import { renderCredentialSpec } from '../../domain/credspec/render.js';
import type { AdoptionRequest, Owner } from '../../domain/ownership.js';
import { partitionOf } from '../../domain/partition.js';
import {
  credentialsSecretString,
  validateCredentialsSecret,
  type DomainlessUserCredentials,
} from '../../domain/validation/credentialsSecretRules.js';
import { formatIssues } from '../../domain/validation/issue.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { statusTime } from '../common/conditions.js';
import { dispatch, handleFailure, warnAboutAnnotations, writeStatusOrReport } from '../common/lifecycle.js';
import { BlockedError, rateLimited, type Blocked } from '../common/outcome.js';
import { cleanUp } from './cleanup.js';
import { ensureCredentials, type CredentialsResult } from './credentials.js';
import { ensureCredSpec } from './credSpecStore.js';
import type { CredSpecDeps } from './deps.js';
import type { DomainlessUser } from './directoryInputs.js';
import type { DirectoryReport } from './directoryOutcome.js';
import { DirectoryBlockedError, failureReport, verifiedSpec } from './directoryStep.js';
import {
  admission,
  adoptionOf,
  desiredCredentials,
  desiredLocation,
  objectTags,
  ownerOf,
  sizeIssues,
} from './desired.js';
import { emitDirectoryTransition, emitTransitions } from './events.js';
import { probe, type ManagedObject, type OwnershipContext } from './managedObjects.js';
import { keepRetired, recordedStatus, recordLimitIssues, recordsOf, transition } from './plan.js';
import { nextStatus, storedState, type CredSpecOutcome, type Stored } from './status.js';

/** Everything computed before acting. */
interface Plan {
  /** The spec with discovered domain facts filled in (spec.directory), else the spec itself. */
  spec: GmsaCredentialSpecSpec;
  scope: AwsScope;
  owner: Owner;
  tags: Record<string, string>;
  adoption: AdoptionRequest;
  /** The credentials JSON from the referenced Secret (domainless only); never logged. */
  credentialsValue?: string;
}

/** The domainless credentials as read: the JSON stored for hosts, and the user for the directory bind. */
interface DomainlessRead {
  value: string;
  user: DomainlessUser;
}

export class GmsaCredentialSpecReconciler implements Reconciler {
  constructor(private readonly deps: CredSpecDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    const cr = this.deps.get(key);
    if (!cr) {
      this.deps.directory.memo.forget(key);
      return done;
    }
    await warnAboutAnnotations(this.deps.events, cr);
    return dispatch(cr, {
      suspended: () => this.report(cr, { kind: 'suspended' }),
      cleanup: () => this.finalize(cr, log),
      apply: (addFinalizer) => this.apply(cr, addFinalizer, log),
    });
  }

  private async apply(observed: GmsaCredentialSpec, addFinalizer: boolean, log: Logger): Promise<ReconcileResult> {
    let cr = observed;
    let stored: Stored;
    const directory: { report?: DirectoryReport } = {};
    try {
      const plan = await this.plan(cr, directory);
      if (addFinalizer) await this.deps.client.addFinalizer(cr, FINALIZER);
      cr = await this.record(cr, plan);
      this.deps.waits.reportWaitsWith((wait) => this.report(cr, { kind: 'blocked', blocked: rateLimited(wait) }));
      stored = await this.act(cr, plan, log);
    } catch (err: unknown) {
      return this.fail(cr, err, log, directory);
    }
    // Outside the failure path: a refused write of this status is retried with backoff, not reported as the outcome.
    return this.report(cr, { kind: 'stored', stored, ...(directory.report ? { report: directory.report } : {}) });
  }

  /**
   * Admission, the Secret's content, Active Directory (spec.directory), the AWS scope and the document size:
   * everything before any write. The directory's report goes into `directory` as soon as it is known.
   */
  private async plan(cr: GmsaCredentialSpec, directory: { report?: DirectoryReport }): Promise<Plan> {
    const refused = admission(cr, this.deps.tenancy);
    if (refused) throw new BlockedError(refused);
    const credentials = await this.readCredentials(cr);
    const spec = await verifiedSpec(cr, this.deps.directory, credentials?.user, directory);
    const region = spec.region ?? this.deps.defaultRegion;
    const scope: AwsScope = { partition: partitionOf(region), region, accountId: await this.deps.accountId(region) };
    const owner = ownerOf(cr, this.deps.clusterName);
    const tooBig = sizeIssues(spec, scope);
    if (tooBig.length > 0) throw new BlockedError({ kind: 'invalid', issues: tooBig });
    return {
      spec,
      scope,
      owner,
      tags: objectTags(cr, owner),
      adoption: adoptionOf(cr, this.deps.tenancy),
      ...(credentials ? { credentialsValue: credentials.value } : {}),
    };
  }

  /** The domainless credentials from the referenced Secret; waits while it is missing. */
  private async readCredentials(cr: GmsaCredentialSpec): Promise<DomainlessRead | undefined> {
    const domainless = cr.spec.domainless;
    if (!domainless) return undefined;
    const namespace = cr.metadata.namespace ?? 'default';
    const secretName = domainless.credentialsSecretRef.name;
    const secret = await this.deps.readSecret(namespace, secretName);
    if (!secret)
      throw new BlockedError({
        kind: 'waiting',
        reason: 'SecretNotFound',
        message: `Secret ${namespace}/${secretName} not found; waiting for it`,
      });
    const checked = validateCredentialsSecret(secretName, secret.data);
    if (!checked.credentials)
      throw new BlockedError({ kind: 'stalled', reason: 'SecretInvalid', message: formatIssues(checked.issues) });
    const user: DomainlessUserCredentials = checked.credentials;
    return {
      value: credentialsSecretString(user),
      user: { ...user, version: `Secret ${namespace}/${secretName}@${secret.resourceVersion}` },
    };
  }

  private ownershipContext(cr: GmsaCredentialSpec, owner: Owner): OwnershipContext {
    return {
      aws: this.deps.aws,
      configMaps: this.deps.configMaps,
      namespace: owner.namespace,
      owner,
      uid: cr.metadata.uid ?? '',
    };
  }

  /**
   * Records the objects about to be written in status BEFORE writing them, so no crash, refused
   * status write or later spec edit can leave one behind. An object leaving "current" stays listed
   * as previous when a fresh read finds it ours. Returns the CR with the recorded status.
   */
  private async record(cr: GmsaCredentialSpec, plan: Plan): Promise<GmsaCredentialSpec> {
    const desired = {
      location: desiredLocation(cr.spec, plan.scope, cr.metadata.name),
      credentials: desiredCredentials(cr.spec, plan.scope.region),
    };
    const { next, retired } = transition(recordsOf(cr.status), desired);
    let kept = next;
    for (const r of retired) if (await this.stillOurs(r.object, cr, plan.owner)) kept = keepRetired(kept, r);
    const limit = recordLimitIssues(kept);
    if (limit.length > 0) throw new BlockedError({ kind: 'invalid', issues: limit });
    const status = recordedStatus(cr.status, kept);
    return (await writeStatusOrReport(this.deps.client, this.deps.events, cr, status)) ? { ...cr, status } : cr;
  }

  /** Whether a retired object stays recorded: ours by a fresh read, or unreadable now (kept, not forgotten). */
  private async stillOurs(object: ManagedObject, cr: GmsaCredentialSpec, owner: Owner): Promise<boolean> {
    try {
      return (await probe(object, this.ownershipContext(cr, owner))).ownership === 'ours';
    } catch {
      return true;
    }
  }

  private async credentials(cr: GmsaCredentialSpec, plan: Plan): Promise<CredentialsResult | undefined> {
    const record = cr.status?.credentials;
    if (!cr.spec.domainless || !record || plan.credentialsValue === undefined) return undefined;
    const ports = this.deps.aws.forRegion(plan.scope.region);
    const kms = cr.spec.domainless.kmsKeyId ? { kmsKeyId: cr.spec.domainless.kmsKeyId } : {};
    return ensureCredentials({
      record,
      value: plan.credentialsValue,
      ports,
      scope: plan.scope,
      owner: plan.owner,
      tags: plan.tags,
      adoption: plan.adoption,
      ...kms,
    });
  }

  private async act(cr: GmsaCredentialSpec, plan: Plan, log: Logger): Promise<Stored> {
    const credentials = await this.credentials(cr, plan);
    const rendered = renderCredentialSpec(plan.spec, plan.scope, credentials?.arn);
    const ports = this.deps.aws.forRegion(plan.scope.region);
    const result = await ensureCredSpec({
      cr,
      rendered,
      ports,
      configMaps: this.deps.configMaps,
      owner: plan.owner,
      tags: plan.tags,
      adoption: plan.adoption,
    });
    log.debug('stored', { credSpec: result.action, credentials: credentials?.action ?? 'none' });
    await emitTransitions(this.deps.events, cr, { credSpec: result, ...(credentials ? { credentials } : {}) });
    return storedState(cr, rendered, result, credentials);
  }

  private async finalize(cr: GmsaCredentialSpec, log: Logger): Promise<ReconcileResult> {
    this.deps.directory.memo.forget(`${cr.metadata.namespace ?? 'default'}/${cr.metadata.name}`);
    let message = 'deletion policy Retain: AWS objects kept';
    if (cr.spec.deletionPolicy !== 'Retain') {
      const referrers = this.deps.referrers(cr.metadata.namespace ?? 'default', cr.metadata.name);
      if (referrers.length > 0) return this.report(cr, { kind: 'deletion-blocked', referrers });
      try {
        const report = await cleanUp(cr, this.ownershipContext(cr, ownerOf(cr, this.deps.clusterName)));
        const leftAlone =
          report.leftAlone.length > 0
            ? `; left alone (not created by this resource): ${report.leftAlone.join(', ')}`
            : '';
        message = `deleted: ${report.deleted.join(', ') || 'nothing left to delete'}${leftAlone}`;
      } catch (err: unknown) {
        return this.fail(cr, err, log);
      }
    }
    // Recorded while the object still exists: after the finalizer goes, it may be gone.
    await this.deps.events.record(cr, 'Normal', 'Deleted', message);
    await this.deps.client.removeFinalizer(cr, FINALIZER);
    return done;
  }

  /** `directory`: what the apply path knows of Active Directory (absent on deletion: DirectoryVerified untouched). */
  private fail(
    cr: GmsaCredentialSpec,
    err: unknown,
    log: Logger,
    directory?: { report?: DirectoryReport },
  ): Promise<ReconcileResult> {
    const report = failureReport(cr, err, directory);
    const fromDirectory = err instanceof DirectoryBlockedError;
    return handleFailure(err, {
      subject: cr,
      events: this.deps.events,
      // Active Directory is fixed out of band: its findings are re-checked on the resync period.
      recheckMs: fromDirectory ? this.deps.directoryRecheckMs : this.deps.accessDeniedRecheckMs,
      log,
      report: (blocked: Blocked) => this.report(cr, { kind: 'blocked', blocked, ...(report ? { report } : {}) }),
    });
  }

  private async report(cr: GmsaCredentialSpec, outcome: CredSpecOutcome): Promise<ReconcileResult> {
    const status = nextStatus(cr, outcome, statusTime(this.deps.clock.now()));
    await writeStatusOrReport(this.deps.client, this.deps.events, cr, status);
    await emitDirectoryTransition(this.deps.events, cr, status);
    return done;
  }
}

// GmsaCredentialSpec: observe → compute → record → act → report.
import { ANNOTATIONS, FINALIZER } from '../../api/group.js';
import type { GmsaCredentialSpec } from '../../api/types.js';
import { secretPartialArn, type AwsScope } from '../../domain/arns.js';
import { configMapNameIssues } from '../../domain/credspec/configMap.js';
import { renderCredentialSpec, type RenderedCredentialSpec } from '../../domain/credspec/render.js';
import { ownershipTags, type AdoptionRequest, type Owner } from '../../domain/ownership.js';
import { partitionOf } from '../../domain/partition.js';
import { checkCredentialSpecTenancy } from '../../domain/tenancy/check.js';
import { adoptionPermitted } from '../../domain/tenancy/policy.js';
import { checkDocumentSize, validateGmsaCredentialSpecSpec } from '../../domain/validation/credentialSpecRules.js';
import { credentialsSecretString, validateCredentialsSecret } from '../../domain/validation/credentialsSecretRules.js';
import { errorsOf, formatIssues } from '../../domain/validation/issue.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { finalizerAction } from '../../runtime/finalizers.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { handleFailure } from '../errorOutcome.js';
import { BlockedError } from '../outcome.js';
import { writeStatusOrReport } from '../statusWrite.js';
import { reconcileRequestTooLong, RECONCILE_REQUEST_MAX } from '../statusBasics.js';
import { cleanUp } from './cleanup.js';
import { ensureCredentials, type CredentialsResult } from './credentials.js';
import { ensureCredSpec } from './credSpecStore.js';
import type { CredSpecDeps } from './deps.js';
import { emitTransitions } from './events.js';
import { probe, type ManagedObject, type OwnershipContext } from './managedObjects.js';
import { desiredCredentials, desiredLocation, keepRetired, recordLimitIssues, recordsOf, transition, type Records } from './records.js';
import { nextStatus, type CredSpecOutcome, type Stored } from './status.js';

/** Everything computed before acting. */
interface Plan {
  scope: AwsScope;
  owner: Owner;
  tags: Record<string, string>;
  adoption: AdoptionRequest;
  /** The credentials JSON from the referenced Secret (domainless only); never logged. */
  credentialsValue?: string;
}

export class GmsaCredentialSpecReconciler implements Reconciler {
  constructor(private readonly deps: CredSpecDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    let cr = this.deps.get(key);
    if (!cr) return done;
    const action = finalizerAction(cr.metadata, FINALIZER);
    if (action === 'gone') return done;
    await this.warnAboutAnnotations(cr);
    // Suspend stops every AWS write, deletion cleanup included: the finalizer stays until it is lifted.
    if (cr.metadata.annotations?.[ANNOTATIONS.suspend] === 'true') return this.report(cr, { kind: 'suspended' });
    if (action === 'cleanup') return this.finalize(cr, log);
    let stored: Stored;
    try {
      const plan = await this.plan(cr);
      if (action === 'add') await this.deps.client.addFinalizer(cr, FINALIZER);
      cr = await this.record(cr, plan);
      stored = await this.act(cr, plan, log);
    } catch (err: unknown) {
      return this.fail(cr, err, log);
    }
    // Outside the failure path: a refused write of this status is retried with backoff, not reported as the outcome.
    return this.report(cr, { kind: 'stored', stored });
  }

  /** Validation, tenancy, the Secret's content and the document size: everything before any write. */
  private async plan(cr: GmsaCredentialSpec): Promise<Plan> {
    const namespace = cr.metadata.namespace ?? 'default';
    const issues = errorsOf([...validateGmsaCredentialSpecSpec(cr.spec), ...configMapNameIssues(cr.metadata.name, cr.spec)]);
    const denied = checkCredentialSpecTenancy(this.deps.tenancy, namespace, cr.spec);
    // Every finding at once, in the order `render` lists them, so both say the same.
    if (issues.length > 0) throw new BlockedError({ kind: 'invalid', issues: [...issues, ...denied] });
    if (denied.length > 0) throw new BlockedError({ kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) });
    const region = cr.spec.region ?? this.deps.defaultRegion;
    const scope: AwsScope = { partition: partitionOf(region), region, accountId: await this.deps.accountId(region) };
    const owner: Owner = { cluster: this.deps.clusterName, kind: 'GmsaCredentialSpec', namespace, name: cr.metadata.name };
    const adoption = { annotated: cr.metadata.annotations?.[ANNOTATIONS.adopt] === 'true', permitted: adoptionPermitted(this.deps.tenancy, namespace) };
    const credentialsValue = await this.readCredentials(cr);
    checkFinalSize(cr, scope);
    return { scope, owner, tags: { ...(cr.spec.tags ?? {}), ...ownershipTags(owner) }, adoption, ...(credentialsValue !== undefined ? { credentialsValue } : {}) };
  }

  /** The domainless credentials JSON from the referenced Secret; waits while it is missing. */
  private async readCredentials(cr: GmsaCredentialSpec): Promise<string | undefined> {
    const domainless = cr.spec.domainless;
    if (!domainless) return undefined;
    const namespace = cr.metadata.namespace ?? 'default';
    const secretName = domainless.credentialsSecretRef.name;
    const data = await this.deps.readSecret(namespace, secretName);
    if (!data) throw new BlockedError({ kind: 'waiting', reason: 'SecretNotFound', message: `Secret ${namespace}/${secretName} not found; waiting for it` });
    const checked = validateCredentialsSecret(secretName, data);
    if (!checked.credentials) throw new BlockedError({ kind: 'stalled', reason: 'SecretInvalid', message: formatIssues(checked.issues) });
    return credentialsSecretString(checked.credentials);
  }

  private ownershipContext(cr: GmsaCredentialSpec, owner: Owner): OwnershipContext {
    return { aws: this.deps.aws, configMaps: this.deps.configMaps, namespace: owner.namespace, owner, uid: cr.metadata.uid ?? '' };
  }

  /**
   * Records the objects about to be written in status BEFORE writing them, so no crash, refused
   * status write or later spec edit can leave one behind. An object leaving "current" stays listed
   * as previous only when a fresh read finds it ours. Returns the CR with the recorded status.
   */
  private async record(cr: GmsaCredentialSpec, plan: Plan): Promise<GmsaCredentialSpec> {
    const records = recordsOf(cr.status);
    const desired = { location: desiredLocation(cr.spec, plan.scope, cr.metadata.name), credentials: desiredCredentials(cr.spec, plan.scope.region) };
    const { next, retired } = transition(records, desired);
    let kept: Records = next;
    for (const r of retired) if (await this.stillOurs(r.object, cr, plan.owner)) kept = keepRetired(kept, r);
    const limit = recordLimitIssues(kept);
    if (limit.length > 0) throw new BlockedError({ kind: 'invalid', issues: limit });
    const { credentialSpecLocation: _l, previousLocations: _p, credentials: _c, previousCredentials: _pc, credentialsArn, ...rest } = cr.status ?? {};
    // credentialsArn names the current credentials: gone with them, so it is not read back as a record.
    const status = { ...rest, ...(kept.credentials && credentialsArn ? { credentialsArn } : {}), ...kept };
    return (await writeStatusOrReport(this.deps.client, this.deps.events, cr, status)) ? { ...cr, status } : cr;
  }

  /**
   * Whether a retired object stays recorded: when a fresh read finds it ours, and also when it cannot
   * be read now (kept rather than forgotten: deletion reads its tags again).
   */
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
    return ensureCredentials({ record, value: plan.credentialsValue, ports, scope: plan.scope, owner: plan.owner, tags: plan.tags, adoption: plan.adoption, ...kms });
  }

  private async act(cr: GmsaCredentialSpec, plan: Plan, log: Logger): Promise<Stored> {
    const credentials = await this.credentials(cr, plan);
    const rendered = renderCredentialSpec(cr.spec, plan.scope, credentials?.arn);
    const ports = this.deps.aws.forRegion(plan.scope.region);
    const result = await ensureCredSpec({ cr, rendered, ports, configMaps: this.deps.configMaps, owner: plan.owner, tags: plan.tags, adoption: plan.adoption });
    log.debug('stored', { credSpec: result.action, credentials: credentials?.action ?? 'none' });
    await emitTransitions(this.deps.events, cr, { credSpec: result, ...(credentials ? { credentials } : {}) });
    return storedState(cr, rendered, result, credentials);
  }

  private async finalize(cr: GmsaCredentialSpec, log: Logger): Promise<ReconcileResult> {
    const namespace = cr.metadata.namespace ?? 'default';
    let message = 'deletion policy Retain: AWS objects kept';
    if (cr.spec.deletionPolicy !== 'Retain') {
      const referrers = this.deps.referrers(namespace, cr.metadata.name);
      if (referrers.length > 0) return this.report(cr, { kind: 'deletion-blocked', referrers });
      try {
        const owner: Owner = { cluster: this.deps.clusterName, kind: 'GmsaCredentialSpec', namespace, name: cr.metadata.name };
        const report = await cleanUp(cr, this.ownershipContext(cr, owner));
        message = `deleted: ${report.deleted.join(', ') || 'nothing left to delete'}${report.leftAlone.length > 0 ? `; left alone (not created by this resource): ${report.leftAlone.join(', ')}` : ''}`;
      } catch (err: unknown) {
        return this.fail(cr, err, log);
      }
    }
    // Recorded while the object still exists: after the finalizer goes, it may be gone.
    await this.deps.events.record(cr, 'Normal', 'Deleted', message);
    await this.deps.client.removeFinalizer(cr, FINALIZER);
    return done;
  }

  /** An annotation that cannot be echoed is reported, never copied into status (the write would fail). */
  private async warnAboutAnnotations(cr: GmsaCredentialSpec): Promise<void> {
    if (!reconcileRequestTooLong(cr.metadata.annotations)) return;
    await this.deps.events.record(cr, 'Warning', 'InvalidAnnotation', `${ANNOTATIONS.reconcileRequestedAt} is longer than ${RECONCILE_REQUEST_MAX} characters: not echoed in status.lastHandledReconcileAt; use a shorter token (e.g. a timestamp)`);
  }

  private fail(cr: GmsaCredentialSpec, err: unknown, log: Logger): Promise<ReconcileResult> {
    return handleFailure(err, { subject: cr, events: this.deps.events, accessDeniedRecheckMs: this.deps.accessDeniedRecheckMs, log, report: (blocked) => this.report(cr, { kind: 'blocked', blocked }) });
  }

  private async report(cr: GmsaCredentialSpec, outcome: CredSpecOutcome): Promise<ReconcileResult> {
    const status = nextStatus(cr, outcome, new Date(this.deps.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'));
    await writeStatusOrReport(this.deps.client, this.deps.events, cr, status);
    return done;
  }
}

/**
 * The document names the credentials ARN, whose random suffix is known only once the secret exists:
 * the size is checked with a placeholder of the same length, before anything is written.
 */
function checkFinalSize(cr: GmsaCredentialSpec, scope: AwsScope): void {
  const domainless = cr.spec.domainless;
  const placeholder = domainless && domainless.store !== 'SsmParameter' ? `${secretPartialArn(scope, domainless.name)}-XXXXXX` : undefined;
  const issues = checkDocumentSize(cr.spec, renderCredentialSpec(cr.spec, scope, placeholder).bytes);
  if (issues.length > 0) throw new BlockedError({ kind: 'invalid', issues });
}

/** The status facts of a successful store. */
function storedState(cr: GmsaCredentialSpec, rendered: RenderedCredentialSpec, result: { where: string; configMapName?: string }, credentials: CredentialsResult | undefined): Stored {
  const record = cr.status?.credentials;
  return {
    credentialSpecArn: rendered.location.arn,
    credentialSpecReference: rendered.reference,
    contentSha256: rendered.contentSha256,
    executionRolePolicy: JSON.stringify(rendered.executionRolePolicy),
    where: result.where,
    ...(credentials && record ? { credentials: { ...record, arn: credentials.arn }, credentialsWhere: credentials.where } : {}),
    ...(rendered.instanceRolePolicy ? { instanceRolePolicy: JSON.stringify(rendered.instanceRolePolicy) } : {}),
    ...(result.configMapName ? { configMapName: result.configMapName } : {}),
  };
}

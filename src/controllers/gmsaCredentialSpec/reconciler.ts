// GmsaCredentialSpec: observe → compute → act → report.
import { ANNOTATIONS, FINALIZER } from '../../api/group.js';
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { AwsScope } from '../../domain/arns.js';
import { renderCredentialSpec, type RenderedCredentialSpec } from '../../domain/credspec/render.js';
import { ownershipTags, type Owner } from '../../domain/ownership.js';
import { partitionOf } from '../../domain/partition.js';
import { checkCredentialSpecTenancy } from '../../domain/tenancy/check.js';
import { checkDocumentSize, validateGmsaCredentialSpecSpec } from '../../domain/validation/credentialSpecRules.js';
import { credentialsSecretString, validateCredentialsSecret } from '../../domain/validation/credentialsSecretRules.js';
import { errorsOf, formatIssues } from '../../domain/validation/issue.js';
import type { Logger } from '../../observability/logger.js';
import type { Reconciler } from '../../runtime/controller.js';
import { finalizerAction } from '../../runtime/finalizers.js';
import { done, type ReconcileResult } from '../../runtime/result.js';
import { handleFailure } from '../errorOutcome.js';
import { BlockedError } from '../outcome.js';
import { ensureCredentials, type CredentialsResult } from './credentials.js';
import { ensureCredSpec, type CredSpecResult } from './credSpecStore.js';
import { cleanUp } from './cleanup.js';
import type { CredSpecDeps } from './deps.js';
import { emitTransitions } from './events.js';
import { locationRecord, previousLocations } from './locations.js';
import { nextStatus, type CredSpecOutcome, type Stored } from './status.js';

/** Everything computed before acting. */
interface Plan {
  cr: GmsaCredentialSpec;
  scope: AwsScope;
  owner: Owner;
  tags: Record<string, string>;
  adopt: boolean;
}

/** The status facts of a successful store. */
function storedState(cr: GmsaCredentialSpec, rendered: RenderedCredentialSpec, result: CredSpecResult, credentials: CredentialsResult | undefined): Stored {
  const location = locationRecord(cr.spec, rendered.location, cr.metadata.name);
  return {
    location,
    credentialSpecArn: rendered.location.arn,
    credentialSpecReference: rendered.reference,
    contentSha256: rendered.contentSha256,
    executionRolePolicy: JSON.stringify(rendered.executionRolePolicy),
    previousLocations: previousLocations(cr.status?.credentialSpecLocation, cr.status?.previousLocations, location),
    where: result.where,
    ...(credentials ? { credentialsArn: credentials.arn, credentialsWhere: credentials.where } : {}),
    ...(rendered.instanceRolePolicy ? { instanceRolePolicy: JSON.stringify(rendered.instanceRolePolicy) } : {}),
    ...(result.configMapName ? { configMapName: result.configMapName } : {}),
  };
}

export class GmsaCredentialSpecReconciler implements Reconciler {
  constructor(private readonly deps: CredSpecDeps) {}

  async reconcile(key: string, log: Logger): Promise<ReconcileResult> {
    const cr = this.deps.get(key);
    if (!cr) return done;
    const action = finalizerAction(cr.metadata, FINALIZER);
    if (action === 'gone') return done;
    // Suspend stops every AWS write, deletion cleanup included: the finalizer stays until it is lifted.
    if (cr.metadata.annotations?.[ANNOTATIONS.suspend] === 'true') return this.report(cr, { kind: 'suspended' });
    if (action === 'cleanup') return this.finalize(cr, log);
    try {
      const plan = await this.plan(cr);
      if (action === 'add') await this.deps.client.addFinalizer(cr, FINALIZER);
      const stored = await this.act(plan, log);
      return await this.report(cr, { kind: 'stored', stored });
    } catch (err: unknown) {
      return this.fail(cr, err, log);
    }
  }

  /** Validation and everything pure; throws BlockedError for invalid input. */
  private async plan(cr: GmsaCredentialSpec): Promise<Plan> {
    const namespace = cr.metadata.namespace ?? 'default';
    const issues = errorsOf(validateGmsaCredentialSpecSpec(cr.spec));
    if (issues.length > 0) throw new BlockedError({ kind: 'invalid', issues });
    const denied = checkCredentialSpecTenancy(this.deps.tenancy, namespace, cr.spec);
    if (denied.length > 0) throw new BlockedError({ kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) });
    const region = cr.spec.region ?? this.deps.defaultRegion;
    const scope: AwsScope = { partition: partitionOf(region), region, accountId: await this.deps.accountId(region) };
    const owner: Owner = { cluster: this.deps.clusterName, kind: 'GmsaCredentialSpec', namespace, name: cr.metadata.name };
    const tags = { ...(cr.spec.tags ?? {}), ...ownershipTags(owner) };
    return { cr, scope, owner, tags, adopt: cr.metadata.annotations?.[ANNOTATIONS.adopt] === 'true' };
  }

  private async credentials(plan: Plan): Promise<CredentialsResult | undefined> {
    const { cr } = plan;
    const domainless = cr.spec.domainless;
    if (!domainless) return undefined;
    const namespace = cr.metadata.namespace ?? 'default';
    const secretName = domainless.credentialsSecretRef.name;
    const data = await this.deps.readSecret(namespace, secretName);
    if (!data) throw new BlockedError({ kind: 'waiting', reason: 'SecretNotFound', message: `Secret ${namespace}/${secretName} not found; waiting for it` });
    const checked = validateCredentialsSecret(secretName, data);
    if (!checked.credentials) throw new BlockedError({ kind: 'stalled', reason: 'SecretInvalid', message: formatIssues(checked.issues) });
    const ports = this.deps.aws.forRegion(plan.scope.region);
    const knownArn = cr.status?.credentialsArn;
    return ensureCredentials({ domainless, value: credentialsSecretString(checked.credentials), ports, scope: plan.scope, owner: plan.owner, tags: plan.tags, adopt: plan.adopt, ...(knownArn ? { knownArn } : {}) });
  }

  private async act(plan: Plan, log: Logger): Promise<Stored> {
    const { cr } = plan;
    const credentials = await this.credentials(plan);
    const rendered = renderCredentialSpec(cr.spec, plan.scope, credentials?.arn);
    const sizeIssues = checkDocumentSize(cr.spec, rendered.bytes);
    if (sizeIssues.length > 0) throw new BlockedError({ kind: 'invalid', issues: sizeIssues });
    const ports = this.deps.aws.forRegion(plan.scope.region);
    const result = await ensureCredSpec({ cr, rendered, ports, configMaps: this.deps.configMaps, owner: plan.owner, tags: plan.tags, adopt: plan.adopt });
    log.debug('stored', { credSpec: result.action, credentials: credentials?.action ?? 'none' });
    await emitTransitions(this.deps.events, cr, { credSpec: result, ...(credentials ? { credentials } : {}) });
    return storedState(cr, rendered, result, credentials);
  }

  private async finalize(cr: GmsaCredentialSpec, log: Logger): Promise<ReconcileResult> {
    const namespace = cr.metadata.namespace ?? 'default';
    if (cr.spec.deletionPolicy !== 'Retain') {
      const referrers = this.deps.referrers(namespace, cr.metadata.name);
      if (referrers.length > 0) return this.report(cr, { kind: 'deletion-blocked', referrers });
      try {
        await cleanUp(cr, this.deps);
      } catch (err: unknown) {
        return this.fail(cr, err, log);
      }
    }
    await this.deps.client.removeFinalizer(cr, FINALIZER);
    await this.deps.events.record(cr, 'Normal', 'Deleted', cr.spec.deletionPolicy === 'Retain' ? 'deletion policy Retain: AWS objects kept' : 'AWS objects deleted');
    return done;
  }

  private fail(cr: GmsaCredentialSpec, err: unknown, log: Logger): Promise<ReconcileResult> {
    return handleFailure(err, { subject: cr, events: this.deps.events, accessDeniedRecheckMs: this.deps.accessDeniedRecheckMs, log, report: (blocked) => this.report(cr, { kind: 'blocked', blocked }) });
  }

  private async report(cr: GmsaCredentialSpec, outcome: CredSpecOutcome): Promise<ReconcileResult> {
    const status = nextStatus(cr, outcome, new Date(this.deps.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'));
    await this.deps.client.writeStatus(cr, status);
    return done;
  }
}

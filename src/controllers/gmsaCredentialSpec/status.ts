// The next status of a GmsaCredentialSpec, computed from the reconcile's outcome: pure.
import { removeCondition, setConditions } from '../../runtime/conditions.js';
import type { CredentialsRecord, GmsaCredentialSpec, GmsaCredentialSpecStatus } from '../../api/types.js';
import type { RenderedCredentialSpec } from '../../domain/credspec/render.js';
import { readyConditions, reconcileRequestEcho, suspendedConditions, type OurCondition } from '../common/conditions.js';
import { blockedConditions, type Blocked } from '../common/outcome.js';
import type { DirectoryReport } from './directoryOutcome.js';

/** What a successful reconcile established. */
export interface Stored {
  credentialSpecArn: string;
  credentialSpecReference: string;
  contentSha256: string;
  /** The credentials record with its ARN, domainless only. */
  credentials?: CredentialsRecord & { arn: string };
  configMapName?: string;
  executionRolePolicy: string;
  instanceRolePolicy?: string;
  /** Where the object is, for humans: "SSM parameter /x", "s3://b/k", "ConfigMap c (place it at ...)". */
  where: string;
  credentialsWhere?: string;
}

export type CredSpecOutcome =
  /** `report`: spec.directory's verification (DirectoryVerified and the discovered domain). */
  | { kind: 'stored'; stored: Stored; report?: DirectoryReport }
  | { kind: 'blocked'; blocked: Blocked; report?: DirectoryReport }
  | { kind: 'suspended' }
  | { kind: 'deletion-blocked'; referrers: string[] };

function storedConditions(s: Stored, verified: boolean): OurCondition[] {
  const conditions: OurCondition[] = [
    ...readyConditions(
      `CredSpec available as ${s.credentialSpecReference}${verified ? '; gMSA verified in Active Directory' : ''}`,
    ),
    {
      type: 'CredentialSpecStored',
      status: 'True',
      reason: s.configMapName ? 'CredentialSpecPublished' : 'CredentialSpecStored',
      message: s.where,
    },
  ];
  if (s.credentials)
    conditions.push({
      type: 'CredentialsStored',
      status: 'True',
      reason: 'CredentialsStored',
      message: s.credentialsWhere ?? '',
    });
  return conditions;
}

function deletionBlockedConditions(referrers: string[]): OurCondition[] {
  const message = `still referenced by EcsGmsaTask ${referrers.join(', ')}; deletion waits until no task references it`;
  return [
    { type: 'Ready', status: 'False', reason: 'DeletionBlocked', message },
    { type: 'Reconciling', status: 'True', reason: 'DeletionBlocked', message },
  ];
}

function outcomeConditions(outcome: CredSpecOutcome): OurCondition[] {
  switch (outcome.kind) {
    case 'stored':
      return storedConditions(outcome.stored, outcome.report?.condition.status === 'True');
    case 'blocked':
      return blockedConditions(outcome.blocked);
    case 'suspended':
      return suspendedConditions();
    case 'deletion-blocked':
      return deletionBlockedConditions(outcome.referrers);
  }
}

/** Status fields a success sets; a failed reconcile keeps the last ones (running tasks still use them). */
function withStored(status: GmsaCredentialSpecStatus, s: Stored): GmsaCredentialSpecStatus {
  const next: GmsaCredentialSpecStatus = {
    ...status,
    credentialSpecArn: s.credentialSpecArn,
    credentialSpecReference: s.credentialSpecReference,
    contentSha256: s.contentSha256,
    executionRolePolicy: s.executionRolePolicy,
  };
  delete next.credentialsArn;
  delete next.configMapName;
  delete next.instanceRolePolicy;
  if (s.credentials) Object.assign(next, { credentials: s.credentials, credentialsArn: s.credentials.arn });
  if (s.configMapName) next.configMapName = s.configMapName;
  if (s.instanceRolePolicy) next.instanceRolePolicy = s.instanceRolePolicy;
  return next;
}

/** The previous conditions, without those of features the spec no longer has. */
function keptConditions(cr: GmsaCredentialSpec): NonNullable<GmsaCredentialSpecStatus['conditions']> {
  let kept = cr.status?.conditions ?? [];
  if (!cr.spec.domainless) kept = removeCondition(kept, 'CredentialsStored');
  if (!cr.spec.directory) kept = removeCondition(kept, 'DirectoryVerified');
  return kept;
}

/**
 * The status after a reconcile of `cr` ending in `outcome` at `nowIso`. The object records
 * (current and previous locations and credentials) are already in `cr.status`: they are written
 * before anything is created.
 */
export function nextStatus(cr: GmsaCredentialSpec, outcome: CredSpecOutcome, nowIso: string): GmsaCredentialSpecStatus {
  const previous = cr.status ?? {};
  const kept = keptConditions(cr);
  const report = 'report' in outcome ? outcome.report : undefined;
  const set = [...outcomeConditions(outcome), ...(report ? [report.condition] : [])];
  const conditions = setConditions(kept, set, cr.metadata.generation, nowIso);
  let status: GmsaCredentialSpecStatus = { ...previous, observedGeneration: cr.metadata.generation, conditions };
  if (!cr.spec.directory) delete status.domain;
  if (report?.domain) status.domain = report.domain;
  if (outcome.kind === 'stored') status = withStored(status, outcome.stored);
  const requested = reconcileRequestEcho(cr.metadata.annotations);
  if (requested !== undefined) status.lastHandledReconcileAt = requested;
  return status;
}

/** The status facts of a successful store: what was rendered, where it went, the credentials' ARN. */
export function storedState(
  cr: GmsaCredentialSpec,
  rendered: RenderedCredentialSpec,
  result: { where: string; configMapName?: string },
  credentials: { arn: string; where: string } | undefined,
): Stored {
  const record = cr.status?.credentials;
  return {
    credentialSpecArn: rendered.location.arn,
    credentialSpecReference: rendered.reference,
    contentSha256: rendered.contentSha256,
    executionRolePolicy: JSON.stringify(rendered.executionRolePolicy),
    where: result.where,
    ...(credentials && record
      ? { credentials: { ...record, arn: credentials.arn }, credentialsWhere: credentials.where }
      : {}),
    ...(rendered.instanceRolePolicy ? { instanceRolePolicy: JSON.stringify(rendered.instanceRolePolicy) } : {}),
    ...(result.configMapName ? { configMapName: result.configMapName } : {}),
  };
}

// The next status of a GmsaCredentialSpec, computed from the reconcile's outcome: pure.
import type { ConditionInput } from '../../runtime/conditions.js';
import { removeCondition, setConditions } from '../../runtime/conditions.js';
import type { GmsaCredentialSpec, GmsaCredentialSpecStatus, StorageLocation } from '../../api/types.js';
import type { Blocked } from '../outcome.js';
import { blockedConditions, readyConditions } from '../conditionSets.js';

/** What a successful reconcile established. */
export interface Stored {
  location: StorageLocation;
  credentialSpecArn: string;
  credentialSpecReference: string;
  contentSha256: string;
  credentialsArn?: string;
  configMapName?: string;
  executionRolePolicy: string;
  instanceRolePolicy?: string;
  previousLocations: StorageLocation[];
  /** Where the object is, for humans: "SSM parameter /x", "s3://b/k", "ConfigMap c (place it at ...)". */
  where: string;
  credentialsWhere?: string;
}

export type CredSpecOutcome = { kind: 'stored'; stored: Stored } | { kind: 'blocked'; blocked: Blocked } | { kind: 'suspended' } | { kind: 'deletion-blocked'; referrers: string[] };

function storedConditions(s: Stored, domainless: boolean): ConditionInput[] {
  const conditions: ConditionInput[] = [
    ...readyConditions(`CredSpec available as ${s.credentialSpecReference}`),
    { type: 'CredentialSpecStored', status: 'True', reason: s.configMapName ? 'CredentialSpecPublished' : 'CredentialSpecStored', message: s.where },
  ];
  if (domainless) conditions.push({ type: 'CredentialsStored', status: 'True', reason: 'CredentialsStored', message: s.credentialsWhere ?? '' });
  return conditions;
}

function otherConditions(outcome: CredSpecOutcome): ConditionInput[] {
  if (outcome.kind === 'suspended') {
    const message = 'ecsgmsa.io/suspend is "true": no AWS writes until it is removed';
    return [{ type: 'Ready', status: 'False', reason: 'Suspended', message }, { type: 'Reconciling', status: 'False', reason: 'Suspended', message: '' }, { type: 'Stalled', status: 'False', reason: 'Suspended', message: '' }];
  }
  const message = `still referenced by EcsGmsaTask ${outcome.kind === 'deletion-blocked' ? outcome.referrers.join(', ') : ''}; deletion waits until no task references it`;
  return [{ type: 'Ready', status: 'False', reason: 'DeletionBlocked', message }, { type: 'Reconciling', status: 'True', reason: 'DeletionBlocked', message }];
}

/** Status fields a success sets; a failed reconcile keeps the last ones (running tasks still use them). */
function storedFields(s: Stored): Partial<GmsaCredentialSpecStatus> {
  const fields: Partial<GmsaCredentialSpecStatus> = {
    credentialSpecArn: s.credentialSpecArn,
    credentialSpecLocation: s.location,
    credentialSpecReference: s.credentialSpecReference,
    contentSha256: s.contentSha256,
    executionRolePolicy: s.executionRolePolicy,
    previousLocations: s.previousLocations,
  };
  if (s.credentialsArn) fields.credentialsArn = s.credentialsArn;
  if (s.configMapName) fields.configMapName = s.configMapName;
  if (s.instanceRolePolicy) fields.instanceRolePolicy = s.instanceRolePolicy;
  return fields;
}

function dropStale(status: GmsaCredentialSpecStatus, s: Stored): GmsaCredentialSpecStatus {
  const next = { ...status };
  if (!s.credentialsArn) delete next.credentialsArn;
  if (!s.configMapName) delete next.configMapName;
  if (!s.instanceRolePolicy) delete next.instanceRolePolicy;
  if (s.previousLocations.length === 0) delete next.previousLocations;
  return next;
}

/** The status after a reconcile of `cr` ending in `outcome` at `nowIso`. */
export function nextStatus(cr: GmsaCredentialSpec, outcome: CredSpecOutcome, nowIso: string): GmsaCredentialSpecStatus {
  const previous = cr.status ?? {};
  const inputs = outcome.kind === 'stored' ? storedConditions(outcome.stored, cr.spec.domainless !== undefined) : outcome.kind === 'blocked' ? blockedConditions(outcome.blocked) : otherConditions(outcome);
  const kept = cr.spec.domainless ? (previous.conditions ?? []) : removeCondition(previous.conditions ?? [], 'CredentialsStored');
  const conditions = setConditions(kept, inputs, cr.metadata.generation, nowIso);
  let status: GmsaCredentialSpecStatus = { ...previous, observedGeneration: cr.metadata.generation, conditions };
  if (outcome.kind === 'stored') status = dropStale({ ...status, ...storedFields(outcome.stored) }, outcome.stored);
  const requested = cr.metadata.annotations?.['ecsgmsa.io/reconcile-requested-at'];
  if (requested !== undefined) status.lastHandledReconcileAt = requested;
  return status;
}

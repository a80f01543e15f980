// Condition types and reasons: the vocabulary of `status.conditions` and of events. The lists are values
// (not only types) so code, docs tests and dashboards read them from one place.

/** Condition types. `Reconciling` and `Stalled` follow kstatus: present only when True. */
export const CONDITION_TYPES = [
  'Ready',
  'Reconciling',
  'Stalled',
  'CredentialSpecStored',
  'CredentialsStored',
  'CredentialSpecsResolved',
  'TaskDefinitionRegistered',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** Reasons of a wait that needs nobody: Ready=False, Reconciling=True, re-queued on change. */
export const WAITING_REASONS = ['SecretNotFound', 'CredentialSpecNotReady'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/** Reasons that need a human: Ready=False, Stalled=True, a Warning event of the same reason. */
export const STALLED_REASONS = [
  'NotPermitted',
  'NamespaceNotOptedIn',
  'SecretInvalid',
  'AlreadyExists',
  'FamilyConflict',
  'FamilyNotOwned',
  'AwsRejected',
  'AccessDenied',
  'KubernetesAccessDenied',
  'KubernetesRejected',
] as const;
export type StalledReason = (typeof STALLED_REASONS)[number];

/**
 * Reasons of a retry with backoff: Ready=False, Reconciling=True. `AwsRateLimited`: waiting for a slot of
 * the operator's own AWS rate limit (no backoff, no event: the call goes when its slot comes).
 */
export const RETRYING_REASONS = ['AwsRetrying', 'AwsRateLimited', 'KubernetesRetrying'] as const;
export type RetryingReason = (typeof RETRYING_REASONS)[number];

/** Reasons of the other conditions and states. */
export const STATE_REASONS = [
  'Ready',
  'ValidationFailed',
  'CredentialSpecStored',
  'CredentialSpecPublished',
  'CredentialsStored',
  'TaskDefinitionRegistered',
  'Suspended',
  'DeletionBlocked',
] as const;

/** Every reason a condition may carry. */
export const CONDITION_REASONS = [
  ...STATE_REASONS,
  ...WAITING_REASONS,
  ...STALLED_REASONS,
  ...RETRYING_REASONS,
] as const;
export type Reason = (typeof CONDITION_REASONS)[number];

/** Reasons of events: transitions (Normal) and problems (Warning). */
export const EVENT_REASONS = [
  'CredentialSpecStored',
  'CredentialsStored',
  'Adopted',
  'TaskDefinitionRegistered',
  'RevisionsDeregistered',
  'Deleted',
  'ValidationFailed',
  'AwsError',
  'KubernetesError',
  'StatusWriteFailed',
  'InvalidAnnotation',
  ...STALLED_REASONS,
] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

export type ConditionStatus = 'True' | 'False' | 'Unknown';

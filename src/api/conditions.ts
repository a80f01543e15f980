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
  'ServicesRolledOut',
  'DirectoryVerified',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** Reasons of a wait that needs nobody: Ready=False, Reconciling=True, re-queued on change. */
export const WAITING_REASONS = ['SecretNotFound', 'CredentialSpecNotReady', 'CaBundleNotFound'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/**
 * What Active Directory verification found that an AD or platform admin must change (spec.directory): Stalled,
 * re-checked on the resync period because AD is fixed out of band.
 */
export const DIRECTORY_STALLED_REASONS = [
  'GmsaNotFound',
  'NotAGmsa',
  'PasswordRetrievalNotPermitted',
  'HostGroupNotFound',
  'DomainMismatch',
  'DirectoryBindFailed',
  'DirectoryCertificateUntrusted',
  'DirectoryAccessDenied',
  'CaBundleInvalid',
] as const;
export type DirectoryStalledReason = (typeof DIRECTORY_STALLED_REASONS)[number];

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
  'RolloutFailed',
  'RolloutRolledBack',
  'ServiceNotFound',
  'ServiceFamilyMismatch',
  'ServiceNotSupported',
  ...DIRECTORY_STALLED_REASONS,
] as const;
export type StalledReason = (typeof STALLED_REASONS)[number];

/**
 * Reasons of a retry with backoff: Ready=False, Reconciling=True. `AwsRateLimited`: waiting for a slot of
 * the operator's own AWS rate limit (no backoff, no event: the call goes when its slot comes).
 */
export const RETRYING_REASONS = [
  'AwsRetrying',
  'AwsRateLimited',
  'KubernetesRetrying',
  'DirectoryUnreachable',
] as const;
export type RetryingReason = (typeof RETRYING_REASONS)[number];

/** Work AWS is doing that needs nobody: Ready=False, Reconciling=True, polled until it ends. */
export const PROGRESS_REASONS = ['RolloutInProgress'] as const;
export type ProgressReason = (typeof PROGRESS_REASONS)[number];

/** Reasons of the other conditions and states. */
export const STATE_REASONS = [
  'Ready',
  'ValidationFailed',
  'CredentialSpecStored',
  'CredentialSpecPublished',
  'CredentialsStored',
  'TaskDefinitionRegistered',
  'ServicesRolledOut',
  'Suspended',
  'DeletionBlocked',
  'DirectoryVerified',
  'DirectoryNotChecked',
] as const;

/** Every reason a condition may carry. */
export const CONDITION_REASONS = [
  ...STATE_REASONS,
  ...WAITING_REASONS,
  ...PROGRESS_REASONS,
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
  'ServiceUpdated',
  'DeploymentForced',
  'RolloutCompleted',
  'Deleted',
  'DirectoryVerified',
  'DirectoryUnreachable',
  'ValidationFailed',
  'AwsError',
  'KubernetesError',
  'StatusWriteFailed',
  'InvalidAnnotation',
  ...STALLED_REASONS,
] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

export type ConditionStatus = 'True' | 'False' | 'Unknown';

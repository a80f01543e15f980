// Condition types and reasons: the vocabulary of `status.conditions` and of events.

/** Condition types. `Reconciling` and `Stalled` follow kstatus: present only when True. */
export type ConditionType =
  | 'Ready'
  | 'Reconciling'
  | 'Stalled'
  | 'CredentialSpecStored'
  | 'CredentialsStored'
  | 'CredentialSpecsResolved'
  | 'TaskDefinitionRegistered';

/** CamelCase reasons used in conditions and events. */
export type Reason =
  | 'Ready'
  | 'ValidationFailed'
  | 'AlreadyExists'
  | 'FamilyConflict'
  | 'FamilyNotOwned'
  | 'NotPermitted'
  | 'SecretNotFound'
  | 'SecretInvalid'
  | 'CredentialSpecNotReady'
  | 'CredentialSpecStored'
  | 'CredentialsStored'
  | 'CredentialSpecPublished'
  | 'TaskDefinitionRegistered'
  | 'RevisionsDeregistered'
  | 'AwsRetrying'
  | 'AwsRejected'
  | 'AccessDenied'
  | 'AwsError'
  | 'KubernetesAccessDenied'
  | 'NamespaceNotOptedIn'
  | 'KubernetesRejected'
  | 'KubernetesRetrying'
  | 'KubernetesError'
  | 'StatusWriteFailed'
  | 'InvalidAnnotation'
  | 'Adopted'
  | 'Suspended'
  | 'DeletionBlocked'
  | 'Deleted';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

// API group, version, kinds and the names the operator writes onto objects.

export const GROUP = 'ecsgmsa.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export const GMSA_CREDENTIAL_SPEC_KIND = 'GmsaCredentialSpec';
export const GMSA_CREDENTIAL_SPEC_PLURAL = 'gmsacredentialspecs';
export const ECS_GMSA_TASK_KIND = 'EcsGmsaTask';
export const ECS_GMSA_TASK_PLURAL = 'ecsgmsatasks';
export type OurKind = typeof GMSA_CREDENTIAL_SPEC_KIND | typeof ECS_GMSA_TASK_KIND;

/** Annotations users set on our objects. */
export const ANNOTATIONS = {
  adopt: 'ecsgmsa.io/adopt',
  suspend: 'ecsgmsa.io/suspend',
  reconcileRequestedAt: 'ecsgmsa.io/reconcile-requested-at',
} as const;

/** Labels the operator puts on the Kubernetes objects it creates (localFile ConfigMaps). */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  credentialSpec: 'ecsgmsa.io/credential-spec',
} as const;

/** The value of LABELS.managedBy. */
export const MANAGER = 'ecs-gmsa-operator';

/** The finalizer guarding cleanup of AWS objects. */
export const FINALIZER = 'ecsgmsa.io/cleanup';

/** Tags the operator puts on every AWS object it creates. */
export const TAG_KEYS = {
  cluster: 'ecsgmsa.io/cluster',
  kind: 'ecsgmsa.io/kind',
  namespace: 'ecsgmsa.io/namespace',
  name: 'ecsgmsa.io/name',
  specSha256: 'ecsgmsa.io/spec-sha256',
  hashVersion: 'ecsgmsa.io/hash-version',
} as const;

// The narrow AWS ports controllers code against; adapters in this folder implement them over SDK v3.
//
// Contract shared by every method: "not found" is a value (`undefined`, 'not-found'), never an
// exception; every failure is an AwsError (errors.ts) classified once; calls are rate limited per
// region and counted. Nothing here logs, and no error carries a value being written.

/** Tags as a map (AWS's key/value lists converted at the edge). */
export type AwsTags = Record<string, string>;

/** An SSM parameter as read back. */
export interface StoredParameter {
  name: string;
  arn: string;
  /** Without `withDecryption`, a SecureString's value is ciphertext (moto: `kms:<key>:<value>`). */
  value: string;
  type: 'String' | 'SecureString' | 'StringList';
  version: number;
  /** Only with `includeMetadata` (GetParameter does not return it). */
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  /** Only with `includeMetadata`, and only for a SecureString. */
  keyId?: string;
  /** Only with `includeMetadata`. */
  description?: string;
  lastModified?: Date;
}

/** SSM Parameter Store. */
export interface ParameterStore {
  /**
   * Reads a parameter; `undefined` when it does not exist.
   * @param options.withDecryption decrypt a SecureString. @default false
   * @param options.includeMetadata one more call (DescribeParameters) to fill `tier`, `keyId`, `description`. @default false
   */
  get(
    name: string,
    options?: { withDecryption?: boolean; includeMetadata?: boolean },
  ): Promise<StoredParameter | undefined>;
  /** The parameter's tags; `undefined` when the parameter does not exist. */
  getTags(name: string): Promise<AwsTags | undefined>;
  /**
   * Writes a parameter. `overwrite: false` creates it with `tags` (fails with `ParameterAlreadyExists`
   * when it exists); `overwrite: true` must not carry tags (SSM rejects Overwrite with Tags): tag with
   * {@link ParameterStore.addTags}. A create whose first attempt succeeded but whose answer was lost is
   * recognised on the SDK's retry (same value and type read back) and reported as success.
   */
  put(input: {
    name: string;
    value: string;
    type: 'String' | 'SecureString';
    tier?: 'Standard' | 'Advanced';
    keyId?: string;
    overwrite: boolean;
    /** Only with `overwrite: false`; an AwsError (terminal, `TagsWithOverwrite`) otherwise. */
    tags?: AwsTags;
    description?: string;
  }): Promise<{ version: number }>;
  /** Adds or replaces the given tags (others stay). No call for an empty map. */
  addTags(name: string, tags: AwsTags): Promise<void>;
  delete(name: string): Promise<'deleted' | 'not-found'>;
}

/** A Secrets Manager secret's metadata. */
export interface SecretDescription {
  arn: string;
  name: string;
  tags: AwsTags;
  /** Set when the secret is scheduled for deletion (soft-deleted): restore() it to use it again. */
  deletedDate?: Date;
  kmsKeyId?: string;
  /** The version holding the AWSCURRENT label. */
  currentVersionId?: string;
  description?: string;
}

/** AWS Secrets Manager. */
export interface SecretStore {
  /** The secret's metadata; `undefined` when it does not exist. A soft-deleted secret IS returned (`deletedDate` set). */
  describe(secretId: string): Promise<SecretDescription | undefined>;
  /** The AWSCURRENT string value; `undefined` when the secret does not exist. Fails (terminal) on a soft-deleted or binary secret. */
  getValue(secretId: string): Promise<{ value: string; versionId: string } | undefined>;
  /**
   * Creates a secret. `clientRequestToken` makes a retry idempotent: the same token and value return
   * the same version (see newRequestToken). Empty `tags` are not sent.
   */
  create(input: {
    name: string;
    value: string;
    kmsKeyId?: string;
    tags: AwsTags;
    clientRequestToken: string;
    description?: string;
  }): Promise<{ arn: string; versionId: string }>;
  /**
   * Makes `kmsKeyId` (key id, key ARN or alias) the secret's key (UpdateSecret without a value):
   * Secrets Manager re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions with it.
   */
  setKey(secretId: string, kmsKeyId: string): Promise<void>;
  /** Stores a new AWSCURRENT version; the same token and value twice make one version. */
  putValue(input: { secretId: string; value: string; clientRequestToken: string }): Promise<{ versionId: string }>;
  /** Cancels a scheduled deletion; a no-op on a secret that is not scheduled. */
  restore(secretId: string): Promise<void>;
  /** Adds or replaces the given tags. No call for an empty map. */
  tag(secretId: string, tags: AwsTags): Promise<void>;
  /**
   * Deletes a secret: `recoveryWindowDays` 7–30 schedules the deletion, 0 deletes at once
   * (ForceDeleteWithoutRecovery). A secret already scheduled for deletion counts as 'deleted'.
   */
  delete(secretId: string, options: { recoveryWindowDays: number }): Promise<'deleted' | 'not-found'>;
}

/** One object to write to S3, with its tags. */
export interface ObjectWrite {
  bucket: string;
  key: string;
  body: string;
  contentType: string;
  tags: AwsTags;
  kmsKeyId?: string;
}

/** An S3 object as read back. */
export interface StoredObject {
  body: string;
  etag?: string;
  contentType?: string;
  /** The SSE-KMS key (S3 answers its key ARN); absent when the object is not encrypted with SSE-KMS. */
  kmsKeyId?: string;
}

/** Amazon S3 objects. A missing bucket is an error (terminal), not "not found", except for delete. */
export interface ObjectStore {
  /** The object's body as UTF-8; `undefined` when the key does not exist. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** The object's tags; `undefined` when the key (or its bucket) does not exist. */
  getTags(bucket: string, key: string): Promise<AwsTags | undefined>;
  /**
   * Writes the object with its tags (the `Tagging` header; at most 10, else an AwsError terminal
   * `TooManyTags` without a call). With `kmsKeyId`: SSE-KMS with that key.
   */
  put(input: ObjectWrite): Promise<void>;
  /** Replaces the object's whole tag set (at most 10). */
  putTags(bucket: string, key: string, tags: AwsTags): Promise<void>;
  /** S3 does not say whether the key existed: 'not-found' only when the bucket does not exist. */
  delete(bucket: string, key: string): Promise<'deleted' | 'not-found'>;
}

/**
 * The RegisterTaskDefinition request with ECS's field names. Structural, so the API's generated type
 * (a newer or older ECS model than the SDK's) fits; ECS validates the rest.
 */
export interface RegisterTaskDefinitionInput {
  family: string;
  containerDefinitions: readonly object[];
  /** An empty list is not sent (ECS rejects it). */
  tags?: readonly { key?: string; value?: string }[];
  readonly [field: string]: unknown;
}

/** A task definition revision as described. */
export interface DescribedTaskDefinition {
  /** DescribeTaskDefinition's `taskDefinition`, including read-only fields and filled defaults. */
  taskDefinition: Record<string, unknown>;
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  tags: AwsTags;
}

/** Amazon ECS task definitions. */
export interface TaskDefinitions {
  /**
   * Registers a new revision. Sent exactly once (no SDK retry: a retry after a lost answer would
   * register a duplicate revision); the caller's queue decides on retrying. ECS's "Too many
   * concurrent attempts" ClientException is classified throttled.
   */
  register(input: RegisterTaskDefinitionInput): Promise<{ arn: string; family: string; revision: number }>;
  /** Describes `family:revision`, an ARN or a family (latest ACTIVE), with tags; `undefined` when it does not exist. */
  describe(taskDefinition: string): Promise<DescribedTaskDefinition | undefined>;
  /** ARNs of one family (exact name) with the given status, every page followed, ascending by revision. */
  listArns(options: { familyPrefix: string; status: 'ACTIVE' | 'INACTIVE' }): Promise<string[]>;
  /** Marks `family:revision` (or an ARN) INACTIVE; 'deregistered' also when it already was; 'not-found' when it does not exist. */
  deregister(taskDefinition: string): Promise<'deregistered' | 'not-found'>;
}

/** One deployment of an ECS service as described. */
export interface ServiceDeployment {
  id: string;
  /** PRIMARY (the newest), ACTIVE (being replaced), INACTIVE. */
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  /** Absent for deployments ECS's rolling-update controller does not track. */
  rolloutState?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason?: string;
}

/** An ECS service as described. */
export interface DescribedService {
  cluster: string;
  service: string;
  arn: string;
  /** ACTIVE, DRAINING (being deleted) or INACTIVE (deleted). */
  status: string;
  /** The task definition the service runs (the PRIMARY deployment's). */
  taskDefinition?: string;
  /** ECS (rolling updates), CODE_DEPLOY or EXTERNAL. */
  deploymentController: string;
  /** PRIMARY first. */
  deployments: ServiceDeployment[];
  /** `deploymentConfiguration.deploymentCircuitBreaker.rollback`. */
  circuitBreakerRollback: boolean;
}

/** Amazon ECS services: read and moved onto a task definition, never created or deleted. */
export interface EcsServices {
  /**
   * Describes services of one cluster by name, up to 10 per DescribeServices call. Every name is a
   * key of the answer: `undefined` when the service (or the cluster) does not exist.
   */
  describe(cluster: string, services: readonly string[]): Promise<Map<string, DescribedService | undefined>>;
  /**
   * UpdateService to `taskDefinition`, with `forceNewDeployment` when the revision is unchanged. Sent
   * exactly once (no SDK retry: a retry after a lost answer would start a second deployment); the
   * caller's record decides on retrying. `undefined` when the service or cluster does not exist or
   * the service is no longer ACTIVE.
   */
  update(input: {
    cluster: string;
    service: string;
    taskDefinition: string;
    forceNewDeployment: boolean;
  }): Promise<DescribedService | undefined>;
}

/** The ports for one region. */
export interface AwsPorts {
  parameters: ParameterStore;
  secrets: SecretStore;
  objects: ObjectStore;
  taskDefinitions: TaskDefinitions;
  services: EcsServices;
}

/** Ports for one region; clients are created once per region and reused. */
export interface AwsPortsFactory {
  forRegion(region: string): AwsPorts;
}

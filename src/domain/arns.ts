// ARN builders for every store the operator writes to. Pure string functions.
import type { Partition } from './partition.js';

/** Where an ARN lives: partition, region and account. */
export interface AwsScope {
  partition: Partition;
  region: string;
  accountId: string;
}

/** `arn:<p>:ssm:<region>:<account>:parameter/<name without leading slash>`. */
export function ssmParameterArn(scope: AwsScope, parameterName: string): string {
  const name = parameterName.startsWith('/') ? parameterName.slice(1) : parameterName;
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter/${name}`;
}

/** `arn:<p>:s3:::<bucket>/<key>` (S3 ARNs carry neither region nor account). */
export function s3ObjectArn(partition: Partition, bucket: string, key: string): string {
  return `arn:${partition}:s3:::${bucket}/${key}`;
}

/**
 * The partial Secrets Manager ARN `arn:<p>:secretsmanager:<region>:<account>:secret:<name>`.
 * AWS appends a random 6-character suffix on creation; GetSecretValue accepts the partial form.
 */
export function secretPartialArn(scope: AwsScope, name: string): string {
  return `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:${name}`;
}

/** The IAM policy resource matching a secret whatever its random suffix: `<partial ARN>-??????`. */
export function secretPolicyResource(scope: AwsScope, name: string): string {
  return `${secretPartialArn(scope, name)}-??????`;
}

/** A KMS key ARN from a key id or key ARN; `undefined` for an alias (aliases cannot be policy resources). */
export function kmsKeyArn(scope: AwsScope, keyId: string): string | undefined {
  if (keyId.startsWith('arn:')) return keyId.includes(':alias/') ? undefined : keyId;
  if (keyId.startsWith('alias/')) return undefined;
  return `arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:key/${keyId}`;
}

/** `arn:<p>:ecs:<region>:<account>:task-definition/<family>:<revision>`. */
export function taskDefinitionArn(scope: AwsScope, family: string, revision: number): string {
  return `arn:${scope.partition}:ecs:${scope.region}:${scope.accountId}:task-definition/${family}:${revision}`;
}

// Default client-side rate limits per AWS operation: one table, each row below the published quota it cites.
import type { RateLimit } from './rateBucket.js';

/** The AWS services the operator calls, as used in `service.Operation` keys and metric labels. */
export type AwsService = 'ssm' | 'secretsmanager' | 's3' | 'ecs';

/** Every service name, for validating overrides. */
export const AWS_SERVICES: readonly AwsService[] = ['ssm', 'secretsmanager', 's3', 'ecs'];

/** One token bucket shared by the listed `service.Operation`s. */
export interface RateLimitGroup {
  /** Bucket name; also the key of the bucket in the limiter. */
  bucket: string;
  operations: readonly string[];
  limit: RateLimit;
  /** Where the AWS quota comes from, and how far below it we stay. */
  source: string;
}

const SSM_QUOTAS = 'AWS General Reference, "AWS Systems Manager endpoints and quotas" (standard throughput)';
const SM_QUOTAS = 'AWS Secrets Manager User Guide, "Secrets Manager quotas"';
const S3_QUOTAS =
  'Amazon S3 User Guide, "Best practices design patterns: optimizing Amazon S3 performance" (3,500 writes / 5,500 reads per second per prefix)';
const ECS_QUOTAS =
  'Amazon ECS API Reference, "Request throttling for the Amazon ECS API" (per account and region token buckets)';
const ECS_SERVICE_READS = `${ECS_QUOTAS}: service read actions, 20/s sustained; DescribeServices takes 10 services a call`;
const ECS_SERVICE_WRITES = `${ECS_QUOTAS}: service modification actions, shared with every tool of the account: kept at 1/s`;

/**
 * The defaults. Limits are per region (one limiter per region, as AWS's quotas are per account and
 * region) and per operator replica. Operations not listed here are not limited.
 *
 * | bucket | operations | qps | burst | AWS quota |
 * | --- | --- | --- | --- | --- |
 * | ssm.PutParameter | PutParameter | 3 | 3 | 3 TPS (standard throughput) |
 * | ssm.reads | GetParameter, GetParameters, ListTagsForResource | 40 | 40 | 40 TPS shared |
 * | ssm.DescribeParameters | DescribeParameters | 5 | 5 | not published separately; kept low |
 * | ssm.AddTagsToResource | AddTagsToResource | 5 | 5 | not published separately; kept low |
 * | ssm.DeleteParameter | DeleteParameter | 5 | 5 | not published separately; kept low |
 * | secretsmanager.writes | CreateSecret, PutSecretValue, UpdateSecret, TagResource, DeleteSecret, RestoreSecret | 50 | 50 | 50 TPS per write API |
 * | secretsmanager.reads | DescribeSecret, GetSecretValue | 100 | 100 | 10,000 TPS combined |
 * | s3.writes | PutObject, PutObjectTagging, DeleteObject | 100 | 100 | 3,500 per prefix |
 * | s3.reads | GetObject, GetObjectTagging | 200 | 200 | 5,500 per prefix |
 * | ecs.RegisterTaskDefinition | RegisterTaskDefinition | 1 | 20 | about 1/s sustained, 20 burst |
 * | ecs.DeregisterTaskDefinition | DeregisterTaskDefinition | 1 | 20 | about 1/s sustained, 20 burst |
 * | ecs.reads | DescribeTaskDefinition, ListTaskDefinitions | 20 | 50 | 20/s sustained, 50 burst (the Describe and List class) |
 * | ecs.DescribeServices | DescribeServices | 20 | 50 | 20/s sustained (service read actions); 10 services per call |
 * | ecs.UpdateService | UpdateService | 1 | 10 | service modification actions; kept at the registration rate: one per service and revision |
 */
export const DEFAULT_RATE_LIMITS: readonly RateLimitGroup[] = [
  { bucket: 'ssm.PutParameter', operations: ['ssm.PutParameter'], limit: { qps: 3, burst: 3 }, source: SSM_QUOTAS },
  {
    bucket: 'ssm.reads',
    operations: ['ssm.GetParameter', 'ssm.GetParameters', 'ssm.ListTagsForResource'],
    limit: { qps: 40, burst: 40 },
    source: SSM_QUOTAS,
  },
  {
    bucket: 'ssm.DescribeParameters',
    operations: ['ssm.DescribeParameters'],
    limit: { qps: 5, burst: 5 },
    source: SSM_QUOTAS,
  },
  {
    bucket: 'ssm.AddTagsToResource',
    operations: ['ssm.AddTagsToResource'],
    limit: { qps: 5, burst: 5 },
    source: SSM_QUOTAS,
  },
  {
    bucket: 'ssm.DeleteParameter',
    operations: ['ssm.DeleteParameter'],
    limit: { qps: 5, burst: 5 },
    source: SSM_QUOTAS,
  },
  {
    bucket: 'secretsmanager.writes',
    operations: [
      'secretsmanager.CreateSecret',
      'secretsmanager.PutSecretValue',
      'secretsmanager.UpdateSecret',
      'secretsmanager.TagResource',
      'secretsmanager.DeleteSecret',
      'secretsmanager.RestoreSecret',
    ],
    limit: { qps: 50, burst: 50 },
    source: SM_QUOTAS,
  },
  {
    bucket: 'secretsmanager.reads',
    operations: ['secretsmanager.DescribeSecret', 'secretsmanager.GetSecretValue'],
    limit: { qps: 100, burst: 100 },
    source: SM_QUOTAS,
  },
  {
    bucket: 's3.writes',
    operations: ['s3.PutObject', 's3.PutObjectTagging', 's3.DeleteObject'],
    limit: { qps: 100, burst: 100 },
    source: S3_QUOTAS,
  },
  {
    bucket: 's3.reads',
    operations: ['s3.GetObject', 's3.GetObjectTagging'],
    limit: { qps: 200, burst: 200 },
    source: S3_QUOTAS,
  },
  {
    bucket: 'ecs.RegisterTaskDefinition',
    operations: ['ecs.RegisterTaskDefinition'],
    limit: { qps: 1, burst: 20 },
    source: ECS_QUOTAS,
  },
  {
    bucket: 'ecs.DeregisterTaskDefinition',
    operations: ['ecs.DeregisterTaskDefinition'],
    limit: { qps: 1, burst: 20 },
    source: ECS_QUOTAS,
  },
  {
    bucket: 'ecs.reads',
    operations: ['ecs.DescribeTaskDefinition', 'ecs.ListTaskDefinitions'],
    limit: { qps: 20, burst: 50 },
    source: ECS_QUOTAS,
  },
  {
    // Service reads have their own AWS bucket (20/s sustained): polling rollouts never slows registrations.
    bucket: 'ecs.DescribeServices',
    operations: ['ecs.DescribeServices'],
    limit: { qps: 20, burst: 50 },
    source: ECS_SERVICE_READS,
  },
  {
    // Service modifications share an AWS bucket with CreateService/DeleteService of every other tool in
    // the account: stay well below it, a rollout needs one call per service and revision.
    bucket: 'ecs.UpdateService',
    operations: ['ecs.UpdateService'],
    limit: { qps: 1, burst: 10 },
    source: ECS_SERVICE_WRITES,
  },
];

/** Operation names (without the service) that the operator calls, per service. */
export function knownOperations(service: string): string[] {
  const prefix = `${service}.`;
  return DEFAULT_RATE_LIMITS.flatMap((g) => g.operations)
    .filter((op) => op.startsWith(prefix))
    .map((op) => op.slice(prefix.length))
    .sort();
}

/** The default group an operation key (`service.Operation`) belongs to. */
export function defaultGroupOf(key: string): RateLimitGroup | undefined {
  return DEFAULT_RATE_LIMITS.find((g) => g.operations.includes(key));
}

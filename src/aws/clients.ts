// Builds the SDK v3 clients of one region: short SDK retries, bounded timeouts, one attempt for RegisterTaskDefinition.
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ecsSdk, s3Sdk, secretsManagerSdk, ssmSdk } from './sdk.js';

/** Static credentials: tests and the sandbox only; production uses the default chain (IRSA, instance role). */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How to reach AWS. */
export interface AwsClientOptions {
  region: string;
  /** One endpoint for every service (moto, LocalStack). S3 then uses path-style addressing. @default AWS's endpoints */
  endpoint?: string;
  /** @default the SDK's default credential chain */
  credentials?: StaticCredentials;
  /** SDK attempts per call (first try included): short retries; the operator's work queue owns long backoff. @default 3 */
  maxAttempts?: number;
  /** TCP connect timeout. @default 10000 (ms) */
  connectionTimeoutMs?: number;
  /** Whole-request timeout (a TimeoutError, transient), so a hung endpoint cannot stall a reconcile. @default 30000 (ms) */
  requestTimeoutMs?: number;
  /**
   * The SDK's own request/response log (debug troubleshooting). The SDK masks fields its models mark
   * sensitive (SecretString, SSM parameter values); the secret hygiene test runs with it on. @default none
   */
  sdkLogger?: SdkLogger;
}

/** The logger shape the SDK calls. */
export interface SdkLogger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** The clients of one region. */
export interface AwsClients {
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
  s3: S3Client;
  ecs: ECSClient;
  /**
   * ECS with maxAttempts 1, for RegisterTaskDefinition and UpdateService only: a blind retry after a lost
   * answer makes a duplicate revision, or a second deployment.
   */
  ecsSingleAttempt: ECSClient;
}

/** Defaults of {@link AwsClientOptions}. */
export const CLIENT_DEFAULTS = { maxAttempts: 3, connectionTimeoutMs: 10_000, requestTimeoutMs: 30_000 } as const;

interface BaseConfig {
  logger?: SdkLogger;
  region: string;
  maxAttempts: number;
  endpoint?: string;
  credentials?: StaticCredentials;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true };
}

function baseConfig(options: AwsClientOptions): BaseConfig {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes, and the call hangs on.
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.sdkLogger !== undefined ? { logger: options.sdkLogger } : {}),
  };
}

/** Creates the clients of one region. Call once per region and reuse (each client keeps a connection pool). */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const base = baseConfig(options);
  return {
    ssm: new ssmSdk.SSMClient(base),
    secretsManager: new secretsManagerSdk.SecretsManagerClient(base),
    s3: new s3Sdk.S3Client({ ...base, forcePathStyle: options.endpoint !== undefined }),
    ecs: new ecsSdk.ECSClient(base),
    ecsSingleAttempt: new ecsSdk.ECSClient({ ...base, maxAttempts: 1 }),
  };
}

/** Closes every client's sockets (shutdown, tests). */
export function destroyAwsClients(clients: AwsClients): void {
  clients.ssm.destroy();
  clients.secretsManager.destroy();
  clients.s3.destroy();
  clients.ecs.destroy();
  clients.ecsSingleAttempt.destroy();
}

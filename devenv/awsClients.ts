// AWS SDK v3 client settings for moto: endpoint override, static test keys, path-style S3, no IMDS.
export interface AwsClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Only S3 reads it; the other clients ignore it. */
  forcePathStyle: boolean;
}

export interface AwsTarget {
  awsEndpoint: string;
  region: string;
}

/** moto's fixed account (MOTO_ACCOUNT_ID is scrubbed from its environment). */
export const MOTO_ACCOUNT_ID = '123456789012';
export const TEST_REGION = 'us-east-1';

/** Makes sure nothing in this process falls back to the instance metadata service. */
export function disableInstanceMetadata(): void {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

/**
 * The config for `new SSMClient(cfg)`, `new S3Client(cfg)`, ... against the test endpoint.
 * Also sets AWS_EC2_METADATA_DISABLED=true in this process.
 */
export function awsClientConfig(target: AwsTarget): AwsClientConfig {
  disableInstanceMetadata();
  return {
    region: target.region,
    endpoint: target.awsEndpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
}

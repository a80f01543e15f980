// Least-privilege IAM policies a GmsaCredentialSpec needs: the task execution role's and the instance role's.
import type { GmsaCredentialSpecSpec } from '../../api/types.js';
import { kmsKeyArn, s3ObjectArn, secretPolicyResource, ssmParameterArn, type AwsScope } from '../arns.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * kms:Decrypt on a customer key, only when used through `service`. The key id or ARN is the resource:
 * validation refuses aliases, which cannot be one (a wildcard resource would grant every key).
 */
function kmsDecrypt(sid: string, scope: AwsScope, keyId: string, service: string): PolicyStatement {
  const keyArn = kmsKeyArn(scope, keyId);
  if (!keyArn) throw new Error(`kmsKeyId "${keyId}" is not a key id or key ARN (validation should have refused it)`);
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: [keyArn],
    Condition: { StringEquals: { 'kms:ViaService': `${service}.${scope.region}.amazonaws.com` } },
  };
}

function credentialSpecStatements(spec: GmsaCredentialSpecSpec, scope: AwsScope): PolicyStatement[] {
  const { storage } = spec;
  if (storage.ssm) {
    return [
      {
        Sid: 'ReadCredentialSpec',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [ssmParameterArn(scope, storage.ssm.parameterName)],
      },
    ];
  }
  if (storage.s3) {
    const read: PolicyStatement = {
      Sid: 'ReadCredentialSpec',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [s3ObjectArn(scope.partition, storage.s3.bucket, storage.s3.key)],
    };
    return storage.s3.kmsKeyId ? [read, kmsDecrypt('DecryptCredentialSpec', scope, storage.s3.kmsKeyId, 's3')] : [read];
  }
  return []; // localFile: the file is on the host, nothing to fetch.
}

function credentialsStatements(spec: GmsaCredentialSpecSpec, scope: AwsScope): PolicyStatement[] {
  const { domainless } = spec;
  if (!domainless) return [];
  const secretsManager = domainless.store !== 'SsmParameter';
  const read: PolicyStatement = secretsManager
    ? {
        Sid: 'ReadDomainlessCredentials',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [secretPolicyResource(scope, domainless.name)],
      }
    : {
        Sid: 'ReadDomainlessCredentials',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [ssmParameterArn(scope, domainless.name)],
      };
  if (!domainless.kmsKeyId) return [read];
  return [
    read,
    kmsDecrypt('DecryptDomainlessCredentials', scope, domainless.kmsKeyId, secretsManager ? 'secretsmanager' : 'ssm'),
  ];
}

/** What the task execution role needs: read the CredSpec and, domainless, the credentials. */
export function executionRolePolicy(spec: GmsaCredentialSpecSpec, scope: AwsScope): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [...credentialSpecStatements(spec, scope), ...credentialsStatements(spec, scope)],
  };
}

/**
 * Domainless only: what the container instance role needs where the host fetches the
 * credentials itself (Linux instance-wide credentials-fetcher mode, older agents).
 */
export function instanceRolePolicy(spec: GmsaCredentialSpecSpec, scope: AwsScope): PolicyDocument | undefined {
  if (!spec.domainless) return undefined;
  return { Version: '2012-10-17', Statement: credentialsStatements(spec, scope) };
}

// The AWS SDK clients, loaded with require(). Their packages are CommonJS; importing CommonJS from an ES
// module makes Node lex every file for its named exports (cjs-module-lexer), which costs the process about
// 11 MiB of resident memory it never gives back (bench/RESULTS.md). Types still come from `import type`.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** @aws-sdk/client-ecs */
export const ecsSdk = load('@aws-sdk/client-ecs') as typeof import('@aws-sdk/client-ecs');
/** @aws-sdk/client-ssm */
export const ssmSdk = load('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
/** @aws-sdk/client-s3 */
export const s3Sdk = load('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
/** @aws-sdk/client-secrets-manager */
export const secretsManagerSdk = load(
  '@aws-sdk/client-secrets-manager',
) as typeof import('@aws-sdk/client-secrets-manager');
/** @aws-sdk/client-sts */
export const stsSdk = load('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');

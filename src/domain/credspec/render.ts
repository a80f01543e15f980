// Everything a GmsaCredentialSpec renders to: document bytes, hash, location, reference and policies.
import type { GmsaCredentialSpecSpec } from '../../api/types.js';
import { secretPartialArn, ssmParameterArn, type AwsScope } from '../arns.js';
import { sha256Hex } from '../canonical.js';
import { credSpecBytes, renderCredSpecDocument, type CredSpecDocument } from './document.js';
import { executionRolePolicy, instanceRolePolicy, type PolicyDocument } from './iamPolicy.js';
import { credentialSpecLocation, credentialSpecReference, type StorageLocation } from './location.js';

export interface RenderedCredentialSpec {
  document: CredSpecDocument;
  /** The exact bytes stored. */
  bytes: string;
  contentSha256: string;
  location: StorageLocation;
  reference: string;
  /** Domainless: the ARN the PluginInput names. */
  credentialsArn?: string;
  executionRolePolicy: PolicyDocument;
  instanceRolePolicy?: PolicyDocument;
}

/**
 * The ARN of the domainless credentials: an SSM parameter ARN, or the Secrets Manager ARN —
 * `knownSecretArn` (from AWS, with its random suffix) when given, else the partial ARN.
 */
export function credentialsArnFor(
  spec: GmsaCredentialSpecSpec,
  scope: AwsScope,
  knownSecretArn?: string,
): string | undefined {
  const { domainless } = spec;
  if (!domainless) return undefined;
  if (domainless.store === 'SsmParameter') return ssmParameterArn(scope, domainless.name);
  return knownSecretArn ?? secretPartialArn(scope, domainless.name);
}

/** Renders `spec` for `scope` (whose region is the CR's effective region). */
export function renderCredentialSpec(
  spec: GmsaCredentialSpecSpec,
  scope: AwsScope,
  knownSecretArn?: string,
): RenderedCredentialSpec {
  const credentialsArn = credentialsArnFor(spec, scope, knownSecretArn);
  const document = renderCredSpecDocument(spec, credentialsArn);
  const bytes = credSpecBytes(document);
  const location = credentialSpecLocation(spec, scope);
  const rendered: RenderedCredentialSpec = {
    document,
    bytes,
    contentSha256: sha256Hex(bytes),
    location,
    reference: credentialSpecReference(spec, location),
    executionRolePolicy: executionRolePolicy(spec, scope),
  };
  if (credentialsArn) rendered.credentialsArn = credentialsArn;
  const instancePolicy = instanceRolePolicy(spec, scope);
  if (instancePolicy) rendered.instanceRolePolicy = instancePolicy;
  return rendered;
}

// What a GmsaCredentialSpec asks for, computed from the spec alone: whether it may be acted on at all
// (validation, tenancy), whose objects it makes and where they go. Pure.
import { ANNOTATIONS } from '../../api/group.js';
import type {
  CredentialsRecord,
  GmsaCredentialSpec,
  GmsaCredentialSpecSpec,
  StorageLocation,
} from '../../api/types.js';
import { secretPartialArn, type AwsScope } from '../../domain/arns.js';
import { configMapFor, configMapNameIssues } from '../../domain/credspec/configMap.js';
import { credentialSpecLocation } from '../../domain/credspec/location.js';
import { renderCredentialSpec } from '../../domain/credspec/render.js';
import { ownershipTags, type AdoptionRequest, type Owner } from '../../domain/ownership.js';
import { checkCredentialSpecTenancy } from '../../domain/tenancy/check.js';
import { adoptionPermitted, type TenancyConfig } from '../../domain/tenancy/policy.js';
import { checkDocumentSize, validateGmsaCredentialSpecSpec } from '../../domain/validation/credentialSpecRules.js';
import { errorsOf, formatIssues, type ValidationIssue } from '../../domain/validation/issue.js';
import type { Blocked } from '../common/outcome.js';

/**
 * Why `cr` may not be acted on: its spec breaks a rule (every finding at once, in the order `render`
 * lists them, so both say the same) or its namespace may not use what it names. `undefined`: go ahead.
 */
export function admission(cr: GmsaCredentialSpec, tenancy: TenancyConfig): Blocked | undefined {
  const namespace = cr.metadata.namespace ?? 'default';
  const issues = errorsOf([
    ...validateGmsaCredentialSpecSpec(cr.spec),
    ...configMapNameIssues(cr.metadata.name, cr.spec),
  ]);
  const denied = checkCredentialSpecTenancy(tenancy, namespace, cr.spec);
  if (issues.length > 0) return { kind: 'invalid', issues: [...issues, ...denied] };
  if (denied.length > 0) return { kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) };
  return undefined;
}

/** Who owns what `cr` creates in AWS. */
export function ownerOf(cr: GmsaCredentialSpec, clusterName: string): Owner {
  return {
    cluster: clusterName,
    kind: 'GmsaCredentialSpec',
    namespace: cr.metadata.namespace ?? 'default',
    name: cr.metadata.name,
  };
}

/** The tags of every object `cr` creates: the user's, then the ownership tags (which win). */
export function objectTags(cr: GmsaCredentialSpec, owner: Owner): Record<string, string> {
  return { ...(cr.spec.tags ?? {}), ...ownershipTags(owner) };
}

/** Whether `cr` asks to take over untagged objects, and whether its namespace may. */
export function adoptionOf(cr: GmsaCredentialSpec, tenancy: TenancyConfig): AdoptionRequest {
  return {
    annotated: cr.metadata.annotations?.[ANNOTATIONS.adopt] === 'true',
    permitted: adoptionPermitted(tenancy, cr.metadata.namespace ?? 'default'),
  };
}

/**
 * The document names the credentials ARN, whose random suffix is known only once the secret exists:
 * its size is checked with a placeholder of the same length, before anything is written.
 */
export function sizeIssues(spec: GmsaCredentialSpecSpec, scope: AwsScope): ValidationIssue[] {
  const domainless = spec.domainless;
  const placeholder =
    domainless && domainless.store !== 'SsmParameter'
      ? `${secretPartialArn(scope, domainless.name)}-XXXXXX`
      : undefined;
  return checkDocumentSize(spec, renderCredentialSpec(spec, scope, placeholder).bytes);
}

/** The location record `spec` stores its CredSpec at. */
export function desiredLocation(spec: GmsaCredentialSpecSpec, scope: AwsScope, crName: string): StorageLocation {
  const rendered = credentialSpecLocation(spec, scope);
  const base = { kind: rendered.kind, arn: rendered.arn, region: rendered.region };
  if (spec.storage.ssm) return { ...base, parameterName: spec.storage.ssm.parameterName };
  if (spec.storage.s3) return { ...base, bucket: spec.storage.s3.bucket, key: spec.storage.s3.key };
  return { ...base, configMapName: configMapFor(crName, spec.storage.localFile?.path ?? '').name };
}

/** The credentials record `spec` stores its domainless credentials at; `undefined` without domainless. */
export function desiredCredentials(spec: GmsaCredentialSpecSpec, region: string): CredentialsRecord | undefined {
  const d = spec.domainless;
  return d ? { store: d.store ?? 'SecretsManager', region, name: d.name } : undefined;
}

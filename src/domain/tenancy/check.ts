// Checks a GmsaCredentialSpec or EcsGmsaTask against the tenancy policy of its namespace.
import type { EcsGmsaTaskSpec, GmsaCredentialSpecSpec } from '../../api/types.js';
import { error, type ValidationIssue } from '../validation/issue.js';
import { globMatches, ruleFor, type TenancyPolicy, type TenancyRule } from './policy.js';

function prefixed(field: string, value: string, prefixes: string[] | undefined, what: string): ValidationIssue[] {
  if (prefixes === undefined || prefixes.some((p) => value.startsWith(p))) return [];
  const allowed = prefixes.length > 0 ? `; allowed prefixes: ${prefixes.join(', ')}` : '';
  return [error(field, `${what} "${value}" is not permitted for this namespace by the tenancy policy${allowed}`)];
}

function globbed(field: string, value: string | undefined, patterns: string[] | undefined, what: string): ValidationIssue[] {
  if (value === undefined || patterns === undefined || patterns.some((p) => globMatches(p, value))) return [];
  return [error(field, `${what} "${value}" is not permitted for this namespace by the tenancy policy; allowed: ${patterns.join(', ') || 'none'}`)];
}

function s3Issues(rule: TenancyRule, bucket: string, key: string): ValidationIssue[] {
  if (rule.s3 === undefined || rule.s3.some((a) => a.bucket === bucket && key.startsWith(a.keyPrefix ?? ''))) return [];
  return [error('spec.storage.s3', `s3://${bucket}/${key} is not permitted for this namespace by the tenancy policy`)];
}

function uncovered(namespace: string): ValidationIssue[] {
  return [error('metadata.namespace', `namespace "${namespace}" is not covered by any rule of the tenancy policy`)];
}

/** Tenancy findings for a GmsaCredentialSpec in `namespace`; none without a policy. */
export function checkCredentialSpecTenancy(policy: TenancyPolicy | undefined, namespace: string, spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  if (!policy) return [];
  const rule = ruleFor(policy, namespace);
  if (!rule) return uncovered(namespace);
  const { storage, domainless } = spec;
  const issues: ValidationIssue[] = [];
  if (storage.ssm) issues.push(...prefixed('spec.storage.ssm.parameterName', storage.ssm.parameterName, rule.ssmParameterPrefixes, 'SSM parameter'));
  if (storage.s3) issues.push(...s3Issues(rule, storage.s3.bucket, storage.s3.key));
  if (domainless) {
    const ssm = domainless.store === 'SsmParameter';
    issues.push(...prefixed('spec.domainless.name', domainless.name, ssm ? rule.ssmParameterPrefixes : rule.secretNamePrefixes, ssm ? 'SSM parameter' : 'secret name'));
  }
  return issues;
}

/** Tenancy findings for an EcsGmsaTask in `namespace`; none without a policy. */
export function checkTaskTenancy(policy: TenancyPolicy | undefined, namespace: string, spec: EcsGmsaTaskSpec): ValidationIssue[] {
  if (!policy) return [];
  const rule = ruleFor(policy, namespace);
  if (!rule) return uncovered(namespace);
  const td = spec.taskDefinition;
  return [
    ...globbed('spec.taskDefinition.family', td.family, rule.taskFamilies, 'family'),
    ...globbed('spec.taskDefinition.executionRoleArn', td.executionRoleArn, rule.roleArns, 'role'),
    ...globbed('spec.taskDefinition.taskRoleArn', td.taskRoleArn, rule.roleArns, 'role'),
  ];
}

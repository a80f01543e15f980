// The tenancy policy (`--tenancy-policy FILE`): per namespace pattern, what names and roles objects may use.
import { error, type ValidationIssue } from '../validation/issue.js';

/** An S3 location a namespace may write: a bucket and a key prefix within it. */
export interface S3Allowance {
  bucket: string;
  keyPrefix?: string;
}

/**
 * One rule: the namespaces it covers (glob patterns with `*` and `?`) and what they may use.
 * An omitted list leaves that dimension unrestricted; an empty list allows nothing.
 */
export interface TenancyRule {
  namespaces: string[];
  ssmParameterPrefixes?: string[];
  s3?: S3Allowance[];
  secretNamePrefixes?: string[];
  taskFamilies?: string[];
  roleArns?: string[];
  /** Whether CRs here may take over untagged AWS objects with `ecsgmsa.io/adopt: "true"`. @default false */
  allowAdoption?: boolean;
}

/** The first rule matching a namespace applies; a namespace no rule covers may do nothing. */
export interface TenancyPolicy {
  rules: TenancyRule[];
}

/** True when `value` matches the glob `pattern` (`*` any run, `?` one character). */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(value);
}

/** The rule for `namespace`, or `undefined` when none covers it. */
export function ruleFor(policy: TenancyPolicy, namespace: string): TenancyRule | undefined {
  return policy.rules.find((rule) => rule.namespaces.some((p) => globMatches(p, namespace)));
}

/** Whether `namespace` may adopt untagged objects: only where its rule says so; never without a policy. */
export function adoptionPermitted(policy: TenancyPolicy | undefined, namespace: string): boolean {
  return policy !== undefined && ruleFor(policy, namespace)?.allowAdoption === true;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

const LIST_FIELDS = ['ssmParameterPrefixes', 'secretNamePrefixes', 'taskFamilies', 'roleArns'] as const;

function ruleIssues(rule: unknown, i: number): ValidationIssue[] {
  const field = `rules[${i}]`;
  if (rule === null || typeof rule !== 'object') return [error(field, 'must be a mapping')];
  const r = rule as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  if (!isStringList(r.namespaces) || r.namespaces.length === 0) issues.push(error(`${field}.namespaces`, 'must be a non-empty list of namespace patterns'));
  for (const key of LIST_FIELDS) if (r[key] !== undefined && !isStringList(r[key])) issues.push(error(`${field}.${key}`, 'must be a list of strings'));
  if (!isS3List(r.s3)) issues.push(error(`${field}.s3`, 'must be a list of {bucket, keyPrefix}'));
  issues.push(...switchIssues(r, field));
  return [...issues, ...unknownFields(r, field)];
}

function switchIssues(rule: Record<string, unknown>, field: string): ValidationIssue[] {
  return rule.allowAdoption !== undefined && typeof rule.allowAdoption !== 'boolean' ? [error(`${field}.allowAdoption`, 'must be true or false')] : [];
}

function isS3List(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((s: unknown) => typeof (s as S3Allowance | null)?.bucket === 'string'));
}

function unknownFields(rule: Record<string, unknown>, field: string): ValidationIssue[] {
  const known = new Set<string>(['namespaces', 's3', 'allowAdoption', ...LIST_FIELDS]);
  return Object.keys(rule)
    .filter((key) => !known.has(key))
    .map((key) => error(`${field}.${key}`, `unknown field "${key}"`));
}

/** Checks a parsed policy document; returns the policy when valid. */
export function parseTenancyPolicy(value: unknown): { policy?: TenancyPolicy; issues: ValidationIssue[] } {
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return { issues: [error('rules', 'a tenancy policy needs a list of rules')] };
  const issues = rules.flatMap(ruleIssues);
  return issues.length > 0 ? { issues } : { policy: value as TenancyPolicy, issues };
}

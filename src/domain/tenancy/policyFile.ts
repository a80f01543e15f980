// Reads a tenancy policy document: every field checked, unknown ones refused with what to write instead. Pure.
import { error, type ValidationIssue } from '../validation/issue.js';
import { domainPatternProblem, serverPatternProblem } from './directories.js';
import { patternProblem } from './patterns.js';
import { HOST_FLAGS, type TenancyPolicy } from './policy.js';

const PATTERN_LISTS = [
  'namespaces',
  'ssmParameters',
  'secrets',
  'kmsKeys',
  'taskFamilies',
  'roles',
  'fileSystems',
] as const;
const KNOWN = new Set<string>([...PATTERN_LISTS, 's3', 'hostAccess', 'services', 'allowAdoption', 'directories']);

/** Fields of earlier releases: what replaced them (their prefixes let "*" cross "/"). */
const RENAMED: Record<string, string> = {
  ssmParameterPrefixes: 'ssmParameters (patterns, e.g. /gmsa/{namespace}/**)',
  secretNamePrefixes: 'secrets (patterns, e.g. gmsa/{namespace}/**)',
  roleArns: 'roles (patterns, e.g. arn:aws:iam::111122223333:role/{namespace}/**)',
  keyPrefix: 'keys (patterns, e.g. gmsa/{namespace}/**)',
};

/** Findings for a list of patterns. */
function patternIssues(field: string, patterns: unknown): ValidationIssue[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string'))
    return [error(field, 'must be a list of patterns')];
  return patterns.flatMap((p: string, i) => {
    const problem = patternProblem(p);
    return problem ? [error(`${field}[${i}]`, `"${p}": ${problem}`)] : [];
  });
}

type Fields = Record<string, unknown>;

function isMapping(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unknownFields(value: Fields, known: ReadonlySet<string>, field: string): ValidationIssue[] {
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) =>
      error(`${field}.${key}`, RENAMED[key] ? `"${key}" was replaced by ${RENAMED[key]}` : `unknown field "${key}"`),
    );
}

function s3Issues(value: unknown, field: string): ValidationIssue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [error(field, 'must be a list of {bucket, keys}')];
  return value.flatMap((entry: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isMapping(entry)) return [error(at, 'must be a mapping {bucket, keys}')];
    const bucket =
      typeof entry.bucket === 'string' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(entry.bucket)
        ? []
        : [error(`${at}.bucket`, 'must be a bucket name (no patterns)')];
    const keys =
      Array.isArray(entry.keys) && entry.keys.length > 0
        ? patternIssues(`${at}.keys`, entry.keys)
        : [error(`${at}.keys`, 'must be a non-empty list of key patterns, e.g. gmsa/{namespace}/**')];
    return [...bucket, ...keys, ...unknownFields(entry, new Set(['bucket', 'keys']), at)];
  });
}

function hostAccessIssues(value: unknown, field: string): ValidationIssue[] {
  if (value === undefined) return [];
  if (!isMapping(value)) return [error(field, 'must be a mapping')];
  const flags = HOST_FLAGS.filter((k) => value[k] !== undefined && typeof value[k] !== 'boolean').map((k) =>
    error(`${field}.${k}`, 'must be true or false'),
  );
  const capabilities =
    value.capabilities !== undefined &&
    !(
      Array.isArray(value.capabilities) && value.capabilities.every((c) => typeof c === 'string' && /^[A-Z_]+$/.test(c))
    )
      ? [error(`${field}.capabilities`, 'must be a list of capability names such as NET_ADMIN')]
      : [];
  return [
    ...flags,
    ...capabilities,
    ...patternIssues(`${field}.hostPaths`, value.hostPaths),
    ...unknownFields(value, new Set<string>([...HOST_FLAGS, 'capabilities', 'hostPaths']), field),
  ];
}

function servicesIssues(value: unknown, field: string): ValidationIssue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [error(field, 'must be a list of {cluster, service}')];
  return value.flatMap((entry: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isMapping(entry)) return [error(at, 'must be a mapping {cluster, service}')];
    return [
      ...patternIssues(`${at}.cluster`, [entry.cluster]),
      ...patternIssues(`${at}.service`, [entry.service]),
      ...unknownFields(entry, new Set(['cluster', 'service']), at),
    ];
  });
}

function directoryListIssues(
  field: string,
  patterns: unknown,
  problem: (pattern: string) => string | undefined,
): ValidationIssue[] {
  if (patterns === undefined) return [];
  const general = patternIssues(field, patterns);
  if (general.length > 0) return general;
  return (patterns as string[]).flatMap((p, i) => {
    const why = problem(p);
    return why ? [error(`${field}[${i}]`, `"${p}": ${why}`)] : [];
  });
}

function directoriesIssues(value: unknown, field: string): ValidationIssue[] {
  if (value === undefined) return [];
  if (!isMapping(value)) return [error(field, 'must be a mapping {domains, servers}')];
  return [
    ...directoryListIssues(`${field}.domains`, value.domains, domainPatternProblem),
    ...directoryListIssues(`${field}.servers`, value.servers, serverPatternProblem),
    ...unknownFields(value, new Set(['domains', 'servers']), field),
  ];
}

function ruleIssues(rule: unknown, i: number): ValidationIssue[] {
  const field = `rules[${i}]`;
  if (!isMapping(rule)) return [error(field, 'must be a mapping')];
  const namespaces =
    Array.isArray(rule.namespaces) && rule.namespaces.length > 0
      ? []
      : [error(`${field}.namespaces`, 'must be a non-empty list of namespace patterns')];
  const adoption =
    rule.allowAdoption !== undefined && typeof rule.allowAdoption !== 'boolean'
      ? [error(`${field}.allowAdoption`, 'must be true or false')]
      : [];
  return [
    ...namespaces,
    ...PATTERN_LISTS.flatMap((key) => patternIssues(`${field}.${key}`, rule[key])),
    ...s3Issues(rule.s3, `${field}.s3`),
    ...hostAccessIssues(rule.hostAccess, `${field}.hostAccess`),
    ...servicesIssues(rule.services, `${field}.services`),
    ...directoriesIssues(rule.directories, `${field}.directories`),
    ...adoption,
    ...unknownFields(rule, KNOWN, field),
  ];
}

/** Checks a parsed policy document; returns the policy when valid. */
export function parseTenancyPolicy(value: unknown): { policy?: TenancyPolicy; issues: ValidationIssue[] } {
  if (!isMapping(value) || !Array.isArray(value.rules))
    return { issues: [error('rules', 'a tenancy policy needs a list of rules')] };
  const issues = [...value.rules.flatMap(ruleIssues), ...unknownFields(value, new Set(['rules']), 'policy')];
  return issues.length > 0 ? { issues } : { policy: value as unknown as TenancyPolicy, issues };
}

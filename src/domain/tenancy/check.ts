// Checks a GmsaCredentialSpec or EcsGmsaTask against what its namespace may use. Pure; the operator,
// `render` and `validate` call exactly these functions, so they refuse exactly the same specs.
import type { EcsGmsaTaskSpec, GmsaCredentialSpecSpec } from '../../api/types.js';
import { unsafeNameIssues } from '../validation/safeNames.js';
import { error, type ValidationIssue } from '../validation/issue.js';
import { directoryPatternMatches } from './directories.js';
import { patternMatches } from './patterns.js';
import { allowanceFor, RESERVED_NAMESPACES, type Allowance, type HostAccess, type TenancyConfig } from './policy.js';
import { credentialSpecReferences, taskReferences, type Reference } from './references.js';

const WHAT: Record<Exclude<Reference['kind'], 'hostAccess' | 'unrecognized' | 'service'>, string> = {
  ssmParameter: 'SSM parameter',
  secret: 'Secrets Manager secret',
  kmsKey: 'KMS key',
  taskFamily: 'task definition family',
  role: 'IAM role',
  fileSystem: 'file system',
  s3Object: 'S3 object',
  directoryDomain: 'DNS SRV discovery of the domain controllers of',
  directoryServer: 'domain controller',
};

/** Where a platform team allows what, when a namespace may use none of a kind. */
const NONE_ALLOWED_HINT: Partial<Record<Reference['kind'], string>> = {
  directoryDomain:
    "none is allowed: the platform allows domains with the operator flag --directory-domain or a policy rule's directories.domains",
  directoryServer:
    "none is allowed: the platform allows domain controllers with the operator flag --directory-server or a policy rule's directories.servers",
};

const FEATURE: Record<keyof HostAccess, string> = {
  privileged: 'a privileged container',
  capabilities: 'an added Linux capability',
  hostNetwork: 'host networking',
  hostPid: 'the host PID namespace',
  hostIpc: 'the host IPC namespace',
  hostPaths: 'a host path mount',
  devices: 'host devices',
  dockerSecurityOptions: 'Docker security options',
  volumeDriverOptions: 'Docker volume driver options',
};

function allowedList(patterns: readonly string[]): string {
  return patterns.length > 0 ? `allowed: ${patterns.join(', ')}` : 'none is allowed';
}

function denied(ref: Reference, namespace: string, subject: string, allowed: string): ValidationIssue {
  return error(
    ref.field,
    `${subject} is not permitted for namespace "${namespace}" by the tenancy policy (${allowed})`,
  );
}

function hostAccessAllowed(ref: Extract<Reference, { kind: 'hostAccess' }>, a: Allowance): boolean {
  const h = a.hostAccess;
  if (ref.feature === 'capabilities') return ref.value !== undefined && h.capabilities.includes(ref.value);
  if (ref.feature === 'hostPaths')
    return ref.value !== undefined && h.hostPaths.some((p) => patternMatches(p, ref.value ?? ''));
  return h[ref.feature];
}

function judgeHostAccess(ref: Extract<Reference, { kind: 'hostAccess' }>, a: Allowance): ValidationIssue[] {
  if (hostAccessAllowed(ref, a)) return [];
  const subject = `${FEATURE[ref.feature]}${ref.value !== undefined ? ` (${ref.value})` : ''}`;
  return [denied(ref, a.namespace, subject, `host access: grant hostAccess.${ref.feature} in the namespace's rule`)];
}

/** A service is allowed when one `{cluster, service}` pair of patterns matches both names. */
function judgeService(ref: Extract<Reference, { kind: 'service' }>, a: Allowance): ValidationIssue[] {
  if (a.services.some((s) => patternMatches(s.cluster, ref.cluster) && patternMatches(s.service, ref.service)))
    return [];
  const allowed =
    a.services.length > 0
      ? `allowed: ${a.services.map((s) => `cluster ${s.cluster} service ${s.service}`).join(', ')}`
      : 'none is allowed';
  return [denied(ref, a.namespace, `ECS service "${ref.service}" in cluster "${ref.cluster}"`, allowed)];
}

function patternsFor(
  ref: Exclude<Reference, { kind: 'hostAccess' | 'unrecognized' | 's3Object' | 'service' }>,
  a: Allowance,
): string[] {
  switch (ref.kind) {
    case 'ssmParameter':
      return a.ssmParameters;
    case 'secret':
      return a.secrets;
    case 'kmsKey':
      return a.kmsKeys;
    case 'taskFamily':
      return a.taskFamilies;
    case 'role':
      return a.roles;
    case 'fileSystem':
      return a.fileSystems;
    case 'directoryDomain':
      return a.directoryDomains;
    case 'directoryServer':
      return a.directoryServers;
  }
}

/** A name against the namespace's patterns (directory patterns keep `*` within one DNS label). */
function judgeName(
  ref: Exclude<Reference, { kind: 'hostAccess' | 'unrecognized' | 's3Object' | 'service' }>,
  a: Allowance,
): ValidationIssue[] {
  const patterns = patternsFor(ref, a);
  const matches =
    ref.kind === 'directoryDomain' || ref.kind === 'directoryServer' ? directoryPatternMatches : patternMatches;
  if (patterns.some((p) => matches(p, ref.value))) return [];
  const allowed =
    patterns.length === 0 ? (NONE_ALLOWED_HINT[ref.kind] ?? allowedList(patterns)) : allowedList(patterns);
  return [denied(ref, a.namespace, `${WHAT[ref.kind]} "${ref.value}"`, allowed)];
}

function judge(ref: Reference, a: Allowance): ValidationIssue[] {
  if (ref.kind === 'hostAccess') return judgeHostAccess(ref, a);
  if (ref.kind === 'service') return judgeService(ref, a);
  if (ref.kind === 'unrecognized')
    return [
      error(
        ref.field,
        `"${ref.value}" is not ${ref.expected}; the operator cannot tell whether namespace "${a.namespace}" may use it`,
      ),
    ];
  if (ref.kind === 's3Object') {
    const ok = a.s3.some((s) => s.bucket === ref.bucket && s.keys.some((k) => patternMatches(k, ref.key)));
    const allowed =
      a.s3.length > 0
        ? `allowed: ${a.s3.map((s) => s.keys.map((k) => `s3://${s.bucket}/${k}`).join(', ')).join(', ')}`
        : 'no bucket is configured for the operator';
    return ok ? [] : [denied(ref, a.namespace, `S3 object s3://${ref.bucket}/${ref.key}`, allowed)];
  }
  return judgeName(ref, a);
}

/** Names must mean exactly themselves before they are matched (a "*" or ".." would match more). */
function exactness(ref: Reference): ValidationIssue[] {
  if (ref.kind === 'hostAccess')
    return ref.feature === 'hostPaths' && ref.value !== undefined ? unsafeNameIssues(ref.field, ref.value) : [];
  if (ref.kind === 's3Object') return unsafeNameIssues(ref.field, `${ref.bucket}/${ref.key}`);
  if (ref.kind === 'service') return unsafeNameIssues(ref.field, `${ref.cluster}/${ref.service}`);
  return unsafeNameIssues(ref.field, ref.value);
}

function check(config: TenancyConfig, namespace: string, refs: Reference[]): ValidationIssue[] {
  if (RESERVED_NAMESPACES.includes(namespace))
    return [
      error(
        'metadata.namespace',
        `the operator does not act in namespace "${namespace}": it holds the cluster's own objects`,
      ),
    ];
  const exact = refs.flatMap(exactness);
  if (exact.length > 0) return exact;
  const allowance = allowanceFor(config, namespace);
  if (allowance === 'unrestricted') return [];
  if (!allowance)
    return [error('metadata.namespace', `namespace "${namespace}" is not covered by any rule of the tenancy policy`)];
  return refs.flatMap((ref) => judge(ref, allowance));
}

/** Tenancy findings for a GmsaCredentialSpec in `namespace`. */
export function checkCredentialSpecTenancy(
  config: TenancyConfig,
  namespace: string,
  spec: GmsaCredentialSpecSpec,
): ValidationIssue[] {
  return check(config, namespace, credentialSpecReferences(spec));
}

/** Tenancy findings for an EcsGmsaTask in `namespace`. */
export function checkTaskTenancy(config: TenancyConfig, namespace: string, spec: EcsGmsaTaskSpec): ValidationIssue[] {
  return check(config, namespace, taskReferences(spec));
}

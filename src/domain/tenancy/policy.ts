// The tenancy policy (`--tenancy-policy FILE`) and the default that applies without one: per namespace,
// which AWS names and host features its objects may use. Pure.
import { canonicalServerPattern, type DirectoryAllowance } from './directories.js';
import { expand, patternMatches } from './patterns.js';

/** An S3 bucket a namespace may use, and the key patterns within it. */
export interface S3Allowance {
  bucket: string;
  keys: string[];
}

/** Host-access task features; each is denied unless granted here. */
export interface HostAccess {
  /** `privileged: true` containers. */
  privileged?: boolean;
  /** Linux capabilities containers may add (`linuxParameters.capabilities.add`), e.g. NET_ADMIN. */
  capabilities?: string[];
  /** `networkMode: host`. */
  hostNetwork?: boolean;
  /** `pidMode: host`. */
  hostPid?: boolean;
  /** `ipcMode: host`. */
  hostIpc?: boolean;
  /** Host paths bind-mounted by `volumes[].host.sourcePath` (patterns). */
  hostPaths?: string[];
  /** Host devices (`linuxParameters.devices`). */
  devices?: boolean;
  /** `dockerSecurityOptions` (e.g. apparmor:unconfined, label:disable). */
  dockerSecurityOptions?: boolean;
  /** Docker volume `driverOpts` (the local driver binds host paths with them). */
  volumeDriverOptions?: boolean;
}

/** An ECS service (cluster and service name patterns) a namespace may roll out. */
export interface ServiceAllowance {
  cluster: string;
  service: string;
}

/**
 * One rule: the namespaces it covers and what they may use. A field left out takes the default
 * (names derived from the namespace, see {@link defaultRule}); an empty list allows nothing; `**`
 * allows anything.
 */
export interface TenancyRule {
  /** Namespace patterns; the first rule matching a namespace applies. */
  namespaces: string[];
  /** SSM parameter names: CredSpecs, credentials and task-definition secret references. */
  ssmParameters?: string[];
  /** Secrets Manager secret names: credentials and task-definition secret references. */
  secrets?: string[];
  /** S3 buckets and key patterns: CredSpecs, environment files, FireLens configs. */
  s3?: S3Allowance[];
  /** KMS key ids, ARNs or aliases, as written in `kmsKeyId`. */
  kmsKeys?: string[];
  taskFamilies?: string[];
  /** IAM role ARNs for executionRoleArn and taskRoleArn. */
  roles?: string[];
  /** EFS and FSx file system ids. */
  fileSystems?: string[];
  hostAccess?: HostAccess;
  /** ECS services `spec.services` may roll out. */
  services?: ServiceAllowance[];
  /** Whether `ecsgmsa.io/adopt: "true"` may take over untagged AWS objects. @default false */
  allowAdoption?: boolean;
  /**
   * Active Directory domains and domain controllers `spec.directory` may point the operator at.
   * @default the operator's --directory-domain and --directory-server values
   */
  directories?: DirectoryAllowance;
}

export interface TenancyPolicy {
  rules: TenancyRule[];
}

/** How the operator confines namespaces: its flags and the optional policy file. */
export interface TenancyConfig {
  /** `--single-tenant`: no confinement at all (one trusted team per cluster). @default false */
  singleTenant: boolean;
  /** The parsed `--tenancy-policy` file; without one every namespace gets the default. */
  policy?: TenancyPolicy;
  /** `--s3-bucket`: buckets the default lets every namespace use under `gmsa/<namespace>/`. */
  buckets: readonly string[];
  /** `--kms-key`: KMS keys (as written in kmsKeyId) the default lets every namespace use. */
  kmsKeys: readonly string[];
  /** `--directory-domain`: domains (patterns) every namespace may discover domain controllers of. @default [] */
  directoryDomains?: readonly string[];
  /** `--directory-server`: domain controller URLs (patterns) every namespace may name. @default [] */
  directoryServers?: readonly string[];
}

/** Namespaces the operator never acts in, whatever the policy: they hold the cluster's own objects. */
export const RESERVED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** The allowance of one namespace, every field resolved and {namespace} expanded. */
export interface Allowance {
  namespace: string;
  ssmParameters: string[];
  secrets: string[];
  s3: S3Allowance[];
  kmsKeys: string[];
  taskFamilies: string[];
  roles: string[];
  fileSystems: string[];
  hostAccess: Required<HostAccess>;
  services: ServiceAllowance[];
  allowAdoption: boolean;
  /** Domain patterns, lowercase. */
  directoryDomains: string[];
  /** Server URL patterns, canonical (`scheme://host:port`). */
  directoryServers: string[];
}

/** What each field defaults to: names derived from the namespace; buckets and keys the operator is given. */
export function defaultRule(
  config: Pick<TenancyConfig, 'buckets' | 'kmsKeys' | 'directoryDomains' | 'directoryServers'>,
): Required<Omit<TenancyRule, 'namespaces'>> {
  return {
    directories: { domains: [...(config.directoryDomains ?? [])], servers: [...(config.directoryServers ?? [])] },
    ssmParameters: ['/gmsa/{namespace}/**'],
    secrets: ['gmsa/{namespace}/**'],
    s3: config.buckets.map((bucket) => ({ bucket, keys: ['gmsa/{namespace}/**'] })),
    kmsKeys: [...config.kmsKeys],
    // "_" cannot appear in a namespace name, so namespace "team" never matches team-a's families.
    taskFamilies: ['{namespace}_*'],
    roles: ['arn:*:iam::*:role/{namespace}/**'],
    fileSystems: [],
    hostAccess: {
      privileged: false,
      capabilities: [],
      hostNetwork: false,
      hostPid: false,
      hostIpc: false,
      hostPaths: [],
      devices: false,
      dockerSecurityOptions: false,
      volumeDriverOptions: false,
    },
    services: [{ cluster: '*', service: '{namespace}_*' }],
    allowAdoption: false,
  };
}

/** The rule of `namespace`: the first matching rule of the policy, else (no policy) the default; `undefined` when a policy covers it not. */
function ruleFor(config: TenancyConfig, namespace: string): TenancyRule | undefined {
  if (!config.policy) return { namespaces: ['*'] };
  return config.policy.rules.find((rule) => rule.namespaces.some((p) => patternMatches(p, namespace)));
}

/**
 * What `namespace` may use: `unrestricted` with `--single-tenant`; `undefined` when a policy file
 * covers it with no rule (it may do nothing).
 */
export function allowanceFor(config: TenancyConfig, namespace: string): Allowance | 'unrestricted' | undefined {
  if (config.singleTenant) return 'unrestricted';
  const rule = ruleFor(config, namespace);
  if (!rule) return undefined;
  const d = defaultRule(config);
  const list = (patterns: string[] | undefined, fallback: string[]): string[] =>
    (patterns ?? fallback).map((p) => expand(p, namespace));
  return {
    namespace,
    ssmParameters: list(rule.ssmParameters, d.ssmParameters),
    secrets: list(rule.secrets, d.secrets),
    s3: (rule.s3 ?? d.s3).map((a) => ({ bucket: a.bucket, keys: a.keys.map((k) => expand(k, namespace)) })),
    kmsKeys: list(rule.kmsKeys, d.kmsKeys),
    taskFamilies: list(rule.taskFamilies, d.taskFamilies),
    roles: list(rule.roles, d.roles),
    fileSystems: list(rule.fileSystems, d.fileSystems),
    hostAccess: hostAccessOf(rule.hostAccess, namespace),
    services: (rule.services ?? d.services).map((s) => ({
      cluster: expand(s.cluster, namespace),
      service: expand(s.service, namespace),
    })),
    allowAdoption: rule.allowAdoption ?? false,
    ...directoriesOf(rule.directories, d.directories, namespace),
  };
}

/** Each list of `directories` left out takes the default's (the operator's flags). */
function directoriesOf(
  given: DirectoryAllowance | undefined,
  fallback: DirectoryAllowance,
  namespace: string,
): Pick<Allowance, 'directoryDomains' | 'directoryServers'> {
  return {
    directoryDomains: (given?.domains ?? fallback.domains ?? []).map((p) => expand(p, namespace).toLowerCase()),
    directoryServers: (given?.servers ?? fallback.servers ?? []).map((p) =>
      canonicalServerPattern(expand(p, namespace)),
    ),
  };
}

/** The on/off host-access features of {@link HostAccess}. */
export const HOST_FLAGS = [
  'privileged',
  'hostNetwork',
  'hostPid',
  'hostIpc',
  'devices',
  'dockerSecurityOptions',
  'volumeDriverOptions',
] as const;

function hostAccessOf(h: HostAccess | undefined, namespace: string): Required<HostAccess> {
  const flags = Object.fromEntries(HOST_FLAGS.map((flag) => [flag, h?.[flag] === true])) as Record<
    (typeof HOST_FLAGS)[number],
    boolean
  >;
  return {
    ...flags,
    capabilities: [...(h?.capabilities ?? [])],
    hostPaths: (h?.hostPaths ?? []).map((p) => expand(p, namespace)),
  };
}

/** Whether `namespace` may adopt untagged objects (`allowAdoption`; always with --single-tenant). */
export function adoptionPermitted(config: TenancyConfig, namespace: string): boolean {
  const allowance = allowanceFor(config, namespace);
  return allowance === 'unrestricted' || allowance?.allowAdoption === true;
}

/** A config with no policy file and nothing configured: the safe default. */
export const DEFAULT_TENANCY: TenancyConfig = { singleTenant: false, buckets: [], kmsKeys: [] };

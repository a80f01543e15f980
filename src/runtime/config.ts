// The `run` command's configuration: flags with environment fallbacks, checked once at start.
import { isIP } from 'node:net';
import { LOG_LEVELS, type LogFormat, type LogLevel } from '../observability/logger.js';
import { parseDuration } from './duration.js';

export interface RunConfig {
  kubeconfig?: string;
  /** Namespaces to watch; empty means all. */
  namespaces: string[];
  clusterName: string;
  /** Default region of objects without spec.region. */
  region: string;
  awsEndpointUrl?: string;
  /**
   * Static keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read only with an explicit endpoint
   * (tests, the sandbox); otherwise the SDK's default chain (IRSA, Pod Identity, instance role).
   */
  awsStaticCredentials?: { accessKeyId: string; secretAccessKey: string };
  concurrency: number;
  resyncPeriodMs: number;
  accessDeniedRecheckMs: number;
  /** How often an ECS service rollout in progress is described at first (backing off to 4×). */
  rolloutPollIntervalMs: number;
  leaderElect: boolean;
  leaderElectionNamespace?: string;
  leaderElectionId: string;
  metricsBindAddress: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  tenancyPolicy?: string;
  /** No tenancy confinement (one trusted team per cluster). */
  singleTenant: boolean;
  /** Buckets the default tenancy lets every namespace use under gmsa/<namespace>/. */
  s3Buckets: string[];
  /** KMS keys (as written in kmsKeyId) the default tenancy lets every namespace use. */
  kmsKeys: string[];
  /** AD domains (patterns) the default tenancy lets every namespace discover domain controllers of. */
  directoryDomains: string[];
  /** Domain controller URLs (patterns) the default tenancy lets every namespace name. */
  directoryServers: string[];
  /** DNS servers (`ip` or `ip:port`) for domain controller discovery; empty: the system resolver. */
  directoryDnsServers: string[];
  /** Where the operator runs and as whom: named in the command that opts a namespace in. */
  operatorNamespace: string;
  operatorServiceAccount: string;
  shutdownTimeoutMs: number;
  /** `service.Operation=qps[/burst]` entries, checked by the AWS layer. */
  awsRateLimits: string[];
  /** Fraction of each AWS rate-limit bucket periodic re-checks may use (0 < share ≤ 1). */
  awsBackgroundShare: number;
}

/** One flag: its name, environment fallback, default and help. */
export interface FlagSpec {
  flag: string;
  env: string;
  help: string;
  default?: string;
  repeatable?: boolean;
  boolean?: boolean;
  /** `run` refuses to start (exit 2) without it: there is no default. */
  required?: true;
}

/** Every flag of `run`. Environment variables are read when the flag is absent. */
export const RUN_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'kubeconfig',
    env: 'KUBECONFIG',
    help: 'kubeconfig file, or a KUBECONFIG list (default: the pod service account, then ~/.kube/config); exec plugins such as aws eks get-token work',
  },
  {
    flag: 'namespace',
    env: 'ECSGMSA_NAMESPACES',
    help: 'namespace to watch, repeatable (env: comma-separated; default: all)',
    repeatable: true,
  },
  {
    flag: 'cluster-name',
    env: 'ECSGMSA_CLUSTER_NAME',
    help: 'cluster name written into ownership tags',
    default: 'default',
  },
  { flag: 'region', env: 'AWS_REGION', help: 'default AWS region of objects without spec.region', required: true },
  { flag: 'aws-endpoint-url', env: 'AWS_ENDPOINT_URL', help: 'one endpoint for every AWS service (testing)' },
  { flag: 'concurrency', env: 'ECSGMSA_CONCURRENCY', help: 'reconciles at once per controller', default: '4' },
  {
    flag: 'resync-period',
    env: 'ECSGMSA_RESYNC_PERIOD',
    help: 're-check every object this often, or less often when the re-checks would use more than --aws-background-share of an AWS API',
    default: '10m',
  },
  {
    flag: 'access-denied-recheck',
    env: 'ECSGMSA_ACCESS_DENIED_RECHECK',
    help: 're-check objects stalled on AccessDenied this often',
    default: '5m',
  },
  {
    flag: 'rollout-poll-interval',
    env: 'ECSGMSA_ROLLOUT_POLL_INTERVAL',
    help: 'describe ECS services whose rollout is in progress this often at first, backing off to 4x (only while one is in progress)',
    default: '15s',
  },
  {
    flag: 'leader-elect',
    env: 'ECSGMSA_LEADER_ELECT',
    help: 'elect a leader through a Lease (run several replicas)',
    boolean: true,
  },
  {
    flag: 'leader-election-namespace',
    env: 'POD_NAMESPACE',
    help: "namespace of the Lease (default: the pod's namespace)",
  },
  {
    flag: 'leader-election-id',
    env: 'ECSGMSA_LEADER_ELECTION_ID',
    help: 'name of the Lease',
    default: 'ecs-gmsa-operator',
  },
  {
    flag: 'metrics-bind-address',
    env: 'ECSGMSA_METRICS_BIND_ADDRESS',
    help: 'address of /metrics, /healthz and /readyz ("0" disables)',
    default: ':8080',
  },
  { flag: 'log-level', env: 'ECSGMSA_LOG_LEVEL', help: 'error | warn | info | debug', default: 'info' },
  { flag: 'log-format', env: 'ECSGMSA_LOG_FORMAT', help: 'json | text', default: 'json' },
  {
    flag: 'tenancy-policy',
    env: 'ECSGMSA_TENANCY_POLICY',
    help: 'tenancy policy file (default: each namespace confined to names derived from its own, no host access)',
  },
  {
    flag: 'single-tenant',
    env: 'ECSGMSA_SINGLE_TENANT',
    help: 'no tenancy confinement at all: only for a cluster whose namespaces all belong to one trusted team',
    boolean: true,
  },
  {
    flag: 's3-bucket',
    env: 'ECSGMSA_S3_BUCKETS',
    help: 'S3 bucket every namespace may store CredSpecs in under gmsa/<namespace>/, repeatable',
    repeatable: true,
  },
  {
    flag: 'kms-key',
    env: 'ECSGMSA_KMS_KEYS',
    help: 'KMS key id or key ARN every namespace may name in kmsKeyId, as written there, repeatable',
    repeatable: true,
  },
  {
    flag: 'directory-domain',
    env: 'ECSGMSA_DIRECTORY_DOMAINS',
    help: 'AD domain (pattern) every namespace may point spec.directory at for DNS SRV discovery, repeatable (default: none)',
    repeatable: true,
  },
  {
    flag: 'directory-server',
    env: 'ECSGMSA_DIRECTORY_SERVERS',
    help: 'domain controller URL (pattern, ldaps://host[:port] or ldap://host[:port]) every namespace may name in spec.directory.servers, repeatable (default: none)',
    repeatable: true,
  },
  {
    flag: 'directory-dns-server',
    env: 'ECSGMSA_DIRECTORY_DNS_SERVERS',
    help: "DNS server (ip or ip:port) that answers the AD domains' SRV and host records, repeatable (default: the system resolver)",
    repeatable: true,
  },
  {
    flag: 'operator-service-account',
    env: 'ECSGMSA_SERVICE_ACCOUNT',
    help: "the operator's ServiceAccount, named in the command that opts a namespace in",
    default: 'ecs-gmsa-operator',
  },
  {
    flag: 'shutdown-timeout',
    env: 'ECSGMSA_SHUTDOWN_TIMEOUT',
    help: 'time in-flight reconciles get to finish on SIGTERM',
    default: '30s',
  },
  {
    flag: 'aws-rate-limit',
    env: 'ECSGMSA_AWS_RATE_LIMITS',
    help: 'client-side AWS rate limit, repeatable: service.Operation=qps[/burst]',
    repeatable: true,
  },
  {
    flag: 'aws-background-share',
    env: 'ECSGMSA_AWS_BACKGROUND_SHARE',
    help: "share of each AWS API's rate limit the periodic re-checks may use, in percent (1-100); with many objects the re-checks slow down instead",
    default: '10%',
  },
];

export type RawFlags = Record<string, string | string[] | boolean | undefined>;

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The value of a flag: command line, then environment, then default. */
function resolve(
  spec: FlagSpec,
  raw: RawFlags,
  env: Readonly<Record<string, string | undefined>>,
): string | string[] | boolean | undefined {
  const given = raw[camel(spec.flag)];
  if (given !== undefined && !(Array.isArray(given) && given.length === 0)) return given;
  const fromEnv = env[spec.env];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (spec.boolean) return fromEnv === 'true' || fromEnv === '1';
    return spec.repeatable
      ? fromEnv
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : fromEnv;
  }
  return spec.boolean ? false : spec.default;
}

interface Parsed {
  errors: string[];
  value(flag: string): string | undefined;
  list(flag: string): string[];
  flag(flag: string): boolean;
  duration(flag: string): number;
  positiveInt(flag: string): number;
  percent(flag: string): number;
}

function parser(raw: RawFlags, env: Readonly<Record<string, string | undefined>>): Parsed {
  const errors: string[] = [];
  const get = (flag: string): string | string[] | boolean | undefined => {
    const spec = RUN_FLAGS.find((f) => f.flag === flag);
    if (!spec) throw new Error(`unknown flag ${flag}`);
    return resolve(spec, raw, env);
  };
  const value = (flag: string): string | undefined => {
    const v = get(flag);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    errors,
    value,
    list: (flag) => {
      const v = get(flag);
      return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    },
    flag: (flag) => get(flag) === true,
    duration: (flag) => {
      const ms = parseDuration(value(flag) ?? '');
      if (ms === undefined || ms <= 0)
        errors.push(`--${flag}: "${value(flag) ?? ''}" is not a positive duration such as 30s, 10m or 1h`);
      return ms ?? 0;
    },
    percent: (flag) => {
      const text = value(flag) ?? '';
      const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
      const n = match ? Number(match[1]) : NaN;
      if (!(n >= 1 && n <= 100)) errors.push(`--${flag}: "${text}" is not a percentage from 1 to 100, such as 10%`);
      return n / 100;
    },
    positiveInt: (flag) => {
      const n = Number(value(flag));
      if (!Number.isInteger(n) || n < 1) errors.push(`--${flag}: "${value(flag) ?? ''}" is not a positive integer`);
      return n;
    },
  };
}

function oneOf<T extends string>(p: Parsed, flag: string, allowed: readonly T[]): T {
  const v = p.value(flag) ?? '';
  if (!(allowed as readonly string[]).includes(v))
    p.errors.push(`--${flag}: "${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function staticCredentials(
  endpoint: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Pick<RunConfig, 'awsStaticCredentials'> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return endpoint && accessKeyId && secretAccessKey ? { awsStaticCredentials: { accessKeyId, secretAccessKey } } : {};
}

function validPort(text: string | undefined): boolean {
  return text === undefined || (/^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535);
}

/** `ip`, `ip:port` or `[ipv6]:port`, as Node's Resolver#setServers takes them. */
export function isDnsServer(text: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return isIP(bracketed[1] ?? '') === 6 && validPort(bracketed[2]);
  if (isIP(text) !== 0) return true;
  const colon = text.lastIndexOf(':');
  return colon > 0 && isIP(text.slice(0, colon)) === 4 && validPort(text.slice(colon + 1));
}

/** Flags that are fine alone but not together, or missing ones. */
function combinationErrors(config: RunConfig): string[] {
  const errors: string[] = [];
  if (!config.region)
    errors.push('--region: required (or AWS_REGION): the default region of objects without spec.region');
  if (config.singleTenant && config.tenancyPolicy)
    errors.push('--single-tenant: conflicts with --tenancy-policy (a single-tenant cluster needs no policy)');
  if (config.leaderElect && !config.leaderElectionNamespace)
    errors.push('--leader-election-namespace: required with --leader-elect outside a pod (POD_NAMESPACE is not set)');
  for (const server of config.directoryDnsServers)
    if (!isDnsServer(server))
      errors.push(
        `--directory-dns-server: "${server}" is not an IP address with an optional port (10.0.0.2, 10.0.0.2:53, [fd00::2]:53)`,
      );
  return errors;
}

/** Parses and checks every flag; `errors` lists each problem with its flag. */
export function parseRunConfig(
  raw: RawFlags,
  env: Readonly<Record<string, string | undefined>>,
): { config?: RunConfig; errors: string[] } {
  const p = parser(raw, env);
  const config: RunConfig = {
    ...optional('kubeconfig', p.value('kubeconfig')),
    namespaces: p.list('namespace'),
    clusterName: p.value('cluster-name') ?? 'default',
    region: p.value('region') ?? '',
    ...optional('awsEndpointUrl', p.value('aws-endpoint-url')),
    ...staticCredentials(p.value('aws-endpoint-url'), env),
    concurrency: p.positiveInt('concurrency'),
    resyncPeriodMs: p.duration('resync-period'),
    accessDeniedRecheckMs: p.duration('access-denied-recheck'),
    rolloutPollIntervalMs: p.duration('rollout-poll-interval'),
    leaderElect: p.flag('leader-elect'),
    ...optional('leaderElectionNamespace', p.value('leader-election-namespace')),
    leaderElectionId: p.value('leader-election-id') ?? 'ecs-gmsa-operator',
    metricsBindAddress: p.value('metrics-bind-address') ?? ':8080',
    logLevel: oneOf(p, 'log-level', LOG_LEVELS),
    logFormat: oneOf(p, 'log-format', ['json', 'text'] as const),
    ...optional('tenancyPolicy', p.value('tenancy-policy')),
    singleTenant: p.flag('single-tenant'),
    s3Buckets: p.list('s3-bucket'),
    kmsKeys: p.list('kms-key'),
    directoryDomains: p.list('directory-domain'),
    directoryServers: p.list('directory-server'),
    directoryDnsServers: p.list('directory-dns-server'),
    operatorNamespace: p.value('leader-election-namespace') ?? 'ecs-gmsa-operator',
    operatorServiceAccount: p.value('operator-service-account') ?? 'ecs-gmsa-operator',
    shutdownTimeoutMs: p.duration('shutdown-timeout'),
    awsRateLimits: p.list('aws-rate-limit'),
    awsBackgroundShare: p.percent('aws-background-share'),
  };
  const errors = [...p.errors, ...combinationErrors(config)];
  return errors.length > 0 ? { errors } : { config, errors: [] };
}

// How the operator reaches the API server: the pod's service account, or a kubeconfig file.
//
// Why not always client-node's KubeConfig: importing @kubernetes/client-node loads its whole
// generated API (~27 MB of heap, ~50 MB of RSS) for the two methods we call. The common cases
// (in-cluster, client certificates, bearer tokens) are read here; anything else a kubeconfig can
// say (exec plugins such as `aws eks get-token`, auth providers, proxies, merged KUBECONFIG lists)
// is handed to client-node, loaded only then.
import { existsSync, readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

/**
 * What KubeHttp needs: the server, and TLS material plus credentials for one request.
 * Shaped like client-node's KubeConfig so that one satisfies it too.
 */
export interface KubeAccess {
  getCurrentCluster(): { server: string } | null;
  applyToHTTPSOptions(options: RequestOptions): Promise<void>;
}

/** Where a pod's service account credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Token files (projected service account tokens) rotate; re-read them this often, as client-go does. */
const TOKEN_FILE_TTL_MS = 60_000;

/** A bearer token read from a file, cached for a minute. */
class TokenFile {
  private token = '';
  private readAt = -Infinity;
  constructor(
    private readonly path: string,
    private readonly now: () => number,
  ) {}
  get(): string {
    if (this.now() - this.readAt >= TOKEN_FILE_TTL_MS) {
      this.token = readFileSync(this.path, 'utf8').trim();
      this.readAt = this.now();
    }
    return this.token;
  }
}

interface Credentials {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  serverName?: string;
  token?: string;
  tokenFile?: TokenFile;
}

/** Access from credentials already read (TLS material loaded once; a token file re-read each minute). */
class StaticAccess implements KubeAccess {
  constructor(private readonly c: Credentials) {}
  getCurrentCluster(): { server: string } {
    return { server: this.c.server };
  }
  applyToHTTPSOptions(options: RequestOptions): Promise<void> {
    const { c } = this;
    if (c.ca) options.ca = c.ca;
    if (c.cert) options.cert = c.cert;
    if (c.key) options.key = c.key;
    if (c.insecure) options.rejectUnauthorized = false;
    if (c.serverName) options.servername = c.serverName;
    const token = c.tokenFile ? c.tokenFile.get() : c.token;
    if (token) options.headers = { ...options.headers, authorization: `Bearer ${token}` };
    return Promise.resolve();
  }
}

/** The in-cluster service account, or undefined outside a pod. */
export function inClusterAccess(
  env: NodeJS.ProcessEnv = process.env,
  dir = SERVICE_ACCOUNT_DIR,
  now: () => number = Date.now,
): KubeAccess | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(join(dir, 'token'))) return undefined;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new StaticAccess({
    server,
    ca: readFileSync(join(dir, 'ca.crt')),
    tokenFile: new TokenFile(join(dir, 'token'), now),
  });
}

type Named<T> = { name?: string } & T;
interface KubeconfigDocument {
  'current-context'?: string;
  contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
}

/** Cluster and user fields read here; a kubeconfig using any other goes to client-node. */
const CLUSTER_FIELDS = new Set([
  'server',
  'certificate-authority',
  'certificate-authority-data',
  'insecure-skip-tls-verify',
  'tls-server-name',
  'extensions',
]);
const USER_FIELDS = new Set([
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'extensions',
]);

/** A kubeconfig that cannot be used, naming the file and what is wrong. */
export class KubeconfigError extends Error {
  constructor(path: string, problem: string) {
    super(`kubeconfig ${path}: ${problem}`);
    this.name = 'KubeconfigError';
  }
}

function entry<T>(list: Named<T>[] | undefined, name: string | undefined, what: string, path: string): T {
  const found = (list ?? []).find((e) => e.name === name);
  if (!found) throw new KubeconfigError(path, `${what} "${name ?? ''}" is not defined`);
  return found;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Inline base64 data, or a file path relative to the kubeconfig's directory. */
function material(fields: Record<string, unknown>, name: string, base: string): Buffer | undefined {
  const data = str(fields[`${name}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const file = str(fields[name]);
  return file ? readFileSync(relative(base, file)) : undefined;
}

/** A path in a kubeconfig: relative ones are relative to the kubeconfig's directory, as in kubectl. */
function relative(base: string, file: string): string {
  return isAbsolute(file) ? file : join(base, file);
}

/** The current context's cluster and user entries. */
function currentEntries(
  doc: KubeconfigDocument,
  path: string,
): { clusterName: string; cluster: Record<string, unknown>; user: Record<string, unknown> } {
  const contextName = doc['current-context'];
  if (!contextName) throw new KubeconfigError(path, 'no current-context is set');
  const context = entry(doc.contexts, contextName, 'context', path).context ?? {};
  const cluster = entry(doc.clusters, context.cluster, 'cluster', path).cluster ?? {};
  const user = context.user === undefined ? {} : (entry(doc.users, context.user, 'user', path).user ?? {});
  return { clusterName: context.cluster ?? '', cluster, user };
}

/** TLS settings of a cluster and certificate pair of a user (files relative to the kubeconfig). */
function tlsFields(
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  base: string,
): Omit<Credentials, 'server'> {
  const found: Omit<Credentials, 'server'> = {
    ca: material(cluster, 'certificate-authority', base),
    cert: material(user, 'client-certificate', base),
    key: material(user, 'client-key', base),
    serverName: str(cluster['tls-server-name']),
  };
  const tls = Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) as Omit<
    Credentials,
    'server'
  >;
  return cluster['insecure-skip-tls-verify'] === true ? { ...tls, insecure: true } : tls;
}

/** The current context's credentials, or undefined when they use a feature only client-node reads. */
function credentialsFromDocument(doc: KubeconfigDocument, path: string, now: () => number): Credentials | undefined {
  const { clusterName, cluster, user } = currentEntries(doc, path);
  if (Object.keys(cluster).some((k) => !CLUSTER_FIELDS.has(k)) || Object.keys(user).some((k) => !USER_FIELDS.has(k)))
    return undefined;
  const server = str(cluster.server);
  if (!server) throw new KubeconfigError(path, `cluster "${clusterName}" has no server`);
  const base = dirname(path);
  const creds: Credentials = { server, ...tlsFields(cluster, user, base) };
  const tokenFile = str(user.tokenFile);
  const token = str(user.token);
  if (tokenFile) creds.tokenFile = new TokenFile(relative(base, tokenFile), now);
  else if (token) creds.token = token;
  return creds;
}

/** Hands a kubeconfig to client-node (exec plugins, auth providers, proxies, merged lists). */
async function clientNodeAccess(path: string): Promise<KubeAccess> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const [first = '', ...rest] = path.split(delimiter).filter((file) => file);
  const kc = new KubeConfig();
  kc.loadFromFile(first);
  for (const file of rest) {
    const more = new KubeConfig();
    more.loadFromFile(file);
    kc.mergeConfig(more, Boolean(kc.getCurrentContext())); // kubectl: the first file that sets current-context wins
  }
  if (!kc.getCurrentCluster()) throw new KubeconfigError(path, 'no current cluster');
  return kc;
}

/** Access from one kubeconfig file (or a KUBECONFIG list, merged by client-node). */
export async function kubeconfigAccess(path: string, now: () => number = Date.now): Promise<KubeAccess> {
  if (path.includes(delimiter)) return clientNodeAccess(path);
  let doc: KubeconfigDocument;
  try {
    doc = (parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigDocument;
  } catch (err: unknown) {
    throw new KubeconfigError(path, err instanceof Error ? err.message : String(err));
  }
  const creds = credentialsFromDocument(doc, path, now);
  return creds ? new StaticAccess(creds) : clientNodeAccess(path);
}

/** `--kubeconfig`/KUBECONFIG if given, else the pod's service account, else ~/.kube/config. */
export async function loadKubeAccess(
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KubeAccess> {
  if (path) return kubeconfigAccess(path);
  const inCluster = inClusterAccess(env);
  if (inCluster) return inCluster;
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return kubeconfigAccess(home);
  throw new Error(
    'no Kubernetes credentials: not in a pod (no service account token), no --kubeconfig or KUBECONFIG, and no ~/.kube/config',
  );
}

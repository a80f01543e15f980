// Test helpers over the real API server: install our CRDs, fresh namespaces, create and wait.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { isStatus } from '../../src/kube/errors.js';
import type { KubeHttp } from '../../src/kube/http.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err: unknown) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates or replaces a cluster-scoped CRD and waits until it is Established. */
export async function applyCrd(http: KubeHttp, crd: { metadata: { name: string } }): Promise<void> {
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  try {
    await http.request({ method: 'POST', path, body: crd });
  } catch (err: unknown) {
    if (!isStatus(err, 409)) throw err;
    const current = await http.request<{ metadata: { resourceVersion: string } }>({
      method: 'GET',
      path: `${path}/${crd.metadata.name}`,
    });
    await http.request({
      method: 'PUT',
      path: `${path}/${crd.metadata.name}`,
      body: { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion } },
    });
  }
  await eventually(
    async () => {
      const got = await http.request<{ status?: { conditions?: { type: string; status: string }[] } }>({
        method: 'GET',
        path: `${path}/${crd.metadata.name}`,
      });
      return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    },
    30_000,
    `CRD ${crd.metadata.name} Established`,
  );
}

/** The committed CRDs of crds/. */
export function ourCrds(): { metadata: { name: string } }[] {
  const dir = join(root, 'crds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(join(dir, f), 'utf8')) as { metadata: { name: string } });
}

/** Installs crds/ and waits for each to be Established. */
export async function installOurCrds(http: KubeHttp): Promise<void> {
  for (const crd of ourCrds()) await applyCrd(http, crd);
}

/** A new namespace named `<prefix>-<random>` (namespaces never finish deleting without a controller-manager). */
export async function freshNamespace(http: KubeHttp, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await http.request({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  return name;
}

/** Creates a domainless AD user's credentials Secret (`username`, `password`, `domainName` contoso.com). */
export async function createAdUserSecret(
  http: KubeHttp,
  target: { namespace: string; name: string },
  user: { username: string; password: string },
): Promise<void> {
  await http.request({
    method: 'POST',
    path: `/api/v1/namespaces/${target.namespace}/secrets`,
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: target.name, namespace: target.namespace },
      stringData: { ...user, domainName: 'contoso.com' },
    },
  });
}

/** The REST collection path of a manifest's kind (ours and the core kinds tests use). */
export function pathFor(obj: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string {
  const plural = `${obj.kind.toLowerCase()}s`;
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  return obj.metadata.namespace ? `${base}/namespaces/${obj.metadata.namespace}/${plural}` : `${base}/${plural}`;
}

/** Creates a manifest with strict server-side field validation, as `kubectl apply` does by default. */
export async function create<T>(
  http: KubeHttp,
  obj: { apiVersion: string; kind: string; metadata: { namespace?: string; name?: string }; [field: string]: unknown },
): Promise<T> {
  return http.request<T>({ method: 'POST', path: pathFor(obj), query: { fieldValidation: 'Strict' }, body: obj });
}

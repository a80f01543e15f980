import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { inClusterAccess, kubeconfigAccess, loadKubeAccess, type KubeAccess } from '../../../src/kube/access.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'kube-access-'));
}

/** A one-context kubeconfig with the given cluster and user fields, written to a fresh directory. */
function kubeconfig(
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  where = dir(),
): string {
  const path = join(where, 'config');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
      ...extra,
    }),
  );
  return path;
}

async function applied(access: KubeAccess): Promise<RequestOptions> {
  const options: RequestOptions = { headers: { 'user-agent': 'test' } };
  await access.applyToHTTPSOptions(options);
  return options;
}

describe('kubeconfig files', () => {
  it('reads inline certificates and keys', async () => {
    const access = await kubeconfigAccess(
      kubeconfig(
        { server: 'https://10.1.2.3:6443', 'certificate-authority-data': b64('CA') },
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
      ),
    );
    const options = await applied(access);
    expect(access.getCurrentCluster()).toStrictEqual({ server: 'https://10.1.2.3:6443' });
    expect([
      options.ca?.toString(),
      options.cert?.toString(),
      (options.key as Buffer | undefined)?.toString(),
    ]).toStrictEqual(['CA', 'CERT', 'KEY']);
    expect(options.headers).toStrictEqual({ 'user-agent': 'test' });
    expect(options.rejectUnauthorized).toBeUndefined();
  });

  it('reads certificate files relative to the kubeconfig, as kubectl does', async () => {
    const where = dir();
    mkdirSync(join(where, 'pki'));
    writeFileSync(join(where, 'pki', 'ca.crt'), 'CA-FILE');
    writeFileSync(join(where, 'pki', 'client.crt'), 'CERT-FILE');
    writeFileSync(join(where, 'pki', 'client.key'), 'KEY-FILE');
    const path = kubeconfig(
      { server: 'https://h:1', 'certificate-authority': 'pki/ca.crt' },
      { 'client-certificate': 'pki/client.crt', 'client-key': join(where, 'pki', 'client.key') },
      {},
      where,
    );
    const options = await applied(await kubeconfigAccess(path));
    expect([
      options.ca?.toString(),
      options.cert?.toString(),
      (options.key as Buffer | undefined)?.toString(),
    ]).toStrictEqual(['CA-FILE', 'CERT-FILE', 'KEY-FILE']);
  });

  it('sends a bearer token, keeping the other headers', async () => {
    const options = await applied(await kubeconfigAccess(kubeconfig({ server: 'https://h:1' }, { token: 's3cr3t' })));
    expect(options.headers).toStrictEqual({ 'user-agent': 'test', authorization: 'Bearer s3cr3t' });
  });

  it('re-reads a token file once a minute (projected tokens rotate)', async () => {
    const where = dir();
    writeFileSync(join(where, 'token'), 'first\n');
    let now = 0;
    const access = await kubeconfigAccess(
      kubeconfig({ server: 'https://h:1' }, { tokenFile: 'token' }, {}, where),
      () => now,
    );
    expect((await applied(access)).headers).toMatchObject({ authorization: 'Bearer first' });
    writeFileSync(join(where, 'token'), 'second\n');
    now = 59_999;
    expect((await applied(access)).headers).toMatchObject({ authorization: 'Bearer first' });
    now = 60_000;
    expect((await applied(access)).headers).toMatchObject({ authorization: 'Bearer second' });
  });

  it('honours insecure-skip-tls-verify and tls-server-name', async () => {
    const options = await applied(
      await kubeconfigAccess(
        kubeconfig(
          { server: 'https://h:1', 'insecure-skip-tls-verify': true, 'tls-server-name': 'kubernetes.default' },
          {},
        ),
      ),
    );
    expect(options).toMatchObject({ rejectUnauthorized: false, servername: 'kubernetes.default' });
  });

  it.each([
    ['no current-context', { 'current-context': '' }, 'no current-context is set'],
    ['an unknown context', { 'current-context': 'other' }, 'context "other" is not defined'],
    [
      'an unknown cluster',
      { contexts: [{ name: 'ctx', context: { cluster: 'nope', user: 'u' } }] },
      'cluster "nope" is not defined',
    ],
    [
      'an unknown user',
      { contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'nobody' } }] },
      'user "nobody" is not defined',
    ],
    ['a cluster without a server', { clusters: [{ name: 'c', cluster: {} }] }, 'cluster "c" has no server'],
  ])('refuses %s with a message naming the file', async (_what, extra, message) => {
    const path = kubeconfig({ server: 'https://h:1' }, {}, extra);
    await expect(kubeconfigAccess(path)).rejects.toThrow(`kubeconfig ${path}: ${message}`);
  });

  it('refuses unparsable YAML with a message naming the file', async () => {
    const path = join(dir(), 'config');
    writeFileSync(path, 'clusters: [unclosed');
    await expect(kubeconfigAccess(path)).rejects.toThrow(`kubeconfig ${path}: `);
  });

  it('hands exec plugins (aws eks get-token) to client-node', async () => {
    const path = kubeconfig(
      { server: 'https://eks.example:443' },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] } },
    );
    const access = await kubeconfigAccess(path);
    expect(access.constructor.name).toBe('KubeConfig');
    expect(access.getCurrentCluster()?.server).toBe('https://eks.example:443');
  });

  it('merges a KUBECONFIG list through client-node; the first file that sets a context wins', async () => {
    const first = kubeconfig({ server: 'https://first:1' }, { token: 'a' });
    const second = kubeconfig(
      { server: 'https://second:1' },
      { token: 'b' },
      {
        clusters: [{ name: 'c2', cluster: { server: 'https://second:1' } }],
        users: [{ name: 'u2', user: { token: 'b' } }],
        contexts: [{ name: 'ctx2', context: { cluster: 'c2', user: 'u2' } }],
        'current-context': 'ctx2',
      },
    );
    const access = await kubeconfigAccess(`${first}${delimiter}${second}`);
    expect(access.getCurrentCluster()?.server).toBe('https://first:1');
  });
});

describe('in-cluster service account', () => {
  function serviceAccount(): string {
    const where = dir();
    writeFileSync(join(where, 'token'), 'sa-token\n');
    writeFileSync(join(where, 'ca.crt'), 'CLUSTER-CA');
    return where;
  }

  it('uses the service host, CA and token', async () => {
    const access = inClusterAccess(
      { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccount(),
    ) as KubeAccess;
    const options = await applied(access);
    expect(access.getCurrentCluster()).toStrictEqual({ server: 'https://10.96.0.1:443' });
    expect(options.ca?.toString()).toBe('CLUSTER-CA');
    expect(options.headers).toMatchObject({ authorization: 'Bearer sa-token' });
  });

  it('brackets an IPv6 service host', () => {
    expect(
      inClusterAccess(
        { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
        serviceAccount(),
      )?.getCurrentCluster(),
    ).toStrictEqual({ server: 'https://[fd00::1]:443' });
  });

  it.each([
    ['no service host', { KUBERNETES_SERVICE_PORT: '443' }],
    ['no service port', { KUBERNETES_SERVICE_HOST: '10.96.0.1' }],
  ])('is not used with %s', (_what, env) => {
    expect(inClusterAccess(env, serviceAccount())).toBeUndefined();
  });

  it('is not used without a mounted token', () => {
    expect(
      inClusterAccess({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, dir()),
    ).toBeUndefined();
  });
});

describe('choosing credentials', () => {
  it('prefers an explicit kubeconfig', async () => {
    const path = kubeconfig({ server: 'https://explicit:1' }, {});
    expect((await loadKubeAccess(path, { HOME: dir() })).getCurrentCluster()?.server).toBe('https://explicit:1');
  });

  it('falls back to ~/.kube/config outside a pod', async () => {
    const home = dir();
    mkdirSync(join(home, '.kube'));
    kubeconfig({ server: 'https://home:1' }, {}, {}, join(home, '.kube'));
    expect((await loadKubeAccess(undefined, { HOME: home })).getCurrentCluster()?.server).toBe('https://home:1');
  });

  it('says what it looked for when nothing is there', async () => {
    await expect(loadKubeAccess(undefined, { HOME: dir() })).rejects.toThrow(
      'no Kubernetes credentials: not in a pod (no service account token), no --kubeconfig or KUBECONFIG, and no ~/.kube/config',
    );
  });
});

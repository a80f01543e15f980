// How much LDAP traffic spec.directory costs, counted by the operator's own /metrics (an operator of this file
// watching only its namespace, so no other test's objects are counted): one verification per resync period,
// none between resyncs, none for a namespace pointing at a domain or controller the tenancy does not allow.
import { createServer, type Server } from 'node:net';
import { SambaFixtures, type SambaObject, type SambaUser } from '../../../devenv/sambaFixtures.js';
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { testSamba } from '../../support/directory.js';
import {
  conditionOf,
  counterValue,
  createCaConfigMap,
  createSecret,
  credSpecPath,
  directoryCredSpec,
  directoryFlags,
  getCr,
  ldapCounts,
  untilReady,
} from '../../support/directoryOperator.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { opsGet } from '../../support/operatorProcess.js';

const samba = testSamba();
const RESYNC_MS = 5_000;
/** One verification over LDAPS: bind, 3 searches for the domain, 2 for the user's groups, 1 per gMSA, 1 for the names in its descriptor, unbind. */
const ONE_VERIFICATION = { startTLS: 0, bind: 1, search: 7, unbind: 1 };
let http: KubeHttp;
let op: RunningOperator;
let fx: SambaFixtures;
let ns: string;
let user: SambaUser;
let gmsa: SambaObject;

const ldapOnly = async (): Promise<Record<string, number>> => {
  const { verifications: _ignored, ...ops } = await ldapCounts(op.port);
  return ops;
};

async function kubeWrites(): Promise<number> {
  return counterValue((await opsGet(op.port, '/metrics'))?.text ?? '', 'ecsgmsa_kubernetes_writes_total');
}

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  fx = await SambaFixtures.connect(samba);
  user = await fx.createUser();
  gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
  ns = await freshNamespace(http, 'dirsteady');
  await createCaConfigMap(http, samba, ns);
  await createSecret(http, ns, 'ad-user', { username: user.name, password: user.password, domainName: samba.dnsName });
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--namespace', ns, '--resync-period', `${RESYNC_MS / 1000}s`, ...directoryFlags(samba)],
  });
}, 120_000);

afterAll(async () => {
  await op?.stop();
  await fx?.close();
});

async function requestReconcile(name: string, token: string): Promise<void> {
  await http.request({
    method: 'PATCH',
    path: credSpecPath(ns, name),
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations: { 'ecsgmsa.io/reconcile-requested-at': token } } },
  });
  await eventually(
    async () => ((await getCr(http, ns, name)).status?.lastHandledReconcileAt === token ? true : undefined),
    10_000,
    `reconcile ${token} handled`,
  );
}

async function deleteAndWait(name: string): Promise<void> {
  await http.request({ method: 'DELETE', path: credSpecPath(ns, name) });
  await eventually(
    async () =>
      (await getCr(http, ns, name).then(
        () => false,
        () => true,
      )) || undefined,
    20_000,
    `${name} deleted`,
  );
}

describe('LDAP traffic of spec.directory', () => {
  it('one verification to become Ready, none for reconciles within the resync period, one per resync, no Kubernetes write for it', async () => {
    const started = Date.now();
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    await untilReady(http, ns, 'web', 'Ready');
    const readyAfterMs = Date.now() - started;
    expect(await ldapOnly()).toEqual(ONE_VERIFICATION);
    expect((await ldapCounts(op.port)).verifications.verified).toBe(1);

    // Two reconciles on request within the period: answered from the memo.
    await requestReconcile('web', 'one');
    await requestReconcile('web', 'two');
    const between = await ldapCounts(op.port);
    expect({ ...between, verifications: undefined }).toEqual({ ...ONE_VERIFICATION, verifications: undefined });
    expect(between.verifications.remembered).toBeGreaterThanOrEqual(2);

    // The resync re-verifies once, and writes nothing to Kubernetes when AD still says the same.
    const writes = await kubeWrites();
    const waitStart = Date.now();
    await eventually(
      async () => ((await ldapCounts(op.port)).verifications.verified >= 2 ? true : undefined),
      RESYNC_MS * 3,
      'the resync verification',
    );
    const resyncAfterMs = Date.now() - waitStart;
    expect(await ldapOnly()).toEqual({ startTLS: 0, bind: 2, search: 14, unbind: 2 });
    expect(await kubeWrites()).toBe(writes);
    expect(resyncAfterMs).toBeLessThan(RESYNC_MS * 2);
    process.stdout.write(
      `[directory] Ready after ${readyAfterMs} ms; resync verification ${resyncAfterMs} ms after the reconcile requests\n`,
    );
    await deleteAndWait('web');
  });

  it('StartTLS through DNS SRV: the same verification after one StartTLS on port 389', async () => {
    const before = await ldapOnly();
    await create(
      http,
      directoryCredSpec(ns, 'tls', {
        account: gmsa.name,
        secret: 'ad-user',
        directory: { transport: 'StartTLS', caBundle: { configMapRef: { name: 'corp-ca' } } },
      }),
    );
    const cr = await untilReady(http, ns, 'tls', 'Ready');
    expect(conditionOf(cr, 'DirectoryVerified')?.message).toContain(
      `as ldap://${samba.dcHostName}:389 (${samba.ip}) reports it`,
    );
    const after = await ldapOnly();
    expect(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]))).toEqual({
      ...ONE_VERIFICATION,
      startTLS: 1,
    });
    await deleteAndWait('tls');
  });
});

describe('tenancy: a namespace cannot point the operator at a domain or controller it is not allowed', () => {
  let probe: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    probe = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => probe.close(resolve));
  });

  it('refuses DNS SRV discovery of another domain and a URL outside the allowance, before any connection', async () => {
    const before = await ldapCounts(op.port);
    const cases = [
      {
        name: 'elsewhere',
        domain: { dnsName: 'other.example.com' },
        directory: { caBundle: { configMapRef: { name: 'corp-ca' } } },
        message: `spec.directory: DNS SRV discovery of the domain controllers of "other.example.com" is not permitted for namespace "${ns}" by the tenancy policy (allowed: corp.example.com)`,
      },
      {
        name: 'probehost',
        domain: {},
        directory: { servers: [{ url: `ldaps://127.0.0.1:${port}` }] },
        message: `spec.directory.servers[0].url: domain controller "ldaps://127.0.0.1:${port}" is not permitted for namespace "${ns}" by the tenancy policy (allowed: ldaps://127.77.*.*:636)`,
      },
      {
        name: 'otherport',
        domain: {},
        directory: { servers: [{ url: `ldaps://${samba.ip}:3269` }] },
        message: `spec.directory.servers[0].url: domain controller "ldaps://${samba.ip}:3269" is not permitted for namespace "${ns}" by the tenancy policy (allowed: ldaps://127.77.*.*:636)`,
      },
    ];
    for (const c of cases) {
      const manifest = directoryCredSpec(ns, c.name, { account: gmsa.name, secret: 'ad-user', directory: c.directory });
      Object.assign((manifest.spec as { domain: Record<string, string> }).domain, c.domain);
      await create(http, manifest);
    }
    for (const c of cases) {
      const cr = await untilReady(http, ns, c.name, 'NotPermitted');
      expect(conditionOf(cr, 'Ready')?.message).toBe(c.message);
      expect(conditionOf(cr, 'DirectoryVerified')).toMatchObject({
        status: 'Unknown',
        reason: 'DirectoryNotChecked',
        message: `not verified: ${c.message}`,
      });
    }
    const after = await ldapCounts(op.port);
    expect(after).toEqual(before);
    expect(connections).toBe(0);
  });
});

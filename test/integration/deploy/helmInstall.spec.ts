// `helm install` of the chart on a real kube-apiserver, then: the installed objects are the example
// overlay's (same normalization as helmChart.spec.ts); the operator, authenticated as the chart's
// ServiceAccount and started with the Deployment's flags and environment, reconciles objects in an
// opted-in namespace to Ready under the chart's RBAC alone; `helm upgrade` and `helm uninstall` behave.
//
// A private environment (startEnv), not the shared one: the chart's names are fixed (one operator per
// cluster) and rbac.spec.ts installs deploy/base under the same names there; Helm refuses to take over
// objects it did not create, and uninstalling would remove the base's ClusterRoles under that test.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEnv, type TestEnv } from '../../../devenv/index.js';
import { kubeconfigAccess } from '../../../src/kube/access.js';
import { KubeHttp } from '../../../src/kube/http.js';
import { eventually } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { apply, objectPath } from './apply.js';
import { keyDifference, keyOf, normalizeHelm, normalizeKustomize, TENANCY_CHECKSUM } from './chartEquivalence.js';
import { CHART, parseObjects, valuesArgs, type ChartValues } from './helm.js';
import { kustomizeBuild, repoRoot, type KubeObject } from './kustomize.js';
import { runTool } from './tools.js';

const NS = 'ecs-gmsa-operator';
const SA = `system:serviceaccount:${NS}:ecs-gmsa-operator`;
const TENANT = 'payments';
const OTHER = 'not-opted-in';
const GROUP_PATH = '/apis/ecsgmsa.io/v1alpha1';
const VALUES: ChartValues = {
  files: [
    'test/integration/deploy/helm/example-overlay.values.yaml',
    'test/integration/deploy/helm/payments-tenant.values.yaml',
  ],
  setFile: ['tenancy.policy=deploy/overlays/example/tenancy.yaml'],
};
/**
 * Until the operator watches Secrets per opted-in namespace (issue 13), it lists them in every watched
 * namespace; under the chart's RBAC it must then watch the opted-in ones only.
 */

interface Container {
  args: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
}
interface Deployment extends KubeObject {
  metadata: KubeObject['metadata'] & { generation: number };
  spec: { template: { metadata: { annotations: Record<string, string> }; spec: { containers: Container[] } } };
}
interface Condition {
  type: string;
  status: string;
  reason: string;
}
interface Cr extends KubeObject {
  status?: { conditions?: Condition[] };
}

let env: TestEnv;
let admin: KubeHttp;
let asOperator: KubeHttp;
let operatorKubeconfig: string;
let op: RunningOperator | undefined;
let operatorStartedAt: string;
let installOutput: string;

const helm = (args: readonly string[]): Promise<{ stdout: string; stderr: string }> =>
  runTool('helm', [...args, '--kubeconfig', env.kubeconfigPath]);
const manifest = async (): Promise<KubeObject[]> =>
  parseObjects((await helm(['get', 'manifest', 'ecs-gmsa-operator', '-n', NS])).stdout);
const live = (obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<KubeObject> =>
  admin.request<KubeObject>({ method: 'GET', path: objectPath(obj) });

/** What the apiserver and Helm add to a stored object, dropped so stored objects compare as rendered. */
function withoutServerFields(obj: KubeObject): KubeObject {
  const {
    uid: _u,
    resourceVersion: _r,
    creationTimestamp: _c,
    generation: _g,
    managedFields: _m,
    ...metadata
  } = obj.metadata as KubeObject['metadata'] & Record<string, unknown>;
  const annotations = Object.fromEntries(
    Object.entries(metadata.annotations ?? {}).filter(([k]) => !k.startsWith('meta.helm.sh/')),
  );
  const { status: _s, ...rest } = obj;
  return {
    ...rest,
    metadata: { ...metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : { annotations: undefined }) },
  };
}

/** A kubeconfig file for a ServiceAccount token of the private environment. */
function tokenKubeconfig(token: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ecsgmsa-chart-sa-')), 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'env', cluster: { server: env.apiServerUrl, 'certificate-authority': env.caCertPath } }],
    users: [{ name: 'sa', user: { token } }],
    contexts: [{ name: 'sa', context: { cluster: 'env', user: 'sa' } }],
    'current-context': 'sa',
  };
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

/** The operator's SelfSubjectAccessReview answer. */
async function operatorMay(attrs: { verb: string; resource: string; namespace?: string }): Promise<boolean> {
  const review = await asOperator.request<{ status: { allowed: boolean } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { group: '', ...attrs } },
    },
  });
  return review.status.allowed;
}

/** The flags and environment of the installed Deployment's container, as the pod would run them here. */
async function deploymentCommand(policyFile: string): Promise<{ args: string[]; env: Record<string, string> }> {
  const deployment = (await live({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ecs-gmsa-operator', namespace: NS },
  })) as Deployment;
  const container = deployment.spec.template.spec.containers[0]!;
  const args = container.args
    .filter((a) => a !== 'run' && !a.startsWith('--metrics-bind-address')) // startOperator binds a free loopback port
    .map((a) => (a.startsWith('--tenancy-policy=') ? `--tenancy-policy=${policyFile}` : a));
  const vars = container.env.map((e): [string, string] => [
    e.name,
    e.value ?? (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace' ? NS : ''),
  ]);
  return { args, env: Object.fromEntries(vars) };
}

/** Objects in the opted-in namespace that need its Secret (domainless) and its ConfigMaps (localFile), inside the example tenancy policy. */
function tenantWorkload(): KubeObject[] {
  const domain = {
    dnsName: 'contoso.com',
    netBiosName: 'contoso',
    sid: 'S-1-5-21-2554468230-2647958158-2204241789',
    guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
  };
  const gcs = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: TENANT },
    spec: { hostOs: 'Windows', domain, deletionPolicy: 'Delete', ...spec },
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web01-ad-user', namespace: TENANT },
      type: 'Opaque',
      stringData: { username: 'svc-web01', password: 'chart-test-Pa55w0rd', domainName: 'contoso.com' },
    },
    gcs('web01', {
      account: 'Web01',
      storage: { ssm: { parameterName: '/gmsa/payments/web01/credspec' } },
      domainless: {
        credentialsSecretRef: { name: 'web01-ad-user' },
        store: 'SecretsManager',
        name: 'gmsa/payments/web01/ad-user',
        recoveryWindowDays: 0,
      },
    }),
    gcs('intranet01', { account: 'Intranet01', storage: { localFile: { path: 'gmsa\\intranet01.json' } } }),
    {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'EcsGmsaTask',
      metadata: { name: 'web', namespace: TENANT },
      spec: {
        taskDefinition: {
          family: 'payments_web',
          executionRoleArn: 'arn:aws:iam::111122223333:role/shared/ecsTaskExecutionRole',
          requiresCompatibilities: ['EC2'],
          runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
          networkMode: 'awsvpc',
          containerDefinitions: [
            {
              name: 'web',
              image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
              memory: 1024,
              gmsa: { credentialSpecRef: 'web01' },
            },
          ],
        },
      },
    },
  ];
}

async function listCrs(namespace: string): Promise<Cr[]> {
  const lists = await Promise.all(
    ['gmsacredentialspecs', 'ecsgmsatasks'].map((p) =>
      admin.request<{ items: Cr[] }>({ method: 'GET', path: `${GROUP_PATH}/namespaces/${namespace}/${p}` }),
    ),
  );
  return lists.flatMap((l) => l.items);
}

beforeAll(async () => {
  env = await startEnv();
  admin = new KubeHttp(env.kubeConfig());
  for (const name of [TENANT, OTHER]) await apply(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  installOutput = (
    await helm([
      'install',
      'ecs-gmsa-operator',
      join(repoRoot, CHART),
      '--namespace',
      NS,
      '--create-namespace',
      ...valuesArgs(VALUES),
    ])
  ).stdout;
  const token = await admin.request<{ status: { token: string } }>({
    method: 'POST',
    path: `/api/v1/namespaces/${NS}/serviceaccounts/ecs-gmsa-operator/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  operatorKubeconfig = tokenKubeconfig(token.status.token);
  asOperator = new KubeHttp(await kubeconfigAccess(operatorKubeconfig));
}, 300_000);

afterAll(async () => {
  await op?.stop();
  await env?.stop();
});

describe('helm install onto the real apiserver', () => {
  it('stores the objects of deploy/overlays/example, as the apiserver stores them (docs/helm.md lists what may differ)', async () => {
    const installed = await Promise.all((await manifest()).map(async (o) => withoutServerFields(await live(o))));
    const crds = await Promise.all(
      ['gmsacredentialspecs.ecsgmsa.io', 'ecsgmsatasks.ecsgmsa.io'].map(async (name) =>
        withoutServerFields(
          await live({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name } }),
        ),
      ),
    );
    const helmSide = normalizeHelm([...installed, ...crds]);
    // The kustomize side as the apiserver would store it: each object dry-run onto the installed one.
    const kustomize = normalizeKustomize(await kustomizeBuild('deploy/overlays/example'));
    // Both opt the tenant namespace in (tenantNamespaces / the overlay's tenant-namespaces.yaml).
    expect(keyDifference(helmSide, kustomize)).toStrictEqual({ onlyInHelm: [], onlyInKustomize: [] });
    for (const [key, obj] of kustomize) {
      const current = (await live(obj)) as KubeObject & { metadata: { resourceVersion: string } };
      const asStored = await admin.request<KubeObject>({
        method: 'PUT',
        path: objectPath(obj),
        query: { dryRun: 'All', fieldValidation: 'Strict' },
        body: { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } },
      });
      const [normalized] = normalizeKustomize([withoutServerFields(asStored)]).values();
      expect({ key, obj: helmSide.get(key) }).toStrictEqual({ key, obj: normalized });
    }
  });

  it('binds the tenant ClusterRole in the opted-in namespace only: the ServiceAccount reads Secrets and writes ConfigMaps there, nowhere else', async () => {
    const cases: [Parameters<typeof operatorMay>[0], boolean][] = [
      [{ verb: 'get', resource: 'secrets', namespace: TENANT }, true],
      [{ verb: 'watch', resource: 'secrets', namespace: TENANT }, true],
      [{ verb: 'create', resource: 'configmaps', namespace: TENANT }, true],
      [{ verb: 'get', resource: 'secrets', namespace: OTHER }, false],
      [{ verb: 'create', resource: 'configmaps', namespace: OTHER }, false],
      [{ verb: 'list', resource: 'secrets' }, false],
      [{ verb: 'create', resource: 'configmaps', namespace: 'kube-system' }, false],
      [{ verb: 'create', resource: 'secrets', namespace: TENANT }, false],
    ];
    const answers = await Promise.all(cases.map(async ([attrs]) => [attrs, await operatorMay(attrs)] as const));
    expect(answers).toStrictEqual(cases);
  });

  it('prints the opt-in command in its notes, and that command opts a namespace in', async () => {
    const command =
      /kubectl create rolebinding (\S+) -n <namespace> \\\s+--clusterrole=(\S+) \\\s+--serviceaccount=(\S+):(\S+)/.exec(
        installOutput,
      );
    expect(command?.slice(1)).toStrictEqual([
      'ecs-gmsa-operator-tenant',
      'ecs-gmsa-operator-tenant',
      NS,
      'ecs-gmsa-operator',
    ]);
    const [, name = '', clusterRole = '', saNamespace = '', saName = ''] = command ?? [];
    const late = `${OTHER}-late`;
    await apply(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: late } });
    expect(await operatorMay({ verb: 'get', resource: 'secrets', namespace: late })).toBe(false);
    // What `kubectl create rolebinding` sends.
    await apply(admin, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: late },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [{ kind: 'ServiceAccount', name: saName, namespace: saNamespace }],
    });
    await eventually(
      async () => ((await operatorMay({ verb: 'get', resource: 'secrets', namespace: late })) ? true : undefined),
      10_000,
      `Secret access in ${late}`,
    );
  });

  it("runs the operator as the chart's ServiceAccount with the Deployment's flags: every object in the opted-in namespace Ready, no 403", async () => {
    const policy =
      (
        await admin.request<{ data: Record<string, string> }>({
          method: 'GET',
          path: `/api/v1/namespaces/${NS}/configmaps/ecs-gmsa-operator-tenancy`,
        })
      ).data['tenancy.yaml'] ?? '';
    const policyFile = join(mkdtempSync(join(tmpdir(), 'ecsgmsa-chart-policy-')), 'tenancy.yaml');
    writeFileSync(policyFile, policy);
    const command = await deploymentCommand(policyFile);
    expect(command.args).toEqual(
      expect.arrayContaining(['--leader-elect', '--log-format=json', `--tenancy-policy=${policyFile}`]),
    );
    operatorStartedAt = new Date(Date.now() - 1000).toISOString();
    op = await startOperator({
      kubeconfigPath: operatorKubeconfig,
      awsEndpoint: env.awsEndpoint,
      extraArgs: command.args,
      env: command.env,
    });
    for (const obj of tenantWorkload()) await apply(admin, obj);
    const crs = await eventually(
      async () => {
        const all = await listCrs(TENANT);
        return all.length === 3 &&
          all.every((cr) => cr.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
          ? all
          : undefined;
      },
      90_000,
      `every object in ${TENANT} Ready (operator log: ${op.proc.logPath})`,
    ).catch(async (err: unknown) => {
      const states = (await listCrs(TENANT)).map(
        (cr) =>
          `${cr.kind}/${cr.metadata.name}: ${JSON.stringify(cr.status?.conditions?.find((c) => c.type === 'Ready'))}`,
      );
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${states.join('\n')}`);
    });
    expect(crs.map((cr) => `${cr.kind}/${cr.metadata.name}`).sort()).toStrictEqual([
      'EcsGmsaTask/web',
      'GmsaCredentialSpec/intranet01',
      'GmsaCredentialSpec/web01',
    ]);
    const lease = await admin.request<{ spec: { holderIdentity?: string } }>({
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/ecs-gmsa-operator`,
    });
    expect(lease.spec.holderIdentity).toBeTruthy();
    const log = readFileSync(op.proc.logPath, 'utf8');
    expect(
      log.split('\n').filter((line) => /forbidden|"(status|statusCode|code)":\s*"?403\b/i.test(line)),
    ).toStrictEqual([]);
    const denied = readFileSync(env.auditLogPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes(SA))
      .map(
        (l) =>
          JSON.parse(l) as {
            user: { username: string };
            requestReceivedTimestamp: string;
            responseStatus?: { code?: number };
            verb: string;
            objectRef?: { resource?: string };
          },
      )
      .filter(
        (e) =>
          e.user.username === SA && e.requestReceivedTimestamp >= operatorStartedAt && e.responseStatus?.code === 403,
      );
    expect(denied.map((e) => `${e.verb} ${e.objectRef?.resource ?? '?'}`)).toStrictEqual([]);
  });

  it('helm upgrade with the same values changes nothing; a new policy changes the ConfigMap and rolls the pods', async () => {
    const deploymentRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ecs-gmsa-operator', namespace: NS },
    };
    const before = (await live(deploymentRef)) as Deployment;
    await helm(['upgrade', 'ecs-gmsa-operator', join(repoRoot, CHART), '--namespace', NS, ...valuesArgs(VALUES)]);
    expect(((await live(deploymentRef)) as Deployment).metadata.generation).toBe(before.metadata.generation);
    await helm([
      'upgrade',
      'ecs-gmsa-operator',
      join(repoRoot, CHART),
      '--namespace',
      NS,
      ...valuesArgs({ ...VALUES, setFile: [], set: ['tenancy.policy=rules: []'] }),
    ]);
    const after = (await live(deploymentRef)) as Deployment;
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.spec.template.metadata.annotations[TENANCY_CHECKSUM]).not.toBe(
      before.spec.template.metadata.annotations[TENANCY_CHECKSUM],
    );
    const cm = await admin.request<{ data: Record<string, string> }>({
      method: 'GET',
      path: `/api/v1/namespaces/${NS}/configmaps/ecs-gmsa-operator-tenancy`,
    });
    expect(cm.data).toStrictEqual({ 'tenancy.yaml': 'rules: []' });
  });

  it('helm uninstall removes every object it installed and keeps the CRDs (and so the custom resources)', async () => {
    await op?.stop();
    op = undefined;
    const installed = await manifest();
    await helm(['uninstall', 'ecs-gmsa-operator', '--namespace', NS]);
    const left = await Promise.all(
      installed.map((o) =>
        live(o).then(
          () => keyOf(o),
          () => undefined,
        ),
      ),
    );
    expect(left.filter(Boolean)).toStrictEqual([]);
    expect((await listCrs(TENANT)).length).toBe(3);
  });
});

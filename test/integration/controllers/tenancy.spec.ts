// A tenant as the default install sees it: a ServiceAccount that may only edit our resources in its own
// namespace (deploy/base's ecs-gmsa-operator-edit role), against an operator with no tenancy policy.
// Every escalation is refused with NotPermitted naming the field, exactly as `render` refuses it, and the
// operator's AWS identity makes no write for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { KubeHttp } from '../../../src/kube/http.js';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import type { TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { validCredSpec, validTask, type Manifest } from '../../fixtures/manifests.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { httpFor, tokenKubeconfig } from '../../support/identity.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BUCKET = 'tenancy-credspecs';
/** What the operator runs with: no policy file, one bucket. */
const OPERATOR: TenancyConfig = { singleTenant: false, buckets: [BUCKET], kmsKeys: [] };

let admin: KubeHttp;
let tenant: KubeHttp;
let op: RunningOperator;
let ns: string;

interface Obj {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

const plural = (m: Manifest): string => (m.kind === 'EcsGmsaTask' ? 'ecsgmsatasks' : 'gmsacredentialspecs');

/** A ServiceAccount of `namespace` bound to deploy/base's ecs-gmsa-operator-edit there: a namespace editor. */
async function namespaceEditor(namespace: string): Promise<KubeHttp> {
  const roles = parseAllDocuments(readFileSync(join(root, 'deploy/base/user-roles.yaml'), 'utf8')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string } },
  );
  const edit = roles.find((r) => r.metadata.name === 'ecs-gmsa-operator-edit');
  await admin
    .request({ method: 'POST', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', body: edit })
    .catch(() => undefined);
  await admin.request({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/serviceaccounts`,
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'team' } },
  });
  await admin.request({
    method: 'POST',
    path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-edit' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ecs-gmsa-operator-edit' },
      subjects: [{ kind: 'ServiceAccount', name: 'team', namespace }],
    },
  });
  const token = await admin.request<{ status: { token: string } }>({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/serviceaccounts/team/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  return httpFor(tokenKubeconfig(token.status.token, 'team'));
}

beforeAll(async () => {
  await resetAws();
  admin = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(admin);
  ns = await freshNamespace(admin, 'tenant');
  // Watching only the tenant's namespace: other files' objects on this shared apiserver make no calls here.
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--s3-bucket', BUCKET, '--namespace', ns],
  });
  tenant = await namespaceEditor(ns);
  await create(admin, validCredSpec(ns)); // the credspec escalating tasks reference (its secret is absent: it never needs to be Ready)
});

afterAll(async () => {
  await op?.stop();
});

/** The task of example 01 with `mutate` applied to its task definition (or first container). */
function task(
  name: string,
  mutate: (td: Record<string, unknown>, container: Record<string, unknown>) => void,
): Manifest {
  const m = validTask(ns);
  m.metadata.name = name;
  const td = (
    m.spec as { taskDefinition: Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] } }
  ).taskDefinition;
  td.family = `${ns}_${name}`;
  mutate(td, td.containerDefinitions[0] as Record<string, unknown>);
  return m;
}

function credSpec(name: string, mutate: (spec: Record<string, unknown>) => void): Manifest {
  const m = validCredSpec(ns);
  m.metadata.name = name;
  const spec = m.spec as Record<string, unknown>;
  delete spec.domainless;
  mutate(spec);
  return m;
}

const escalations: [string, () => Manifest][] = [
  ['a privileged container', () => task('priv', (_td, c) => (c.privileged = true))],
  ['the host PID namespace', () => task('pid', (td) => (td.pidMode = 'host'))],
  [
    'a host mount of /',
    () =>
      task(
        'hostroot',
        (td, c) => (
          (td.volumes = [{ name: 'root', host: { sourcePath: '/' } }]),
          (c.mountPoints = [{ sourceVolume: 'root', containerPath: '/host' }])
        ),
      ),
  ],
  [
    'an added capability',
    () => task('cap', (_td, c) => (c.linuxParameters = { capabilities: { add: ['SYS_ADMIN'] } })),
  ],
  [
    'an admin execution role',
    () => task('admin', (td) => (td.executionRoleArn = 'arn:aws:iam::123456789012:role/Admin')),
  ],
  [
    'a task role of another team',
    () => task('role', (td) => (td.taskRoleArn = 'arn:aws:iam::123456789012:role/team-b/app')),
  ],
  [
    "another team's AD password as a container secret",
    () =>
      task(
        'steal',
        (_td, c) =>
          (c.secrets = [
            { name: 'PW', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gmsa/team-b/ad-user' },
          ]),
      ),
  ],
  ["another namespace's family", () => task('family', (td) => (td.family = 'team-b_web'))],
  [
    "another namespace's CredSpec parameter",
    () => credSpec('param', (s) => (s.storage = { ssm: { parameterName: '/gmsa/team-b/web' } })),
  ],
  [
    'a bucket the operator is not given',
    () => credSpec('bucket', (s) => (s.storage = { s3: { bucket: 'other-bucket', key: `gmsa/${ns}/x.json` } })),
  ],
  [
    'a KMS key the operator is not given',
    () =>
      credSpec(
        'kms',
        (s) =>
          (s.storage = {
            s3: {
              bucket: BUCKET,
              key: `gmsa/${ns}/k.json`,
              kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
          }),
      ),
  ],
];

async function settled(m: Manifest): Promise<{ reason: string; message: string }> {
  return eventually(
    async () => {
      const o = await admin.request<Obj>({
        method: 'GET',
        path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/${plural(m)}/${m.metadata.name}`,
      });
      const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
      return o.status?.observedGeneration === o.metadata.generation && ready ? ready : undefined;
    },
    30_000,
    `${m.kind} ${m.metadata.name} settled`,
  );
}

/** What `render` says about `m`, with the operator's flags, as the condition message would say it. */
function offlineRefusal(m: Manifest): string {
  const report = renderDocuments(
    [validCredSpec(ns), m].map((value, document) => ({ file: 'f.yaml', document, value })),
    { accountId: '123456789012', region: 'us-east-1', clusterName: 'default', tenancy: OPERATOR },
  );
  return report.errors
    .filter((e) => e.name === m.metadata.name)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
}

describe('a namespace editor under the default install', () => {
  it.each(escalations)('is refused %s: NotPermitted, the same words as render, no AWS write', async (_name, build) => {
    const m = build();
    const mark = op.proxy.calls.length;
    await create(tenant, m);
    const ready = await settled(m);
    expect(ready.reason).toBe('NotPermitted');
    expect(ready.message).toBe(offlineRefusal(m));
    expect(ready.message).toContain(`not permitted for namespace "${ns}"`);
    expect(op.proxy.calls.slice(mark).filter((c) => !/^(Get|Describe|List|Head)/.test(c.operation))).toStrictEqual([]);
  });

  it('cannot write status, so it cannot forge the records deletion acts on', async () => {
    const m = credSpec('forge', (s) => (s.storage = { ssm: { parameterName: `/gmsa/${ns}/forge` } }));
    m.metadata = { ...m.metadata, annotations: { 'ecsgmsa.io/suspend': 'true' } }; // nothing to store
    await create(tenant, m);
    const path = `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs/forge/status`;
    await expect(
      tenant.request({
        method: 'PATCH',
        path,
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            previousLocations: [{ kind: 'ssm', arn: 'x', region: 'us-east-1', parameterName: '/gmsa/team-b/web' }],
          },
        },
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('random denied specs are refused by the operator in exactly the words render uses', async () => {
    const hostile = fc.record({
      family: fc.constantFrom(`${ns}_ok`, 'team-b_x', `${ns}-dash`, `${ns}_*`),
      role: fc.constantFrom(
        `arn:aws:iam::123456789012:role/${ns}/exec`,
        'arn:aws:iam::123456789012:role/Admin',
        `arn:aws:iam::123456789012:role/${ns}/../admin`,
      ),
      valueFrom: fc.constantFrom(`/gmsa/${ns}/db`, '/gmsa/team-b/db', 'arn:aws:s3:::b/k', 'prod-db'),
      privileged: fc.boolean(),
    });
    const samples = fc.sample(hostile, { numRuns: 12, seed: 1130 });
    let denied = 0;
    for (const [i, h] of samples.entries()) {
      const m = task(`rand${i}`, (td, c) => {
        td.family = h.family;
        td.executionRoleArn = h.role;
        c.secrets = [{ name: 'X', valueFrom: h.valueFrom }];
        c.privileged = h.privileged;
      });
      const offline = offlineRefusal(m);
      if (offline === '') continue;
      denied += 1;
      const mark = op.proxy.calls.length;
      await create(tenant, m).catch((err: unknown) => err); // an invalid family is refused by the apiserver itself
      const exists = await admin
        .request({ method: 'GET', path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks/${m.metadata.name}` })
        .then(
          () => true,
          () => false,
        );
      if (!exists) continue;
      const ready = await settled(m);
      expect({ name: m.metadata.name, message: ready.message }).toStrictEqual({
        name: m.metadata.name,
        message: offline,
      });
      expect(op.proxy.calls.slice(mark).filter((c) => !/^(Get|Describe|List|Head)/.test(c.operation))).toStrictEqual(
        [],
      );
    }
    expect(denied).toBeGreaterThan(6);
  });
});

// deploy/base on the real apiserver (RBAC on): installed as kustomize renders it, then the operator runs
// authenticated AS the deploy ServiceAccount and reconciles every example to Ready (the ClusterRole is
// enough), while everything outside its grant is denied (the ClusterRole is least privilege).
import { httpFor, tokenKubeconfig } from '../../support/identity.js';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { parseAllDocuments } from 'yaml';
import { inClusterAccess } from '../../../src/kube/access.js';
import { isStatus } from '../../../src/kube/errors.js';
import { KubeHttp } from '../../../src/kube/http.js';
import {
  applyCaConfigMaps,
  exampleDirectoryFlags,
  provisionExampleDirectory,
} from '../../../devenv/sandbox/exampleDirectory.js';
import { allAsExpected, EXPECTED_READY_REASON } from '../../../devenv/sandbox/expectations.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { testSamba } from '../../support/directory.js';
import { eventually, freshNamespace } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { apply, objectPath } from './apply.js';
import { actionOfCall, allowedActions } from './iamPolicy.js';
import { kustomizeBuild, repoRoot, type KubeObject } from './kustomize.js';

const NS = 'ecs-gmsa-operator';
const SA = `system:serviceaccount:${NS}:ecs-gmsa-operator`;
const EXAMPLE_BUCKET = 'ecsgmsa-example-credspecs';
const GROUP_PATH = '/apis/ecsgmsa.io/v1alpha1';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}
interface Cr extends KubeObject {
  metadata: KubeObject['metadata'] & {
    uid: string;
    resourceVersion: string;
    generation?: number;
    finalizers?: string[];
  };
  spec: Record<string, unknown>;
  status?: { conditions?: Condition[] };
}
interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { apiGroup?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestReceivedTimestamp: string;
}

let admin: KubeHttp;
let asOperator: KubeHttp;
let base: KubeObject[];
let op: RunningOperator | undefined;
let examplesNs: string;
let operatorStartedAt: string;
let operatorToken: string;

const readyOf = (cr: Cr): Condition | undefined => cr.status?.conditions?.find((c) => c.type === 'Ready');

/**
 * The example manifests, moved into `namespace` with their names (their Namespace objects dropped).
 * `spec.services` is dropped too: a listed ECS service must exist in AWS (the sandbox creates it; the
 * rollout has its own tests), and what this file checks, the operator's Kubernetes permissions, does not
 * depend on it.
 */
function examples(namespace: string): KubeObject[] {
  const dir = join(repoRoot, 'examples');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8').replaceAll('gmsa-examples', namespace)).map(
        (d) => d.toJS() as KubeObject | null,
      ),
    )
    .filter((o): o is KubeObject => o !== null && o.kind !== 'Namespace')
    .map((o) => withoutServices({ ...o, metadata: { ...o.metadata, namespace } }));
}

function withoutServices(o: KubeObject): KubeObject {
  const spec = (o as { spec?: Record<string, unknown> }).spec;
  if (o.kind !== 'EcsGmsaTask' || !spec?.services) return o;
  const { services: _services, ...rest } = spec;
  return { ...o, spec: rest };
}

/** What `kubectl create rolebinding ecs-gmsa-operator-tenant ...` (the documented opt-in) creates. */
async function optIn(namespace: string): Promise<void> {
  await apply(admin, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'ecs-gmsa-operator-tenant', namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ecs-gmsa-operator-tenant' },
    subjects: [{ kind: 'ServiceAccount', name: 'ecs-gmsa-operator', namespace: NS }],
  });
}

async function listCrs(http: KubeHttp, namespace: string): Promise<Cr[]> {
  const items = await Promise.all(
    ['gmsacredentialspecs', 'ecsgmsatasks'].map(
      async (plural) =>
        (
          await http.request<{ items: Cr[] }>({
            method: 'GET',
            path: `${GROUP_PATH}/namespaces/${namespace}/${plural}`,
          })
        ).items,
    ),
  );
  return items.flat();
}

/** The operator's writes since it started, from the apiserver's audit log. */
function operatorWrites(): AuditEvent[] {
  return readFileSync(testEnv().auditLogPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes(SA))
    .map((line) => JSON.parse(line) as AuditEvent)
    .filter(
      (e) =>
        e.user.username === SA &&
        e.requestReceivedTimestamp >= operatorStartedAt &&
        !/^selfsubject/.test(e.objectRef?.resource ?? ''),
    ); // the test's own reviews
}

const writeKey = (e: AuditEvent): string => {
  const r = e.objectRef ?? {};
  return `${e.verb} ${r.apiGroup ? `${r.apiGroup}/` : ''}${r.resource ?? '?'}${r.subresource ? `/${r.subresource}` : ''}`;
};

/** What a SelfSubjectAccessReview answers for the operator's identity. */
async function operatorMay(attrs: {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}): Promise<boolean> {
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

/** Who the apiserver takes `http`'s credentials for (a SelfSubjectReview). */
async function whoAmI(http: KubeHttp): Promise<{ username: string; groups: string[] }> {
  const review = await http.request<{ status: { userInfo: { username: string; groups: string[] } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return review.status.userInfo;
}

async function expectForbidden(call: Promise<unknown>): Promise<void> {
  const outcome = await call.then(
    () => 'succeeded',
    (err: unknown) =>
      isStatus(err, 403) ? 'forbidden' : `failed otherwise: ${err instanceof Error ? err.message : String(err)}`,
  );
  expect(outcome).toBe('forbidden');
}

beforeAll(async () => {
  await resetAws();
  admin = new KubeHttp(testEnv().kubeConfig());
  base = await kustomizeBuild('deploy/base');
});

afterAll(async () => {
  await op?.stop();
});

describe('deploy/base, installed from `kustomize build` onto the real apiserver', () => {
  it('renders the namespace, both CRDs, RBAC, ServiceAccount, Deployment, PDB and metrics Service', () => {
    const kinds = base.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toStrictEqual([
      'ClusterRole/ecs-gmsa-operator',
      'ClusterRole/ecs-gmsa-operator-edit',
      'ClusterRole/ecs-gmsa-operator-tenant',
      'ClusterRole/ecs-gmsa-operator-view',
      'ClusterRoleBinding/ecs-gmsa-operator',
      'CustomResourceDefinition/ecsgmsatasks.ecsgmsa.io',
      'CustomResourceDefinition/gmsacredentialspecs.ecsgmsa.io',
      'Deployment/ecs-gmsa-operator',
      'Namespace/ecs-gmsa-operator',
      'PodDisruptionBudget/ecs-gmsa-operator',
      'Role/ecs-gmsa-operator-leader-election',
      'RoleBinding/ecs-gmsa-operator-leader-election',
      'Service/ecs-gmsa-operator-metrics',
      'ServiceAccount/ecs-gmsa-operator',
    ]);
    for (const o of base)
      if (!['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind))
        expect({ o: `${o.kind}/${o.metadata.name}`, ns: o.metadata.namespace }).toStrictEqual({
          o: `${o.kind}/${o.metadata.name}`,
          ns: NS,
        });
    // The CRDs are the committed ones, byte for byte the same objects.
    for (const file of ['gmsacredentialspecs.ecsgmsa.io.yaml', 'ecsgmsatasks.ecsgmsa.io.yaml']) {
      const committed = parseAllDocuments(readFileSync(join(repoRoot, 'crds', file), 'utf8'))[0]?.toJS() as KubeObject;
      const rendered = base.find(
        (o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === committed.metadata.name,
      );
      expect({ ...rendered, metadata: { ...rendered?.metadata, labels: undefined } }).toStrictEqual({
        ...committed,
        metadata: { ...committed.metadata, labels: undefined },
      });
    }
  });

  it('the Deployment runs `run --leader-elect` hardened: non-root, read-only root, no capabilities, probes, resources', () => {
    const deployment = base.find((o) => o.kind === 'Deployment') as unknown as {
      spec: {
        replicas: number;
        template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } };
      };
    };
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0] as Record<string, unknown> & {
      env: { name: string; value?: string; valueFrom?: unknown }[];
    };
    expect(deployment.spec.replicas).toBe(2);
    expect(pod).toMatchObject({
      serviceAccountName: 'ecs-gmsa-operator',
      automountServiceAccountToken: true,
      terminationGracePeriodSeconds: 40,
    });
    expect(container.args).toStrictEqual([
      'run',
      '--leader-elect',
      '--metrics-bind-address=:8080',
      '--log-format=json',
    ]);
    expect(container.image).toBe('ecs-gmsa-operator:0.1.0');
    expect(container.env.find((e) => e.name === 'POD_NAMESPACE')?.valueFrom).toStrictEqual({
      fieldRef: { fieldPath: 'metadata.namespace' },
    });
    expect(container.env.map((e) => e.name)).toEqual(expect.arrayContaining(['AWS_REGION', 'ECSGMSA_CLUSTER_NAME']));
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources).toStrictEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(container).toMatchObject({
      livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
      readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' } },
    });
    expect(container.volumeMounts).toStrictEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('the apiserver accepts every object with strict field validation (and again when re-applied)', async () => {
    for (const obj of base) {
      await apply(admin, obj);
      if (obj.kind === 'CustomResourceDefinition') {
        await eventually(
          async () => {
            const crd = await admin.request<{ status?: { conditions?: { type: string; status: string }[] } }>({
              method: 'GET',
              path: objectPath(obj),
            });
            return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
              ? true
              : undefined;
          },
          30_000,
          `${obj.metadata.name} Established`,
        );
      }
    }
    for (const obj of base) expect(await apply(admin, obj)).toBe('replaced');
  });

  it("the Deployment's pod passes the namespace's enforced `restricted` Pod Security Standard", async () => {
    const deployment = base.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { metadata: object; spec: { containers: object[] } } };
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...deployment.spec.template.metadata, name: 'pss-probe', namespace: NS },
      spec: deployment.spec.template.spec,
    };
    await expect(apply(admin, pod as KubeObject, { dryRun: true })).resolves.toBe('created');
    // The check is live: a privileged variant of the same pod is refused.
    const template = deployment.spec.template.spec;
    const privileged = {
      ...pod,
      spec: {
        ...template,
        containers: template.containers.map((c) => ({ ...c, securityContext: { privileged: true } })),
      },
    };
    await expect(apply(admin, privileged as KubeObject, { dryRun: true })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('restricted') as unknown,
    });
  });
});

describe('the operator, authenticated as the ServiceAccount of deploy/base', () => {
  beforeAll(async () => {
    const tokenRequest = await admin.request<{ status: { token: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${NS}/serviceaccounts/ecs-gmsa-operator/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    operatorToken = tokenRequest.status.token;
    const kubeconfigPath = tokenKubeconfig(operatorToken, 'ecs-gmsa-operator');
    asOperator = await httpFor(kubeconfigPath);

    const s3 = new S3Client({ ...testEnv().awsClientConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: EXAMPLE_BUCKET }));
    s3.destroy();

    // The spec.directory examples are verified against the test Samba, with the AD objects the sandbox makes.
    await provisionExampleDirectory(testSamba());
    const directory = exampleDirectoryFlags(testSamba());
    operatorStartedAt = new Date(Date.now() - 1000).toISOString();
    op = await startOperator({
      kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      extraArgs: [
        ...['--leader-elect', '--leader-election-namespace', NS, '--s3-bucket', EXAMPLE_BUCKET],
        ...['--directory-domain', ...directory.directoryDomain, '--directory-server', ...directory.directoryServer],
        ...['--directory-dns-server', ...directory.directoryDnsServer],
      ],
    });
    examplesNs = await freshNamespace(admin, 'deploy-examples');
    await optIn(examplesNs);
    await applyCaConfigMaps(admin, testSamba(), examples(examplesNs));
    for (const obj of examples(examplesNs)) await apply(admin, obj);
  });

  it('is who the apiserver sees', async () => {
    const userInfo = await whoAmI(asOperator);
    expect(userInfo.username).toBe(SA);
    expect(userInfo.groups).toEqual(expect.arrayContaining(['system:serviceaccounts', `system:serviceaccounts:${NS}`]));
  });

  it('is the same identity through a pod-style service account mount (token and ca.crt files, KUBERNETES_SERVICE_*)', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'ecsgmsa-sa-mount-'));
    writeFileSync(join(mount, 'token'), `${operatorToken}\n`);
    copyFileSync(testEnv().caCertPath, join(mount, 'ca.crt'));
    const server = new URL(testEnv().apiServerUrl);
    const access = inClusterAccess(
      { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port },
      mount,
    );
    expect(access?.getCurrentCluster()?.server).toBe(`https://${server.hostname}:${server.port}`);
    expect((await whoAmI(new KubeHttp(access as NonNullable<typeof access>))).username).toBe(SA);
  });

  it('brings every example GmsaCredentialSpec and EcsGmsaTask to Ready=True (the one meant to fail to its reason, having read its CA ConfigMap): the ClusterRole is sufficient', async () => {
    const crs = await eventually(
      async () => {
        const all = await listCrs(admin, examplesNs);
        const states = all.map((cr) => {
          const expectedReason = cr.metadata.annotations?.[EXPECTED_READY_REASON];
          return {
            ready: readyOf(cr)?.status ?? 'Unknown',
            reason: readyOf(cr)?.reason ?? '',
            ...(expectedReason !== undefined ? { expectedReason } : {}),
          };
        });
        return allAsExpected(states) ? all : undefined;
      },
      90_000,
      `every example Ready (operator log: ${op?.proc.logPath ?? '?'})`,
    ).catch(async (err: unknown) => {
      const states = (await listCrs(admin, examplesNs)).map(
        (cr) => `${cr.kind}/${cr.metadata.name}: ${JSON.stringify(readyOf(cr))}`,
      );
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${states.join('\n')}`);
    });
    const expected = examples(examplesNs)
      .filter((o) => o.apiVersion.startsWith('ecsgmsa.io/'))
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(crs.map((cr) => `${cr.kind}/${cr.metadata.name}`).sort()).toStrictEqual(expected);
    // The finalizer comes before the first AWS write: an example stopped by Active Directory wrote nothing.
    for (const cr of crs.filter((c) => c.metadata.annotations?.[EXPECTED_READY_REASON] === undefined))
      expect(cr.metadata.finalizers).toContain('ecsgmsa.io/cleanup');
  });

  it('held the leader-election Lease in its own namespace, recorded events and published the localFile ConfigMap', async () => {
    const lease = await admin.request<{ spec: { holderIdentity?: string } }>({
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/ecs-gmsa-operator`,
    });
    expect(lease.spec.holderIdentity).toBeTruthy();
    const events = await eventually(
      async () => {
        const list = await admin.request<{ items: { reportingController?: string }[] }>({
          method: 'GET',
          path: `/apis/events.k8s.io/v1/namespaces/${examplesNs}/events`,
        });
        const ours = list.items.filter((e) => e.reportingController === 'ecsgmsa.io/operator');
        return ours.length > 0 ? ours : undefined;
      },
      10_000,
      'events from the operator',
    );
    expect(events.length).toBeGreaterThan(0);
    const cms = await admin.request<{ items: { metadata: { ownerReferences?: { kind: string; name: string }[] } }[] }>({
      method: 'GET',
      path: `/api/v1/namespaces/${examplesNs}/configmaps`,
    });
    expect(cms.items.flatMap((cm) => cm.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`)).toContain(
      'GmsaCredentialSpec/intranet01',
    );
  });

  it('never met a 403 in the opted-in examples namespace: not in its log, not in the audit log of its writes, and each write is one the ClusterRoles name', () => {
    // Other test files' namespaces on this shared apiserver did not opt in: refusals there are expected.
    const log = readFileSync(op?.proc.logPath ?? '', 'utf8');
    expect(
      log
        .split('\n')
        .filter((line) => line.includes(examplesNs) && /forbidden|"(status|statusCode|code)":\s*"?403\b/i.test(line)),
    ).toStrictEqual([]);
    const writes = operatorWrites();
    expect(
      writes.filter((e) => e.responseStatus?.code === 403 && e.objectRef?.namespace === examplesNs).map(writeKey),
    ).toStrictEqual([]);
    const granted = new Set([
      'patch ecsgmsa.io/gmsacredentialspecs',
      'patch ecsgmsa.io/ecsgmsatasks',
      'patch ecsgmsa.io/gmsacredentialspecs/status',
      'patch ecsgmsa.io/ecsgmsatasks/status',
      'create configmaps',
      'update configmaps',
      'delete configmaps',
      'create events.k8s.io/events',
      'create coordination.k8s.io/leases',
      'update coordination.k8s.io/leases',
    ]);
    const seen = new Set(writes.map(writeKey));
    expect([...seen].filter((k) => !granted.has(k))).toStrictEqual([]);
    // The grants a first reconcile must use, each seen for real.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'patch ecsgmsa.io/gmsacredentialspecs',
        'patch ecsgmsa.io/ecsgmsatasks/status',
        'create configmaps',
        'create events.k8s.io/events',
        'create coordination.k8s.io/leases',
      ]),
    );
  });

  it('deletes through the same identity: finalizers removed, the localFile ConfigMap deleted', async () => {
    // The localFile example retains by default; under Delete the operator removes its ConfigMap itself.
    await admin.request({
      method: 'PATCH',
      path: `${GROUP_PATH}/namespaces/${examplesNs}/gmsacredentialspecs/intranet01`,
      contentType: 'application/merge-patch+json',
      body: { spec: { deletionPolicy: 'Delete' } },
    });
    await eventually(
      async () => {
        const cr = await admin.request<Cr>({
          method: 'GET',
          path: `${GROUP_PATH}/namespaces/${examplesNs}/gmsacredentialspecs/intranet01`,
        });
        const ready = readyOf(cr);
        return ready?.observedGeneration === cr.metadata.generation && ready?.status === 'True' ? true : undefined;
      },
      30_000,
      'intranet01 reconciled with deletionPolicy Delete',
    );
    for (const plural of ['ecsgmsatasks', 'gmsacredentialspecs']) {
      const crs = (
        await admin.request<{ items: Cr[] }>({
          method: 'GET',
          path: `${GROUP_PATH}/namespaces/${examplesNs}/${plural}`,
        })
      ).items;
      for (const cr of crs)
        await admin.request({
          method: 'DELETE',
          path: `${GROUP_PATH}/namespaces/${examplesNs}/${plural}/${cr.metadata.name}`,
        });
      await eventually(
        async () =>
          (
            await admin.request<{ items: Cr[] }>({
              method: 'GET',
              path: `${GROUP_PATH}/namespaces/${examplesNs}/${plural}`,
            })
          ).items.length === 0
            ? true
            : undefined,
        60_000,
        `every ${plural} deleted (operator log: ${op?.proc.logPath ?? '?'})`,
      );
    }
    const cms = await admin.request<{ items: { metadata: { ownerReferences?: { kind: string }[] } }[] }>({
      method: 'GET',
      path: `/api/v1/namespaces/${examplesNs}/configmaps`,
    });
    expect(
      cms.items.filter((cm) => cm.metadata.ownerReferences?.some((r) => r.kind === 'GmsaCredentialSpec')),
    ).toStrictEqual([]);
    expect(
      operatorWrites()
        .filter((e) => e.responseStatus?.code === 403 && e.objectRef?.namespace === examplesNs)
        .map(writeKey),
    ).toStrictEqual([]);
    expect(operatorWrites().map(writeKey)).toContain('delete configmaps');
  });

  it('a namespace that has not opted in: the CredSpec names the command, nothing is written to AWS; opting in with it converges', async () => {
    const ns = await freshNamespace(admin, 'deploy-optin');
    const [secret, credSpec] = examples(ns).filter(
      (o) =>
        o.metadata.name === 'webapp01-ad-user' || (o.kind === 'GmsaCredentialSpec' && o.metadata.name === 'webapp01'),
    );
    for (const obj of [secret, credSpec]) await apply(admin, obj as KubeObject);
    const path = `${GROUP_PATH}/namespaces/${ns}/gmsacredentialspecs/webapp01`;
    const mark = op?.proxy.calls.length ?? 0;
    const refused = await eventually(
      async () => {
        const cr = await admin.request<Cr>({ method: 'GET', path });
        return readyOf(cr)?.reason === 'NamespaceNotOptedIn' ? cr : undefined;
      },
      30_000,
      'NamespaceNotOptedIn',
    );
    const command = `kubectl create rolebinding ecs-gmsa-operator-tenant --namespace ${ns} --clusterrole ecs-gmsa-operator-tenant --serviceaccount ${NS}:ecs-gmsa-operator`;
    expect(readyOf(refused)?.message).toBe(
      `namespace ${ns} has not opted in: the operator may not read Secrets there. A namespace admin opts in with: ${command}`,
    );
    expect((op?.proxy.calls ?? []).slice(mark).filter((c) => (c.subject ?? '').includes(ns))).toStrictEqual([]);
    await optIn(ns);
    await eventually(
      async () => (readyOf(await admin.request<Cr>({ method: 'GET', path }))?.status === 'True' ? true : undefined),
      90_000,
      'Ready once the namespace opted in',
    );
  });

  it('made only AWS calls that deploy/iam/operator-policy.json allows', () => {
    const allowed = allowedActions();
    const needed = [...new Set((op?.proxy.calls ?? []).map(actionOfCall))].sort();
    expect(needed.length).toBeGreaterThan(5);
    expect(needed.filter((a) => !allowed.has(a))).toStrictEqual([]);
  });
});

describe('the ServiceAccount is denied what the operator has no business with', () => {
  const other = 'default';
  const optedIn = 'deploy-opted-in';
  beforeAll(async () => {
    await apply(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: optedIn } });
    await optIn(optedIn);
  });
  // [what, SelfSubjectAccessReview attributes]
  const denied: [string, Parameters<typeof operatorMay>[0]][] = [
    [
      'create GmsaCredentialSpecs',
      { verb: 'create', group: 'ecsgmsa.io', resource: 'gmsacredentialspecs', namespace: other },
    ],
    [
      'replace the spec of GmsaCredentialSpecs (PUT)',
      { verb: 'update', group: 'ecsgmsa.io', resource: 'gmsacredentialspecs', namespace: other },
    ],
    [
      'replace the spec of EcsGmsaTasks (PUT)',
      { verb: 'update', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', namespace: other },
    ],
    [
      'delete GmsaCredentialSpecs',
      { verb: 'delete', group: 'ecsgmsa.io', resource: 'gmsacredentialspecs', namespace: other },
    ],
    ['delete EcsGmsaTasks', { verb: 'delete', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', namespace: other }],
    [
      'deletecollection EcsGmsaTasks',
      { verb: 'deletecollection', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', namespace: other },
    ],
    [
      'replace status (PUT) instead of patching it',
      { verb: 'update', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', subresource: 'status', namespace: other },
    ],
    ['create Secrets', { verb: 'create', resource: 'secrets', namespace: other }],
    ['update Secrets', { verb: 'update', resource: 'secrets', namespace: other }],
    ['patch Secrets', { verb: 'patch', resource: 'secrets', namespace: other }],
    ['delete Secrets', { verb: 'delete', resource: 'secrets', namespace: other }],
    ['list ConfigMaps', { verb: 'list', resource: 'configmaps', namespace: other }],
    ['patch ConfigMaps', { verb: 'patch', resource: 'configmaps', namespace: other }],
    ['get a Secret in a namespace that did not opt in', { verb: 'get', resource: 'secrets', namespace: other }],
    ['list Secrets across the cluster', { verb: 'list', resource: 'secrets' }],
    ['watch Secrets across the cluster', { verb: 'watch', resource: 'secrets' }],
    [
      'create ConfigMaps in a namespace that did not opt in',
      { verb: 'create', resource: 'configmaps', namespace: other },
    ],
    ['update ConfigMaps across the cluster', { verb: 'update', resource: 'configmaps' }],
    ['read Secrets in kube-system', { verb: 'get', resource: 'secrets', namespace: 'kube-system' }],
    [
      'update ConfigMaps in kube-system (aws-auth)',
      { verb: 'update', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' },
    ],
    ['delete ConfigMaps in kube-system', { verb: 'delete', resource: 'configmaps', namespace: 'kube-system' }],
    [
      'list ConfigMaps in an opted-in namespace (nothing caches them)',
      { verb: 'list', resource: 'configmaps', namespace: optedIn },
    ],
    ['write Secrets in an opted-in namespace', { verb: 'create', resource: 'secrets', namespace: optedIn }],
    ['read Pods', { verb: 'get', resource: 'pods', namespace: other }],
    ['list Pods', { verb: 'list', resource: 'pods', namespace: NS }],
    ['exec into Pods', { verb: 'create', resource: 'pods', subresource: 'exec', namespace: NS }],
    ['get Deployments', { verb: 'get', group: 'apps', resource: 'deployments', namespace: NS }],
    ['update Deployments', { verb: 'update', group: 'apps', resource: 'deployments', namespace: NS }],
    ['patch Deployments', { verb: 'patch', group: 'apps', resource: 'deployments', namespace: NS }],
    ['delete Deployments', { verb: 'delete', group: 'apps', resource: 'deployments', namespace: other }],
    [
      'create Leases outside its namespace',
      { verb: 'create', group: 'coordination.k8s.io', resource: 'leases', namespace: other },
    ],
    [
      'create Leases in kube-system',
      { verb: 'create', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' },
    ],
    [
      'update another Lease in its namespace',
      { verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: NS, name: 'someone-else' },
    ],
    [
      'delete its Lease',
      { verb: 'delete', group: 'coordination.k8s.io', resource: 'leases', namespace: NS, name: 'ecs-gmsa-operator' },
    ],
    ['list Leases', { verb: 'list', group: 'coordination.k8s.io', resource: 'leases', namespace: NS }],
    ['create core/v1 Events', { verb: 'create', resource: 'events', namespace: other }],
    ['delete events.k8s.io Events', { verb: 'delete', group: 'events.k8s.io', resource: 'events', namespace: other }],
    [
      'create ClusterRoleBindings',
      { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
    ],
    [
      'create RoleBindings in its namespace',
      { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: NS },
    ],
    ['escalate ClusterRoles', { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
    ['bind ClusterRoles', { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
    [
      'patch the CRDs',
      {
        verb: 'patch',
        group: 'apiextensions.k8s.io',
        resource: 'customresourcedefinitions',
        name: 'gmsacredentialspecs.ecsgmsa.io',
      },
    ],
    ['update the CRDs', { verb: 'update', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' }],
    ['delete the CRDs', { verb: 'delete', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' }],
    [
      'mint ServiceAccount tokens',
      { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: NS },
    ],
    ['list Namespaces', { verb: 'list', resource: 'namespaces' }],
    ['list Nodes', { verb: 'list', resource: 'nodes' }],
    ['impersonate users', { verb: 'impersonate', resource: 'users' }],
    ['do anything with a wildcard', { verb: '*', group: '*', resource: '*' }],
  ];

  it.each(denied)('denied: %s', async (_what, attrs) => {
    expect(await operatorMay(attrs)).toBe(false);
  });

  const allowed: [string, Parameters<typeof operatorMay>[0]][] = [
    [
      'watch GmsaCredentialSpecs in every namespace',
      { verb: 'watch', group: 'ecsgmsa.io', resource: 'gmsacredentialspecs' },
    ],
    [
      'patch EcsGmsaTasks (finalizers)',
      { verb: 'patch', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', namespace: other },
    ],
    [
      'patch EcsGmsaTask status',
      { verb: 'patch', group: 'ecsgmsa.io', resource: 'ecsgmsatasks', subresource: 'status', namespace: other },
    ],
    [
      'update GmsaCredentialSpec finalizers (blockOwnerDeletion)',
      {
        verb: 'update',
        group: 'ecsgmsa.io',
        resource: 'gmsacredentialspecs',
        subresource: 'finalizers',
        namespace: other,
      },
    ],
    ['get a Secret in an opted-in namespace', { verb: 'get', resource: 'secrets', namespace: optedIn }],
    ['watch Secrets in an opted-in namespace', { verb: 'watch', resource: 'secrets', namespace: optedIn }],
    ['create ConfigMaps in an opted-in namespace', { verb: 'create', resource: 'configmaps', namespace: optedIn }],
    ['delete ConfigMaps in an opted-in namespace', { verb: 'delete', resource: 'configmaps', namespace: optedIn }],
    ['create events.k8s.io Events', { verb: 'create', group: 'events.k8s.io', resource: 'events', namespace: other }],
    [
      'update its Lease',
      { verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: NS, name: 'ecs-gmsa-operator' },
    ],
  ];

  it.each(allowed)('allowed: %s', async (_what, attrs) => {
    expect(await operatorMay(attrs)).toBe(true);
  });

  it('real requests outside the grant get 403 and change nothing', async () => {
    const ns = await freshNamespace(admin, 'deploy-deny');
    const cr = {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'GmsaCredentialSpec',
      metadata: { name: 'web', namespace: ns, annotations: { 'ecsgmsa.io/suspend': 'true' } },
      spec: {
        hostOs: 'Windows',
        account: 'Web01',
        domain: {
          dnsName: 'contoso.com',
          netBiosName: 'contoso',
          sid: 'S-1-5-21-2554468230-2647958158-2204241789',
          guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
        },
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
      },
    };
    await apply(admin, cr);
    const path = `${GROUP_PATH}/namespaces/${ns}/gmsacredentialspecs/web`;
    const live = await admin.request<Cr>({ method: 'GET', path });

    await expectForbidden(
      asOperator.request({ method: 'PUT', path, body: { ...live, spec: { ...live.spec, account: 'Other01' } } }),
    );
    await expectForbidden(asOperator.request({ method: 'DELETE', path }));
    await expectForbidden(
      asOperator.request({
        method: 'POST',
        path: `/api/v1/namespaces/${ns}/secrets`,
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'planted' }, stringData: { a: 'b' } },
      }),
    );
    await expectForbidden(asOperator.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods` }));
    await expectForbidden(
      asOperator.request({
        method: 'PATCH',
        path: `/apis/apps/v1/namespaces/${NS}/deployments/ecs-gmsa-operator`,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 0 } },
      }),
    );
    await expectForbidden(
      asOperator.request({
        method: 'POST',
        path: '/apis/coordination.k8s.io/v1/namespaces/default/leases',
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'ecs-gmsa-operator' },
          spec: {},
        },
      }),
    );
    await expectForbidden(
      asOperator.request({
        method: 'POST',
        path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'ecs-gmsa-operator-escalation' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: [{ kind: 'ServiceAccount', name: 'ecs-gmsa-operator', namespace: NS }],
        },
      }),
    );
    await expectForbidden(
      asOperator.request({
        method: 'PATCH',
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gmsacredentialspecs.ecsgmsa.io',
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { tampered: 'true' } } },
      }),
    );

    // The operator itself may have patched status meanwhile: compare what the denied calls aimed at.
    const after = await admin.request<Cr>({ method: 'GET', path });
    expect({ uid: after.metadata.uid, generation: after.metadata.generation, spec: after.spec }).toStrictEqual({
      uid: live.metadata.uid,
      generation: live.metadata.generation,
      spec: live.spec,
    });
    await expect(
      admin.request({
        method: 'GET',
        path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ecs-gmsa-operator-escalation',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      admin.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/secrets/planted` }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

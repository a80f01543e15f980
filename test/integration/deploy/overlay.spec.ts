// deploy/overlays/example: renders with kustomize, the apiserver admits every object (server-side dry run,
// strict field validation), and its tenancy policy is valid and stays inside the operator's IAM policy.
import { parse } from 'yaml';
import { KubeHttp } from '../../../src/kube/http.js';
import { allowanceFor, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { parseTenancyPolicy } from '../../../src/domain/tenancy/policyFile.js';
import { testEnv } from '../../env/connect.js';
import { apply } from './apply.js';
import { allows, operatorPolicy } from './iamPolicy.js';
import { kustomizeBuild, type KubeObject } from './kustomize.js';

interface Container {
  name: string;
  image: string;
  args: string[];
  env: { name: string; value?: string }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; configMap?: { name: string } }[];
}

let objects: KubeObject[];
let tenancy: TenancyConfig;

const find = (kind: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found;
};

beforeAll(async () => {
  objects = await kustomizeBuild('deploy/overlays/example');
});

describe('deploy/overlays/example', () => {
  it('sets the image, region, cluster name and IRSA role', () => {
    const pod = (find('Deployment') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    const container = pod.containers[0];
    expect(container?.image).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/ecs-gmsa-operator:0.1.0');
    expect(
      Object.fromEntries((container?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value])),
    ).toMatchObject({ AWS_REGION: 'eu-west-1', ECSGMSA_CLUSTER_NAME: 'prod-euw1' });
    expect(find('ServiceAccount').metadata.annotations).toStrictEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/ecs-gmsa-operator',
    });
  });

  it('mounts the generated tenancy ConfigMap where --tenancy-policy points', () => {
    const pod = (find('Deployment') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    const container = pod.containers[0];
    const cm = find('ConfigMap');
    expect(container?.args).toContain('--tenancy-policy=/etc/ecs-gmsa-operator/tenancy.yaml');
    expect(container?.volumeMounts).toContainEqual({
      name: 'tenancy',
      mountPath: '/etc/ecs-gmsa-operator',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({ name: 'tenancy', configMap: { name: cm.metadata.name } });
    expect(cm.metadata.name).toMatch(/^ecs-gmsa-operator-tenancy-[a-z0-9]{10}$/);
    expect(cm.metadata.namespace).toBe('ecs-gmsa-operator');
  });

  it('has a valid tenancy policy: payments widened, a host-access exception, defaults for everyone else', () => {
    const data = (find('ConfigMap') as unknown as { data: Record<string, string> }).data;
    const { policy, issues } = parseTenancyPolicy(parse(data['tenancy.yaml'] ?? '') as unknown);
    expect(issues).toStrictEqual([]);
    tenancy = { singleTenant: false, buckets: ['contoso-gmsa-credspecs'], kmsKeys: [], policy: policy };
    expect(allowanceFor(tenancy, 'payments-prod')).toMatchObject({
      allowAdoption: true,
      roles: [
        'arn:aws:iam::111122223333:role/payments-prod/**',
        'arn:aws:iam::111122223333:role/shared/ecsTaskExecutionRole',
      ],
    });
    expect(allowanceFor(tenancy, 'platform-logging')).toMatchObject({
      hostAccess: { hostPaths: ['/var/log/**'], capabilities: ['DAC_READ_SEARCH'], privileged: false },
    });
    expect(allowanceFor(tenancy, 'reporting')).toMatchObject({
      allowAdoption: false,
      taskFamilies: ['reporting_*'],
      s3: [{ bucket: 'contoso-gmsa-credspecs', keys: ['gmsa/reporting/**'] }],
    });
  });

  it('keeps every name a namespace may use inside deploy/iam/operator-policy.json', () => {
    const iam = operatorPolicy();
    // A concrete name for a pattern: each * or ** becomes one segment.
    const sample = (pattern: string): string => pattern.replaceAll('**', 'x').replaceAll('*', 'x');
    for (const namespace of ['payments', 'payments-prod']) {
      const a = allowanceFor(tenancy, namespace);
      if (!a || a === 'unrestricted') throw new Error(`no allowance for ${namespace}`);
      for (const p of a.ssmParameters)
        expect({
          p,
          ok: allows('ssm:PutParameter', `arn:aws:ssm:eu-west-1:111122223333:parameter${sample(p)}`, iam),
        }).toStrictEqual({ p, ok: true });
      for (const p of a.secrets)
        expect({
          p,
          ok: allows(
            'secretsmanager:CreateSecret',
            `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${sample(p)}-AbCdEf`,
            iam,
          ),
        }).toStrictEqual({ p, ok: true });
      for (const s of a.s3)
        for (const k of s.keys)
          expect({ k, ok: allows('s3:PutObject', `arn:aws:s3:::${s.bucket}/${sample(k)}`, iam) }).toStrictEqual({
            k,
            ok: true,
          });
      for (const r of a.roles) expect({ r, ok: allows('iam:PassRole', sample(r), iam) }).toStrictEqual({ r, ok: true });
      expect(a.services.length).toBeGreaterThan(0);
      for (const s of a.services)
        for (const action of ['ecs:DescribeServices', 'ecs:UpdateService']) {
          const arn = `arn:aws:ecs:eu-west-1:111122223333:service/${sample(s.cluster)}/${sample(s.service)}`;
          expect({ arn, action, ok: allows(action, arn, iam) }).toStrictEqual({ arn, action, ok: true });
        }
    }
  });

  it('opts the payments namespace in with the documented RoleBinding', () => {
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'payments') as unknown as {
      roleRef: { name: string };
      subjects: { name: string; namespace: string }[];
    };
    expect(binding.roleRef.name).toBe('ecs-gmsa-operator-tenant');
    expect(binding.subjects).toStrictEqual([
      { kind: 'ServiceAccount', name: 'ecs-gmsa-operator', namespace: 'ecs-gmsa-operator' },
    ]);
  });

  it('is admitted by the apiserver object by object (server-side dry run, strict field validation)', async () => {
    const admin = new KubeHttp(testEnv().kubeConfig());
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Deployment', 'ServiceAccount']),
    );
    // The namespaces first for real (a dry-run namespace does not let namespaced objects in): idempotent.
    // payments is a tenant namespace the overlay opts in: it must exist, as the overlay says.
    const namespace = objects.filter((o) => o.kind === 'Namespace');
    for (const obj of [
      ...namespace,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } } as KubeObject,
    ])
      await apply(admin, obj);
    for (const obj of objects.filter((o) => o.kind !== 'Namespace')) {
      await expect(
        apply(admin, obj, { dryRun: true }).then(
          () => 'admitted',
          (err: unknown) => `${obj.kind}/${obj.metadata.name}: ${err instanceof Error ? err.message : String(err)}`,
        ),
      ).resolves.toBe('admitted');
    }
  });
});

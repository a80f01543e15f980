// deploy/overlays/example: renders with kustomize, the apiserver admits every object (server-side dry run,
// strict field validation), and its tenancy policy is valid and stays inside the operator's IAM policy.
import { parse } from 'yaml';
import { KubeHttp } from '../../../src/kube/http.js';
import { parseTenancyPolicy, ruleFor, type TenancyPolicy } from '../../../src/domain/tenancy/policy.js';
import { testEnv } from '../../env/connect.js';
import { apply } from './apply.js';
import { allows, operatorPolicy, statementsFor, resourcesOf } from './iamPolicy.js';
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
let tenancy: TenancyPolicy;

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
    expect(Object.fromEntries((container?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]))).toMatchObject({ AWS_REGION: 'eu-west-1', ECSGMSA_CLUSTER_NAME: 'prod-euw1' });
    expect(find('ServiceAccount').metadata.annotations).toStrictEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/ecs-gmsa-operator' });
  });

  it('mounts the generated tenancy ConfigMap where --tenancy-policy points', () => {
    const pod = (find('Deployment') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    const container = pod.containers[0];
    const cm = find('ConfigMap');
    expect(container?.args).toContain('--tenancy-policy=/etc/ecs-gmsa-operator/tenancy.yaml');
    expect(container?.volumeMounts).toContainEqual({ name: 'tenancy', mountPath: '/etc/ecs-gmsa-operator', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'tenancy', configMap: { name: cm.metadata.name } });
    expect(cm.metadata.name).toMatch(/^ecs-gmsa-operator-tenancy-[a-z0-9]{10}$/);
    expect(cm.metadata.namespace).toBe('ecs-gmsa-operator');
  });

  it('has a valid tenancy policy for two teams', () => {
    const data = (find('ConfigMap') as unknown as { data: Record<string, string> }).data;
    const { policy, issues } = parseTenancyPolicy(parse(data['tenancy.yaml'] ?? '') as unknown);
    expect(issues).toStrictEqual([]);
    tenancy = policy as TenancyPolicy;
    expect(tenancy.rules).toHaveLength(2);
    expect(ruleFor(tenancy, 'payments')).toBe(tenancy.rules[0]);
    expect(ruleFor(tenancy, 'payments-prod')).toBe(tenancy.rules[0]);
    expect(ruleFor(tenancy, 'reporting')).toBe(tenancy.rules[1]);
    expect(ruleFor(tenancy, 'default')).toBeUndefined();
  });

  it('keeps every tenancy prefix inside deploy/iam/operator-policy.json', () => {
    const iam = operatorPolicy();
    const passRoles = statementsFor('iam:PassRole', iam).flatMap(resourcesOf);
    for (const rule of tenancy.rules) {
      for (const p of rule.ssmParameterPrefixes ?? []) expect({ p, ok: allows('ssm:PutParameter', `arn:aws:ssm:eu-west-1:111122223333:parameter${p}x`, iam) }).toStrictEqual({ p, ok: true });
      for (const p of rule.secretNamePrefixes ?? []) expect({ p, ok: allows('secretsmanager:CreateSecret', `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${p}x-AbCdEf`, iam) }).toStrictEqual({ p, ok: true });
      for (const s of rule.s3 ?? []) expect({ s, ok: allows('s3:PutObject', `arn:aws:s3:::${s.bucket}/${s.keyPrefix ?? ''}x.json`, iam) }).toStrictEqual({ s, ok: true });
      for (const r of rule.roleArns ?? []) expect(passRoles).toContain(r);
    }
  });

  it('is admitted by the apiserver object by object (server-side dry run, strict field validation)', async () => {
    const admin = new KubeHttp(testEnv().kubeConfig());
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Deployment', 'ServiceAccount']));
    // The namespace first for real (a dry-run namespace does not let namespaced objects in): idempotent.
    const namespace = objects.filter((o) => o.kind === 'Namespace');
    for (const obj of namespace) await apply(admin, obj);
    for (const obj of objects.filter((o) => o.kind !== 'Namespace')) {
      await expect(apply(admin, obj, { dryRun: true }).then(() => 'admitted', (err: unknown) => `${obj.kind}/${obj.metadata.name}: ${err instanceof Error ? err.message : String(err)}`)).resolves.toBe('admitted');
    }
  });
});

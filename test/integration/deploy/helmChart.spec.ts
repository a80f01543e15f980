// charts/ecs-gmsa-operator with the real tools: `helm lint --strict` of several values sets (and the
// refusals of bad ones), `helm template` of each with every object admitted by the real apiserver
// (server-side dry run, strict field validation), and the chart equal to deploy/overlays/example and
// deploy/monitoring object by object, within the differences docs/helm.md lists.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { parseTenancyPolicy } from '../../../src/domain/tenancy/policyFile.js';
import { KubeHttp } from '../../../src/kube/http.js';
import { RUN_FLAGS } from '../../../src/runtime/config.js';
import { testEnv } from '../../env/connect.js';
import { applyCrd, freshNamespace } from '../../support/kube.js';
import { apply } from './apply.js';
import {
  keyDifference,
  normalizeHelm,
  normalizeKustomize,
  policyChecksum,
  TENANCY_CHECKSUM,
} from './chartEquivalence.js';
import { helmLint, helmTemplate, type ChartValues } from './helm.js';
import { kustomizeBuild, repoRoot, type KubeObject } from './kustomize.js';
import { toolPath } from './tools.js';

const VALUES = 'test/integration/deploy/helm';
const EXAMPLE_POLICY = 'deploy/overlays/example/tenancy.yaml';
const EXAMPLE: ChartValues = {
  files: [`${VALUES}/example-overlay.values.yaml`],
  setFile: [`tenancy.policy=${EXAMPLE_POLICY}`],
};
const EXAMPLE_WITH_MONITORING: ChartValues = {
  ...EXAMPLE,
  files: [...(EXAMPLE.files ?? []), `${VALUES}/monitoring.values.yaml`, `${VALUES}/payments-tenant.values.yaml`],
};
const REQUIRED = ['aws.region=eu-west-1', 'clusterName=prod-euw1'];

/** [what, values]: the values sets linted, rendered and dry-run. */
const VALUE_SETS: [string, ChartValues][] = [
  ['only the required values', { set: REQUIRED }],
  ['the example overlay', EXAMPLE],
  ['the example overlay, monitoring and a tenant namespace (three values files)', EXAMPLE_WITH_MONITORING],
  ['every option changed', { files: [`${VALUES}/all-options.values.yaml`] }],
  ['one replica, single tenant, no Service', { files: [`${VALUES}/single-tenant.values.yaml`] }],
  ['the tenancy policy as a mapping', { files: [`${VALUES}/tenancy-mapping.values.yaml`] }],
];

/** Flags the chart may render that the operator does not have yet: `--single-tenant` comes with issue 13. */

interface Container {
  args: string[];
  env: { name: string; value?: string }[];
}
interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[] } & Record<string, unknown>;
}

const find = (objects: readonly KubeObject[], kind: string, name?: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind}${name ? `/${name}` : ''} rendered`);
  return found;
};
const podTemplate = (objects: readonly KubeObject[]): PodTemplate =>
  (find(objects, 'Deployment').spec as { template: PodTemplate }).template;

describe('helm lint --strict', () => {
  it.each(VALUE_SETS)('accepts %s', async (_what, values) => {
    await expect(helmLint(values)).resolves.toContain('0 chart(s) failed');
  });

  it('accepts the values file docs/helm.md shows', async () => {
    const blocks = [...readFileSync(join(repoRoot, 'docs/helm.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (m) => m[1] ?? '',
    );
    expect(blocks).toHaveLength(1);
    const file = join(mkdtempSync(join(tmpdir(), 'ecsgmsa-docs-values-')), 'values.yaml');
    writeFileSync(file, blocks[0] ?? '');
    await expect(
      helmLint({ files: [relative(repoRoot, file)], setFile: [`tenancy.policy=${EXAMPLE_POLICY}`] }),
    ).resolves.toContain('0 chart(s) failed');
  });

  // [what, values, what helm must say]
  const refused: [string, ChartValues, string][] = [
    [
      'a misspelt key (schema: no unknown keys)',
      { set: [...REQUIRED, 'replicas=3'] },
      "additional properties 'replicas' not allowed",
    ],
    [
      'a region that is not one',
      { set: ['aws.region=Ireland', 'clusterName=x'] },
      "at '/aws/region': 'Ireland' does not match pattern",
    ],
    [
      'an IRSA role that is not an IAM role ARN',
      { set: [...REQUIRED, 'aws.irsaRoleArn=ecs-gmsa-operator'] },
      "at '/aws/irsaRoleArn'",
    ],
    [
      'a tenant namespace that is no namespace name',
      { set: [...REQUIRED, 'tenantNamespaces={Team_A}'] },
      "at '/tenantNamespaces/0'",
    ],
    ['a log level the operator does not know', { set: [...REQUIRED, 'logLevel=verbose'] }, "at '/logLevel'"],
  ];

  it.each(refused)('refuses %s, naming the value', async (_what, values, message) => {
    await expect(helmLint(values)).rejects.toThrow(message);
  });
});

describe('helm template', () => {
  // [what, values, the chart's message]
  const failed: [string, ChartValues, string][] = [
    ['no region', { set: ['clusterName=x'] }, 'aws.region is required'],
    ['no cluster name', { set: ['aws.region=eu-west-1'] }, 'clusterName is required'],
    [
      'single tenant and a tenancy policy at once',
      { set: [...REQUIRED, 'singleTenant=true'], setFile: [`tenancy.policy=${EXAMPLE_POLICY}`] },
      'singleTenant turns tenancy confinement off',
    ],
    [
      'a policy and an existing ConfigMap at once',
      { set: [...REQUIRED, 'tenancy.existingConfigMap=mine'], setFile: [`tenancy.policy=${EXAMPLE_POLICY}`] },
      'exclude each other',
    ],
    [
      'two replicas without leader election',
      { set: [...REQUIRED, 'leaderElection.enabled=false'] },
      'replicaCount > 1 needs leaderElection.enabled',
    ],
    [
      'a ServiceMonitor without the metrics Service',
      { set: [...REQUIRED, 'metrics.service.enabled=false', 'metrics.serviceMonitor.enabled=true'] },
      'needs metrics.service.enabled',
    ],
    [
      'an existing ServiceAccount without its name',
      { set: [...REQUIRED, 'serviceAccount.create=false'] },
      'serviceAccount.name is required',
    ],
  ];

  it.each(failed)('refuses %s with a message that says what to set', async (_what, values, message) => {
    await expect(helmTemplate('x', 'default', values)).rejects.toThrow(message);
  });

  it.each(VALUE_SETS)('renders only flags the operator has, for %s', async (_what, values) => {
    const known = new Set(RUN_FLAGS.map((f) => f.flag));
    const { args } = podTemplate(await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', values)).spec
      .containers[0]!;
    expect(args[0]).toBe('run');
    const flags = args.slice(1).map((a) => /^--([a-z0-9-]+)/.exec(a)?.[1] ?? `not a flag: ${a}`);
    expect(flags.filter((f) => !known.has(f))).toStrictEqual([]);
  });

  it('puts the --set-file policy in the ConfigMap byte for byte, mounts it where --tenancy-policy points, and rolls the pods on a change', async () => {
    const objects = await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', EXAMPLE);
    const text = readFileSync(join(repoRoot, EXAMPLE_POLICY), 'utf8');
    const cm = find(objects, 'ConfigMap', 'ecs-gmsa-operator-tenancy') as KubeObject & { data: Record<string, string> };
    expect(cm.data).toStrictEqual({ 'tenancy.yaml': text });
    const template = podTemplate(objects);
    expect(template.spec.containers[0]!.args).toContain('--tenancy-policy=/etc/ecs-gmsa-operator/tenancy.yaml');
    expect(template.metadata.annotations?.[TENANCY_CHECKSUM]).toBe(policyChecksum(text));
    const changed = await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', {
      ...EXAMPLE,
      setFile: [],
      set: ['tenancy.policy=rules: []'],
    });
    expect(podTemplate(changed).metadata.annotations?.[TENANCY_CHECKSUM]).toBe(policyChecksum('rules: []'));
  });

  it('renders a policy given as a mapping into a file the operator parses', async () => {
    const objects = await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', {
      files: [`${VALUES}/tenancy-mapping.values.yaml`],
    });
    const cm = find(objects, 'ConfigMap', 'ecs-gmsa-operator-tenancy') as KubeObject & { data: Record<string, string> };
    const { policy, issues } = parseTenancyPolicy(parse(cm.data['tenancy.yaml'] ?? '') as unknown);
    expect(issues).toStrictEqual([]);
    expect(policy?.rules[0]?.namespaces).toStrictEqual(['team-a', 'team-a-*']);
  });

  it('reads an existing ConfigMap under its own key, with no ConfigMap and no checksum of its own', async () => {
    const objects = await helmTemplate('gmsa', 'gmsa-op', { files: [`${VALUES}/all-options.values.yaml`] });
    expect(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toStrictEqual([
      'gmsa-op-dashboard',
    ]);
    const template = podTemplate(objects);
    expect(template.spec.containers[0]!.args).toContain('--tenancy-policy=/etc/ecs-gmsa-operator/policy.yaml');
    expect(template.spec.volumes).toContainEqual({ name: 'tenancy', configMap: { name: 'platform-tenancy' } });
    expect(template.metadata.annotations).not.toHaveProperty(TENANCY_CHECKSUM);
  });

  it('binds the tenant ClusterRole in each opted-in namespace to the operator ServiceAccount, and grants no Secret read cluster-wide', async () => {
    const objects = await helmTemplate('gmsa', 'gmsa-op', { files: [`${VALUES}/all-options.values.yaml`] });
    const bindings = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name === 'gmsa-op-tenant');
    expect(bindings.map((b) => ({ ns: b.metadata.namespace, roleRef: b.roleRef, subjects: b.subjects }))).toStrictEqual(
      ['payments', 'reporting'].map((ns) => ({
        ns,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gmsa-op-tenant' },
        subjects: [{ kind: 'ServiceAccount', name: 'gmsa-op', namespace: 'gmsa-op' }],
      })),
    );
    const clusterWide = (find(objects, 'ClusterRole', 'gmsa-op').rules as { resources: string[] }[]).flatMap(
      (r) => r.resources,
    );
    expect(clusterWide.filter((r) => r === 'secrets' || r === 'configmaps')).toStrictEqual([]);
  });
});

describe('every object helm template renders is admitted by the apiserver (server-side dry run, strict fields)', () => {
  let admin: KubeHttp;

  beforeAll(async () => {
    admin = new KubeHttp(testEnv().kubeConfig());
    // The Prometheus Operator's own CRDs, so ServiceMonitor and PrometheusRule are checked against their real schema.
    const dir = await toolPath('prometheus-operator-crds');
    for (const file of ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml']) {
      await applyCrd(admin, parse(readFileSync(join(dir, file), 'utf8')) as { metadata: { name: string } });
    }
    for (const name of ['payments', 'reporting', 'monitoring'])
      await apply(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  });

  it.each(VALUE_SETS)('%s', async (_what, values) => {
    const namespace = await freshNamespace(admin, 'chart');
    // The namespace enforces the restricted Pod Security Standard, as the chart's docs ask.
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${namespace}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    });
    const objects = await helmTemplate('ecs-gmsa-operator', namespace, values);
    expect(objects.length).toBeGreaterThan(6);
    const outcomes = await Promise.all(
      objects.map((obj) =>
        apply(admin, obj, { dryRun: true }).then(
          () => 'admitted',
          (err: unknown) => `${obj.kind}/${obj.metadata.name}: ${err instanceof Error ? err.message : String(err)}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o !== 'admitted')).toStrictEqual([]);
    // Deployments are not checked against Pod Security at admission; their pods are.
    const template = podTemplate(objects);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...template.metadata, name: 'pss-probe', namespace },
      spec: template.spec,
    };
    await expect(apply(admin, pod as KubeObject, { dryRun: true })).resolves.toBe('created');
  });
});

describe('the chart and the kustomize base install the same objects', () => {
  it('with values equivalent to deploy/overlays/example: the same objects, equal field by field (docs/helm.md lists what may differ)', async () => {
    const helm = normalizeHelm(await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', EXAMPLE));
    const kustomize = normalizeKustomize(await kustomizeBuild('deploy/overlays/example'));
    expect(keyDifference(helm, kustomize)).toStrictEqual({ onlyInHelm: [], onlyInKustomize: [] });
    expect(helm.size).toBeGreaterThan(12);
    for (const [key, obj] of kustomize) expect({ key, obj: helm.get(key) }).toStrictEqual({ key, obj });
  });

  it('with monitoring on: the ServiceMonitor, PrometheusRule and dashboard of deploy/monitoring', async () => {
    const rendered = await helmTemplate('ecs-gmsa-operator', 'ecs-gmsa-operator', EXAMPLE_WITH_MONITORING);
    const monitoringKinds = ['ServiceMonitor', 'PrometheusRule'];
    const helm = normalizeHelm(
      rendered.filter((o) => monitoringKinds.includes(o.kind) || o.metadata.name === 'ecs-gmsa-operator-dashboard'),
    );
    const kustomize = normalizeKustomize(await kustomizeBuild('deploy/monitoring'));
    expect(keyDifference(helm, kustomize)).toStrictEqual({ onlyInHelm: [], onlyInKustomize: [] });
    expect(helm.size).toBe(3);
    for (const [key, obj] of kustomize) expect({ key, obj: helm.get(key) }).toStrictEqual({ key, obj });
  });
});

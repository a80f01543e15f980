// TEMPORARY, until deploy/base gets the tenant RBAC of issue 13 (the lead's branch). The chart already
// has the target shape: the operator's ClusterRole grants no Secret read and no ConfigMap write; the
// ClusterRole ecs-gmsa-operator-tenant grants them, bound per namespace. This projects today's base onto
// that shape so the chart can be compared with it, and fails loudly the moment the base changes:
// then delete this file and its call in helmChart.spec.ts / helmInstall.spec.ts, and compare as is.
import type { KubeObject } from './kustomize.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** deploy/base's operator ClusterRole rules before issue 13, exactly. */
const PRE_ISSUE_13_RULES: Rule[] = [
  { apiGroups: ['ecsgmsa.io'], resources: ['gmsacredentialspecs', 'ecsgmsatasks'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['ecsgmsa.io'], resources: ['gmsacredentialspecs/status', 'ecsgmsatasks/status'], verbs: ['patch'] },
  { apiGroups: ['ecsgmsa.io'], resources: ['gmsacredentialspecs/finalizers'], verbs: ['update'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update', 'delete'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create'] },
];

/** The tenant ClusterRole the base will ship (the brief of issue 13). */
const TENANT_RULES: Rule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
];

const sameRules = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * `objects` (kustomize build of the base or an overlay) with the operator's ClusterRole moved to the
 * issue-13 shape and the tenant ClusterRole added.
 * @throws when the base is no longer the pre-issue-13 shape (issue 13 merged: remove this projection).
 */
export function projectBaseOntoTenantRbac(objects: readonly KubeObject[]): KubeObject[] {
  const operator = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'ecs-gmsa-operator');
  const merged = !operator || !sameRules(operator.rules, PRE_ISSUE_13_RULES) || objects.some((o) => o.metadata.name === 'ecs-gmsa-operator-tenant');
  if (merged) {
    throw new Error(
      "deploy/base's RBAC is no longer the pre-issue-13 shape (the tenant RBAC has landed): delete test/integration/deploy/pendingBaseRbac.ts " +
        'and its calls in helmChart.spec.ts and helmInstall.spec.ts; the chart is then compared with the base as it is, and any difference in the ' +
        "tenant ClusterRole or the operator's rules shows there.",
    );
  }
  const secretOrConfigMap = (r: Rule): boolean => r.apiGroups.includes('') && (r.resources.includes('secrets') || r.resources.includes('configmaps'));
  const narrowed = { ...operator, rules: PRE_ISSUE_13_RULES.filter((r) => !secretOrConfigMap(r)) };
  const tenant: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'ecs-gmsa-operator-tenant', labels: { ...operator.metadata.labels } },
    rules: TENANT_RULES,
  };
  return [...objects.map((o) => (o === operator ? narrowed : o)), tenant];
}

// What "the chart installs the same objects as the kustomize base" means, as code: both renderings are
// normalized by the differences docs/helm.md lists (and only those), then compared object by object.
import { createHash } from 'node:crypto';
import type { KubeObject } from './kustomize.js';

/** Labels Helm adds that kustomize has no equivalent of (docs/helm.md, Helm and kustomize side by side). */
export const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/instance', 'app.kubernetes.io/version'];
/** Set by both, each to its own name (Helm, kustomize). */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
/** The pod annotation that rolls the chart's pods when the tenancy policy changes (kustomize: a name hash). */
export const TENANCY_CHECKSUM = 'checksum/tenancy-policy';
/** The tenancy ConfigMap: the chart's name; kustomize appends `-<content hash>`. */
export const TENANCY_CONFIGMAP = 'ecs-gmsa-operator-tenancy';
const KUSTOMIZE_TENANCY = new RegExp(`^${TENANCY_CONFIGMAP}-[a-z0-9]{10}$`);

/** `Kind/namespace/name`: what identifies an object across both renderings. */
export const keyOf = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

type Json = Record<string, unknown>;
interface PodTemplate {
  metadata?: { annotations?: Record<string, string> };
  spec: {
    volumes?: { name: string; configMap?: { name: string } }[];
    containers?: { env?: { name: string }[]; volumeMounts?: { name: string }[] }[];
  };
}

const clone = <T>(o: T): T => structuredClone(o);

function dropLabels(o: KubeObject, names: readonly string[]): void {
  const labels = o.metadata.labels;
  if (!labels) return;
  for (const name of names) delete labels[name];
  if (Object.keys(labels).length === 0) delete o.metadata.labels;
}

function podTemplate(o: KubeObject): PodTemplate | undefined {
  return o.kind === 'Deployment' ? ((o.spec as Json).template as PodTemplate) : undefined;
}

/**
 * Common to both sides: the tool labels go; CRDs keep no labels (Helm installs crds/ verbatim); env
 * variables, volumes and volume mounts compare by name (a kustomize patch moves what it adds or sets
 * to the front of these lists).
 */
function normalizeCommon(o: KubeObject): KubeObject {
  const copy = clone(o);
  dropLabels(copy, [...HELM_ONLY_LABELS, MANAGED_BY]);
  if (copy.kind === 'CustomResourceDefinition') delete copy.metadata.labels;
  const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
  const template = podTemplate(copy);
  template?.spec.volumes?.sort(byName);
  for (const container of template?.spec.containers ?? []) {
    container.env?.sort(byName);
    container.volumeMounts?.sort(byName);
  }
  return copy;
}

/** The chart's objects as compared: Helm's labels and the policy checksum annotation dropped. */
export function normalizeHelm(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(
    objects.map((o) => {
      const copy = normalizeCommon(o);
      const template = podTemplate(copy);
      if (template?.metadata?.annotations) delete template.metadata.annotations[TENANCY_CHECKSUM];
      return [keyOf(copy), copy];
    }),
  );
}

/** The kustomize objects as compared: no Namespace (Helm does not own it), the tenancy ConfigMap's hash suffix dropped. */
export function normalizeKustomize(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(
    objects
      .filter((o) => o.kind !== 'Namespace')
      .map((o) => {
        const copy = normalizeCommon(o);
        if (copy.kind === 'ConfigMap' && KUSTOMIZE_TENANCY.test(copy.metadata.name))
          copy.metadata.name = TENANCY_CONFIGMAP;
        for (const volume of podTemplate(copy)?.spec.volumes ?? []) {
          if (volume.configMap && KUSTOMIZE_TENANCY.test(volume.configMap.name))
            volume.configMap.name = TENANCY_CONFIGMAP;
        }
        return [keyOf(copy), copy];
      }),
  );
}

/** Which keys only one side has. */
export function keyDifference(
  helm: ReadonlyMap<string, unknown>,
  kustomize: ReadonlyMap<string, unknown>,
): { onlyInHelm: string[]; onlyInKustomize: string[] } {
  return {
    onlyInHelm: [...helm.keys()].filter((k) => !kustomize.has(k)).sort(),
    onlyInKustomize: [...kustomize.keys()].filter((k) => !helm.has(k)).sort(),
  };
}

/** The checksum the chart puts on the pod template for a policy file's text. */
export const policyChecksum = (text: string): string => createHash('sha256').update(text).digest('hex');

// Editor JSON Schemas (draft-07, for yaml-language-server / VS Code) from the CRDs: pure.
import type { CustomResourceDefinition } from '../../src/api/schema/crds.js';
import type { SchemaNode } from '../../src/api/schema/openapi.js';

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A draft-07 schema node (the subset produced here). */
export type JsonSchema = { [key: string]: unknown };

/** Formats draft-07 knows; OpenAPI's int32/int64 are dropped (validators would warn about them). */
const DRAFT_07_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'regex',
]);

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** metadata, typed minimally: other ObjectMeta fields stay allowed (no additionalProperties: false). */
const METADATA: JsonSchema = {
  type: 'object',
  description: 'Standard object metadata.',
  properties: {
    name: {
      type: 'string',
      maxLength: 253,
      pattern: DNS_SUBDOMAIN,
      description: 'Name of the object, unique in its namespace (a DNS subdomain).',
    },
    namespace: {
      type: 'string',
      maxLength: 63,
      pattern: DNS_LABEL,
      description: 'Namespace of the object (a DNS label).',
    },
    labels: { type: 'object', additionalProperties: { type: 'string' }, description: 'Labels.' },
    annotations: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Annotations, e.g. ecsgmsa.io/adopt, ecsgmsa.io/suspend, ecsgmsa.io/reconcile-requested-at.',
    },
  },
};

/**
 * One node: `x-kubernetes-*` keys and non-draft-07 formats removed, `nullable` folded into `type`,
 * and `additionalProperties: false` on every object with `properties` and no `additionalProperties`
 * (the API server prunes or rejects unknown fields; an editor should flag the typo).
 */
function convert(node: SchemaNode): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'format' && !DRAFT_07_FORMATS.has(String(value))) continue;
    if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, convert(v)]),
      );
    else if (key === 'items' || key === 'additionalProperties') out[key] = convert(value as SchemaNode);
    else out[key] = value;
  }
  if (node.nullable && node.type) out.type = [node.type, 'null'];
  if (node.properties && node.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The file name of a CRD's editor schema, e.g. gmsacredentialspec_v1alpha1.json. */
export function schemaFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.names.kind.toLowerCase()}_${crd.spec.versions[0]!.name}.json`;
}

/** The editor schema of a CRD's (single) version. */
export function editorSchema(crd: CustomResourceDefinition): JsonSchema {
  const version = crd.spec.versions[0]!;
  const apiVersion = `${crd.spec.group}/${version.name}`;
  const kind = crd.spec.names.kind;
  const root = convert(version.schema.openAPIV3Schema);
  const properties = root.properties as Record<string, JsonSchema>;
  properties.apiVersion = { ...properties.apiVersion, const: apiVersion, enum: [apiVersion] };
  properties.kind = { ...properties.kind, const: kind, enum: [kind] };
  properties.metadata = METADATA;
  const required = [
    'apiVersion',
    'kind',
    'metadata',
    ...((root.required as string[] | undefined) ?? []).filter((r) => !['apiVersion', 'kind', 'metadata'].includes(r)),
  ];
  return {
    $schema: DRAFT_07,
    $comment: `Generated from crds/${crd.metadata.name}.yaml by \`npx tsx scripts/jsonschema/generate.ts\`. Do not edit. CEL rules (x-kubernetes-validations) are not expressible here: the API server and \`ecs-gmsa-operator validate\` enforce them.`,
    title: `${kind} (${apiVersion})`,
    ...root,
    required,
  };
}

/** schemas/<file> → content, for every CRD. */
export function editorSchemaFiles(crds: readonly CustomResourceDefinition[]): Map<string, string> {
  return new Map(
    crds.map((crd) => [`schemas/${schemaFileName(crd)}`, `${JSON.stringify(editorSchema(crd), null, 2)}\n`]),
  );
}

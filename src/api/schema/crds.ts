// The two CustomResourceDefinitions, assembled from the schemas: the single source crds/ is generated from.
import * as G from '../group.js';
import { ecsGmsaTaskSpecSchema, ecsGmsaTaskStatusSchema } from './ecsGmsaTask.js';
import { gmsaCredentialSpecSpecSchema, gmsaCredentialSpecStatusSchema } from './gmsaCredentialSpec.js';
import { obj, str, type SchemaNode } from './openapi.js';

interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  jsonPath: string;
  priority?: number;
  description?: string;
}

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) as plain data. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    scope: 'Namespaced';
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    versions: {
      name: string;
      served: true;
      storage: true;
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
      schema: { openAPIV3Schema: SchemaNode };
    }[];
  };
}

const readyColumns: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
];
const ageColumn: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

interface CrdInput {
  kind: string;
  plural: string;
  shortName: string;
  description: string;
  spec: SchemaNode;
  status: SchemaNode;
  columns: PrinterColumn[];
}

function crd(input: CrdInput): CustomResourceDefinition {
  const root = obj(
    {
      apiVersion: str({ description: 'APIVersion of this object.' }),
      kind: str({ description: 'Kind of this object.' }),
      metadata: { type: 'object' },
      spec: input.spec,
      status: input.status,
    },
    { description: input.description, required: ['spec'] },
  );
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${input.plural}.${G.GROUP}`, labels: { 'app.kubernetes.io/part-of': 'ecs-gmsa-operator' } },
    spec: {
      group: G.GROUP,
      scope: 'Namespaced',
      names: {
        kind: input.kind,
        listKind: `${input.kind}List`,
        plural: input.plural,
        singular: input.kind.toLowerCase(),
        shortNames: [input.shortName],
        categories: ['gmsa'],
      },
      versions: [
        {
          name: G.VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [...readyColumns, ...input.columns, ageColumn],
          schema: { openAPIV3Schema: root },
        },
      ],
    },
  };
}

/** The GmsaCredentialSpec CRD. */
export const gmsaCredentialSpecCrd: CustomResourceDefinition = crd({
  kind: G.GMSA_CREDENTIAL_SPEC_KIND,
  plural: G.GMSA_CREDENTIAL_SPEC_PLURAL,
  shortName: 'gcs',
  description:
    'A gMSA identity: renders its CredSpec JSON, stores it in SSM, S3 or a ConfigMap, and stores domainless credentials.',
  spec: gmsaCredentialSpecSpecSchema,
  status: gmsaCredentialSpecStatusSchema,
  columns: [{ name: 'ARN', type: 'string', jsonPath: '.status.credentialSpecArn' }],
});

/** The EcsGmsaTask CRD. */
export const ecsGmsaTaskCrd: CustomResourceDefinition = crd({
  kind: G.ECS_GMSA_TASK_KIND,
  plural: G.ECS_GMSA_TASK_PLURAL,
  shortName: 'egt',
  description:
    'An ECS task definition whose containers reference GmsaCredentialSpecs; registered without revision churn.',
  spec: ecsGmsaTaskSpecSchema,
  status: ecsGmsaTaskStatusSchema,
  columns: [
    { name: 'Family', type: 'string', jsonPath: '.status.family' },
    { name: 'Revision', type: 'integer', jsonPath: '.status.revision' },
    { name: 'ARN', type: 'string', jsonPath: '.status.taskDefinitionArn', priority: 1 },
  ],
});

/** Both CRDs, in apply order. */
export const allCrds: readonly CustomResourceDefinition[] = [gmsaCredentialSpecCrd, ecsGmsaTaskCrd];

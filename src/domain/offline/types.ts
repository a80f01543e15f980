// Input and output shapes of offline rendering (the `render` and `validate` commands).
import type { PolicyDocument } from '../credspec/iamPolicy.js';
import type { CredSpecDocument } from '../credspec/document.js';
import type { RegisterTaskDefinitionInput } from '../../api/types.js';
import type { Partition } from '../partition.js';
import type { TenancyConfig } from '../tenancy/policy.js';

/** One parsed YAML document and where it came from (`document` is its 0-based index in the file). */
export interface SourceDocument {
  file: string;
  document: number;
  value: unknown;
}

export interface OfflineContext {
  accountId: string;
  region: string;
  /** Overrides the partition derived from each object's region. */
  partition?: Partition;
  clusterName: string;
  /** The tenancy settings to enforce, as the operator would. */
  tenancy: TenancyConfig;
}

/** An error or warning, located precisely enough to fix. */
export interface Finding {
  file: string;
  document: number;
  kind: string;
  namespace: string;
  name: string;
  field: string;
  message: string;
}

export interface RenderedCredentialSpecOutput {
  namespace: string;
  name: string;
  document: CredSpecDocument;
  /**
   * spec.directory: the spec fields the operator discovers from the domain when the object is applied
   * (e.g. `spec.domain.sid`); the document shows a placeholder for each.
   */
  unknownUntilApplied?: string[];
  reference: string;
  arn: string;
  credentialsArn?: string;
  executionRolePolicy: PolicyDocument;
  instanceRolePolicy?: PolicyDocument;
}

export interface RenderedTaskOutput {
  namespace: string;
  name: string;
  input: RegisterTaskDefinitionInput;
}

export interface SkippedDocument {
  file: string;
  document: number;
  apiVersion: string;
  kind: string;
  name: string;
}

export interface RenderReport {
  credentialSpecs: RenderedCredentialSpecOutput[];
  taskDefinitions: RenderedTaskOutput[];
  errors: Finding[];
  warnings: Finding[];
  skipped: SkippedDocument[];
}

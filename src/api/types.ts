// The custom resource types: generated spec/status types wrapped with apiVersion, kind and metadata.
import type {
  ContainerDefinitionSpec,
  EcsGmsaTaskSpec,
  EcsGmsaTaskStatus,
  GmsaCredentialSpecSpec,
  GmsaCredentialSpecStatus,
  TaskDefinitionSpec,
} from './types.generated.js';

export type * from './types.generated.js';

/** The part of metav1.ObjectMeta the operator reads and writes. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

export interface GmsaCredentialSpec {
  apiVersion: 'ecsgmsa.io/v1alpha1';
  kind: 'GmsaCredentialSpec';
  metadata: ObjectMeta;
  spec: GmsaCredentialSpecSpec;
  status?: GmsaCredentialSpecStatus;
}

export interface EcsGmsaTask {
  apiVersion: 'ecsgmsa.io/v1alpha1';
  kind: 'EcsGmsaTask';
  metadata: ObjectMeta;
  spec: EcsGmsaTaskSpec;
  status?: EcsGmsaTaskStatus;
}

/** A container as the user writes it (with `gmsa`) and as ECS receives it (without). */
export type ContainerDefinition = ContainerDefinitionSpec;
export type TaskDefinition = TaskDefinitionSpec;
/** The exact RegisterTaskDefinition input the operator sends: no `gmsa` on containers. */
export type RegisterTaskDefinitionInput = Omit<TaskDefinitionSpec, 'containerDefinitions'> & {
  containerDefinitions: Omit<ContainerDefinitionSpec, 'gmsa'>[];
};

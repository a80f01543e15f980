// What the EcsGmsaTask reconciler depends on: ports only, wired by main.
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import type { AwsPortsFactory } from '../../aws/ports.js';
import type { TenancyConfig } from '../../domain/tenancy/policy.js';
import type { Events, ObjectWriter } from '../common/lifecycle.js';
import type { Clock } from '../../runtime/clock.js';
import type { ReconcileScopes } from '../../runtime/reconcileScope.js';

/** Reads an object from the apiserver rather than the cache. */
export interface FreshReader<T> {
  get(namespace: string, name: string): Promise<T | undefined>;
}

export interface TaskDeps {
  get(key: string): EcsGmsaTask | undefined;
  /** A GmsaCredentialSpec from the cache. */
  credentialSpec(namespace: string, name: string): GmsaCredentialSpec | undefined;
  /** Every EcsGmsaTask naming `family` in `region` (the family index). */
  claimants(region: string, family: string): EcsGmsaTask[];
  /** Status and finalizer writes, and a fresh read from the apiserver (the rollout decides on it). */
  client: ObjectWriter<EcsGmsaTask> & FreshReader<EcsGmsaTask>;
  aws: AwsPortsFactory;
  events: Events;
  clock: Clock;
  clusterName: string;
  defaultRegion: string;
  tenancy: TenancyConfig;
  accessDeniedRecheckMs: number;
  /** First poll interval of a service rollout in progress (--rollout-poll-interval). */
  rolloutPollMs: number;
  /** Where the reconcile says how its status reads while it waits for an AWS rate-limit slot. */
  waits: Pick<ReconcileScopes, 'reportWaitsWith'>;
}

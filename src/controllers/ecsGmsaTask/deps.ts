// What the EcsGmsaTask reconciler depends on: ports only, wired by main.
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import type { AwsPortsFactory } from '../../aws/ports.js';
import type { TenancyConfig } from '../../domain/tenancy/policy.js';
import type { Events } from '../common/lifecycle.js';
import type { ObjectClient } from '../../kube/objects.js';
import type { Clock } from '../../runtime/clock.js';
import type { ReconcileScopes } from '../../runtime/reconcileScope.js';

export interface TaskDeps {
  get(key: string): EcsGmsaTask | undefined;
  /** A GmsaCredentialSpec from the cache. */
  credentialSpec(namespace: string, name: string): GmsaCredentialSpec | undefined;
  /** Every EcsGmsaTask naming `family` in `region` (the family index). */
  claimants(region: string, family: string): EcsGmsaTask[];
  client: ObjectClient<EcsGmsaTask>;
  aws: AwsPortsFactory;
  events: Events;
  clock: Clock;
  clusterName: string;
  defaultRegion: string;
  tenancy: TenancyConfig;
  accessDeniedRecheckMs: number;
  /** Where the reconcile says how its status reads while it waits for an AWS rate-limit slot. */
  waits: Pick<ReconcileScopes, 'reportWaitsWith'>;
}

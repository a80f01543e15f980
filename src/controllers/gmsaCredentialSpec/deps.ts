// What the GmsaCredentialSpec reconciler depends on: ports only, wired by main.
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { AwsPortsFactory } from '../../aws/ports.js';
import type { TenancyConfig } from '../../domain/tenancy/policy.js';
import type { Events, ObjectWriter } from '../common/lifecycle.js';
import type { SecretReader } from '../../kube/secrets.js';
import type { Clock } from '../../runtime/clock.js';
import type { ReconcileScopes } from '../../runtime/reconcileScope.js';
import type { ConfigMapStore } from '../../kube/configMaps.js';
import type { DirectoryDeps } from './directory.js';

export interface CredSpecDeps {
  /** Cached objects by `namespace/name`. */
  get(key: string): GmsaCredentialSpec | undefined;
  client: ObjectWriter<GmsaCredentialSpec>;
  aws: AwsPortsFactory;
  /** The AWS account id of the operator's credentials in a region's partition (cached). */
  accountId(region: string): Promise<string>;
  readSecret: SecretReader;
  configMaps: ConfigMapStore;
  events: Events;
  clock: Clock;
  clusterName: string;
  defaultRegion: string;
  tenancy: TenancyConfig;
  /** EcsGmsaTasks (`namespace/name`) referencing a CredSpec, from the task cache's index. */
  referrers(namespace: string, name: string): string[];
  accessDeniedRecheckMs: number;
  /** Active Directory verification (spec.directory): the port, the memo and the readers it uses. */
  directory: DirectoryDeps;
  /** How soon a CredSpec stalled on an Active Directory finding is verified again (the resync period). */
  directoryRecheckMs: number;
  /** Where the reconcile says how its status reads while it waits for an AWS rate-limit slot. */
  waits: Pick<ReconcileScopes, 'reportWaitsWith'>;
}

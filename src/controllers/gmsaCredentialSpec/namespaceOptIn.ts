// The operator reads Secrets and writes ConfigMaps only in namespaces that opted in (a RoleBinding to the
// shipped ClusterRole). A refusal there is not an RBAC bug but a missing opt-in: the condition says how.
import type { ConfigMapStore } from '../../kube/configMaps.js';
import { isStatus } from '../../kube/errors.js';
import type { SecretReader } from '../../kube/secrets.js';
import { BlockedError } from '../common/outcome.js';

/** The ClusterRole a namespace binds to let the operator read its Secrets and write its ConfigMaps. */
export const TENANT_CLUSTER_ROLE = 'ecs-gmsa-operator-tenant';

/** Where the operator runs and as whom. */
export interface OperatorIdentity {
  namespace: string;
  serviceAccount: string;
}

/** The one command that opts `namespace` in. */
export function optInCommand(namespace: string, operator: OperatorIdentity): string {
  return `kubectl create rolebinding ${TENANT_CLUSTER_ROLE} --namespace ${namespace} --clusterrole ${TENANT_CLUSTER_ROLE} --serviceaccount ${operator.namespace}:${operator.serviceAccount}`;
}

function notOptedIn(namespace: string, what: string, operator: OperatorIdentity): BlockedError {
  const message = `namespace ${namespace} has not opted in: the operator may not ${what} there. A namespace admin opts in with: ${optInCommand(namespace, operator)}`;
  return new BlockedError({ kind: 'stalled', reason: 'NamespaceNotOptedIn', message });
}

async function guarded<T>(call: () => Promise<T>, refusal: () => BlockedError): Promise<T> {
  try {
    return await call();
  } catch (err: unknown) {
    if (isStatus(err, 403)) throw refusal();
    throw err;
  }
}

/** A SecretReader whose 403 says how to opt the namespace in. */
export function optInSecretReader(read: SecretReader, operator: OperatorIdentity): SecretReader {
  return (namespace, name) =>
    guarded(
      () => read(namespace, name),
      () => notOptedIn(namespace, 'read Secrets', operator),
    );
}

/** Reads one ConfigMap's data and version; `undefined` when it does not exist. */
export type ConfigMapReader = (
  namespace: string,
  name: string,
) => Promise<{ data: Record<string, string>; resourceVersion: string } | undefined>;

/** A ConfigMapReader for CA bundles whose 403 says how to opt the namespace in. */
export function optInConfigMapReader(store: Pick<ConfigMapStore, 'get'>, operator: OperatorIdentity): ConfigMapReader {
  return (namespace, name) =>
    guarded(
      () => store.get(namespace, name),
      () => notOptedIn(namespace, 'read ConfigMaps (spec.directory.caBundle names one)', operator),
    );
}

/** A ConfigMapStore whose 403s say how to opt the namespace in. */
export function optInConfigMaps(store: ConfigMapStore, operator: OperatorIdentity): ConfigMapStore {
  const refusal = (namespace: string) => (): BlockedError =>
    notOptedIn(namespace, 'read or write ConfigMaps (localFile storage publishes the CredSpec in one)', operator);
  return {
    get: (namespace, name) => guarded(() => store.get(namespace, name), refusal(namespace)),
    put: (input) => guarded(() => store.put(input), refusal(input.namespace)),
    delete: (namespace, name) => guarded(() => store.delete(namespace, name), refusal(namespace)),
  };
}

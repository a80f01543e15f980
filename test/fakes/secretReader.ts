// Kubernetes Secrets for the SecretReader port: decoded data by namespace/name, read fresh every call,
// with a resourceVersion that changes on every write (the directory memo keys on it).
import type { SecretContent, SecretReader } from '../../src/kube/secrets.js';
import { CallLog } from './callLog.js';

/** Secrets in memory; `read` is the SecretReader. */
export class FakeSecrets {
  private readonly secrets = new Map<string, SecretContent>();
  private version = 0;

  constructor(readonly log: CallLog = new CallLog()) {}

  /** Creates or replaces a Secret's (decoded) data. */
  set(namespace: string, name: string, data: Record<string, string>): void {
    this.version += 1;
    this.secrets.set(`${namespace}/${name}`, { data: { ...data }, resourceVersion: String(this.version) });
  }

  /** Deletes a Secret. */
  remove(namespace: string, name: string): void {
    this.secrets.delete(`${namespace}/${name}`);
  }

  /** The SecretReader: `undefined` when the Secret does not exist. */
  readonly read: SecretReader = async (namespace, name) => {
    await this.log.enter({ service: 'kube', operation: 'getSecret', subject: `${namespace}/${name}` });
    const secret = this.secrets.get(`${namespace}/${name}`);
    return secret ? { data: { ...secret.data }, resourceVersion: secret.resourceVersion } : undefined;
  };
}

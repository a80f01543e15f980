// What one Active Directory verification reads in the object's namespace (opted-in namespaces only): the bind
// identity (the domainless user, or spec.directory.bindSecretRef) and the CA bundle. Values go to the port;
// names and resourceVersions go to messages and the memo's fingerprint.
import type { GmsaCredentialSpec } from '../../api/types.js';
import { bindNameFor } from '../../domain/directory/bindIdentity.js';
import type { SecretReader } from '../../kube/secrets.js';
import { BlockedError } from '../common/outcome.js';
import type { DirectorySources } from './directoryOutcome.js';
import type { ConfigMapReader } from './namespaceOptIn.js';

/** The readers verification uses (the opt-in wrapped ones: only opted-in namespaces are read). */
export interface InputReaders {
  readSecret: SecretReader;
  readConfigMap: ConfigMapReader;
}

/** The domainless user, already read and checked by the reconciler (its Secret is the bind identity). */
export interface DomainlessUser {
  username: string;
  password: string;
  domainName: string;
  /** e.g. `Secret team-a/ad-user@4711`. */
  version: string;
}

/** What was read for one verification: values for the port, names and versions for messages and the memo. */
export interface Inputs {
  credentials: { username: string; password: string };
  caPem?: string;
  sources: DirectorySources;
  versions: string[];
}

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

function namespaceOf(cr: GmsaCredentialSpec): string {
  return cr.metadata.namespace ?? 'default';
}

async function bindSecret(
  cr: GmsaCredentialSpec,
  deps: InputReaders,
  name: string,
): Promise<Inputs['credentials'] & { version: string }> {
  const namespace = namespaceOf(cr);
  const secret = await deps.readSecret(namespace, name);
  if (!secret)
    throw new BlockedError({
      kind: 'waiting',
      reason: 'SecretNotFound',
      message: `Secret ${namespace}/${name} (spec.directory.bindSecretRef) not found; waiting for it`,
    });
  const missing = (['username', 'password'] as const).filter((k) => !secret.data[k]);
  if (missing.length > 0)
    throw new BlockedError({
      kind: 'stalled',
      reason: 'SecretInvalid',
      message: `secret ${name}: key${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing or empty; the bind Secret needs username and password (and optionally domainName)`,
    });
  const suffix = secret.data.domainName || cr.spec.domain.dnsName;
  return {
    username: bindNameFor(secret.data.username ?? '', suffix),
    password: secret.data.password ?? '',
    version: `Secret ${namespace}/${name}@${secret.resourceVersion}`,
  };
}

/** The CA bundle's source: what to read, and how messages name it. */
function caSource(cr: GmsaCredentialSpec): { kind: 'ConfigMap' | 'Secret'; name: string; key: string } | undefined {
  const ref = cr.spec.directory?.caBundle;
  if (ref?.configMapRef)
    return { kind: 'ConfigMap', name: ref.configMapRef.name, key: ref.configMapRef.key ?? 'ca.crt' };
  if (ref?.secretRef) return { kind: 'Secret', name: ref.secretRef.name, key: ref.secretRef.key ?? 'ca.crt' };
  return undefined;
}

async function caBundle(
  cr: GmsaCredentialSpec,
  deps: InputReaders,
): Promise<{ pem?: string; trust: string; version?: string }> {
  const source = caSource(cr);
  if (!source) return { trust: "the operator's system CAs (spec.directory.caBundle is not set)" };
  const namespace = namespaceOf(cr);
  const { kind, name, key } = source;
  const read = kind === 'ConfigMap' ? deps.readConfigMap : deps.readSecret;
  const found = await read(namespace, name);
  if (!found)
    throw new BlockedError({
      kind: 'waiting',
      reason: 'CaBundleNotFound',
      message: `${kind} ${namespace}/${name} (spec.directory.caBundle) not found; waiting for it`,
    });
  const trust = `${kind} ${namespace}/${name} key ${key}`;
  const pem = found.data[key];
  if (!pem?.includes(PEM_CERTIFICATE))
    throw new BlockedError({
      kind: 'stalled',
      reason: 'CaBundleInvalid',
      message: `${trust} ${pem === undefined ? 'does not exist' : 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'}: put the CA certificates that issued the domain controllers' certificates there`,
    });
  return { pem, trust, version: `${kind} ${namespace}/${name}@${found.resourceVersion}` };
}

/** Whom to bind as: the domainless user (its Secret already read), or the bind Secret's user. */
async function bindIdentity(
  cr: GmsaCredentialSpec,
  deps: InputReaders,
  domainless: DomainlessUser | undefined,
): Promise<Inputs['credentials'] & { version: string; secret: string }> {
  const namespace = namespaceOf(cr);
  const bindRef = cr.spec.directory?.bindSecretRef?.name;
  if (bindRef) return { ...(await bindSecret(cr, deps, bindRef)), secret: `Secret ${namespace}/${bindRef}` };
  if (!domainless) throw new Error('spec.directory without domainless needs bindSecretRef (admission checks it)');
  return {
    username: bindNameFor(domainless.username, domainless.domainName),
    password: domainless.password,
    version: domainless.version,
    secret: `Secret ${namespace}/${cr.spec.domainless?.credentialsSecretRef.name ?? ''}`,
  };
}

/**
 * Reads what verifying `cr` needs: the bind identity, then the CA bundle. Throws a BlockedError when one is
 * missing (waiting) or unusable (stalled); nothing is asked of AD then.
 */
export async function readInputs(
  cr: GmsaCredentialSpec,
  deps: InputReaders,
  domainless?: DomainlessUser,
): Promise<Inputs> {
  const bind = await bindIdentity(cr, deps, domainless);
  const ca = await caBundle(cr, deps);
  return {
    credentials: { username: bind.username, password: bind.password },
    ...(ca.pem ? { caPem: ca.pem } : {}),
    sources: { bindSecret: bind.secret, bindUser: bind.username, trust: ca.trust },
    versions: [bind.version, ...(ca.version ? [ca.version] : [])],
  };
}

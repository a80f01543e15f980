// Active Directory verification of a GmsaCredentialSpec with spec.directory: reads the bind identity and the CA
// bundle (opted-in namespaces only), answers from the memo when nothing changed within the period, otherwise
// asks the domain through the DirectoryVerifier port. Passwords go to the port and nowhere else.
import type { GmsaCredentialSpec } from '../../api/types.js';
import { bindNameFor } from '../../domain/directory/bindIdentity.js';
import type { PrincipalToCheck, VerificationRequest } from '../../domain/directory/verification.js';
import { scopeIsDomain } from '../../domain/directory/verification.js';
import { DirectoryError, type DirectoryLocation, type DirectoryVerifier } from '../../directory/index.js';
import type { SecretReader } from '../../kube/secrets.js';
import type { Clock } from '../../runtime/clock.js';
import { BlockedError } from '../common/outcome.js';
import { failureResult, memoLifetimeMs, verificationResult, type DirectoryResult } from './directoryOutcome.js';
import type { DirectorySources } from './directoryOutcome.js';
import { directoryFingerprint, type DirectoryMemo } from './directoryMemo.js';
import type { ConfigMapReader } from './namespaceOptIn.js';

/** What verification depends on, wired by the controller's index. */
export interface DirectoryDeps {
  verifier: DirectoryVerifier;
  memo: DirectoryMemo;
  readSecret: SecretReader;
  readConfigMap: ConfigMapReader;
  clock: Clock;
  /** How long a definite answer stands for unchanged inputs (the resync period, less slack). */
  ttlMs: number;
  /** Counts each verification by how it ended (metrics). */
  record?: (outcome: DirectoryVerificationOutcome) => void;
}

/** How a verification ended: asked and verified, asked and refused, not reachable, or answered from the memo. */
export type DirectoryVerificationOutcome = 'verified' | 'failed' | 'unreachable' | 'remembered';

function outcomeOf(result: DirectoryResult): DirectoryVerificationOutcome {
  if (result.kind === 'verified') return 'verified';
  return result.blocked.kind === 'retrying' ? 'unreachable' : 'failed';
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
interface Inputs {
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
  deps: DirectoryDeps,
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
  deps: DirectoryDeps,
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
  deps: DirectoryDeps,
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

async function readInputs(cr: GmsaCredentialSpec, deps: DirectoryDeps, domainless?: DomainlessUser): Promise<Inputs> {
  const bind = await bindIdentity(cr, deps, domainless);
  const ca = await caBundle(cr, deps);
  return {
    credentials: { username: bind.username, password: bind.password },
    ...(ca.pem ? { caPem: ca.pem } : {}),
    sources: { bindSecret: bind.secret, bindUser: bind.username, trust: ca.trust },
    versions: [bind.version, ...(ca.version ? [ca.version] : [])],
  };
}

/** What to verify for `cr`: its domain, its accounts, and whose permission counts. */
export function verificationRequest(cr: GmsaCredentialSpec): VerificationRequest {
  const { domain, account, additionalAccounts, directory } = cr.spec;
  const principal: PrincipalToCheck = directory?.hostGroup
    ? { kind: 'host-group', group: directory.hostGroup }
    : { kind: 'bind-user' };
  return {
    domain: {
      dnsName: domain.dnsName,
      ...(domain.sid ? { sid: domain.sid } : {}),
      ...(domain.guid ? { guid: domain.guid } : {}),
      ...(domain.netBiosName ? { netBiosName: domain.netBiosName } : {}),
    },
    accounts: [account],
    scopedAccounts: (additionalAccounts ?? []).map((a) => ({ name: a.name, scope: a.scope })),
    principal,
  };
}

function location(cr: GmsaCredentialSpec): DirectoryLocation {
  const directory = cr.spec.directory;
  if (directory?.servers)
    return {
      servers: directory.servers.map((s) => ({
        url: s.url,
        ...(s.tlsServerName ? { tlsServerName: s.tlsServerName } : {}),
      })),
    };
  return {
    discover: {
      dnsName: cr.spec.domain.dnsName,
      transport: directory?.transport === 'StartTLS' ? 'starttls' : 'ldaps',
    },
  };
}

async function ask(cr: GmsaCredentialSpec, deps: DirectoryDeps, inputs: Inputs): Promise<DirectoryResult> {
  try {
    const verified = await deps.verifier.verify({
      ...location(cr),
      ...(inputs.caPem ? { caPem: inputs.caPem } : {}),
      credentials: inputs.credentials,
      request: verificationRequest(cr),
    });
    const otherDomainAccounts = (cr.spec.additionalAccounts ?? [])
      .filter((a) => !scopeIsDomain(a.scope, verified.domain))
      .map((a) => `${a.name} (${a.scope})`);
    const { dnsName, netBiosName, sid, guid } = verified.domain;
    return verificationResult({
      server: verified.server,
      domain: { dnsName, netBiosName, sid, guid },
      findings: verified.findings,
      otherDomainAccounts,
    });
  } catch (err: unknown) {
    if (!(err instanceof DirectoryError)) throw err;
    return failureResult(
      { kind: err.kind, message: err.message, ...(err.detail ? { detail: err.detail } : {}) },
      inputs.sources,
    );
  }
}

/**
 * Verifies `cr` against its domain, or returns the remembered result when the same inputs were verified within
 * the period. Throws a BlockedError when an input is missing or unusable (nothing was asked then).
 * `domainless` is the checked content of the domainless credentials Secret, when the spec has one.
 */
export async function checkDirectory(
  cr: GmsaCredentialSpec,
  deps: DirectoryDeps,
  domainless?: DomainlessUser,
): Promise<DirectoryResult> {
  const inputs = await readInputs(cr, deps, domainless);
  const key = `${namespaceOf(cr)}/${cr.metadata.name}`;
  const fingerprint = directoryFingerprint({ cr, versions: inputs.versions });
  const remembered = deps.memo.lookup(key, fingerprint, deps.clock.now());
  if (remembered) {
    deps.record?.('remembered');
    return remembered;
  }
  const result = await ask(cr, deps, inputs);
  deps.record?.(outcomeOf(result));
  deps.memo.remember(key, {
    fingerprint,
    atMs: deps.clock.now(),
    lifetimeMs: memoLifetimeMs(result, deps.ttlMs),
    result,
  });
  return result;
}

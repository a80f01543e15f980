// Active Directory verification of a GmsaCredentialSpec with spec.directory: reads its inputs (directoryInputs.ts),
// answers from the memo when nothing changed within the period, otherwise asks the domain through the
// DirectoryVerifier port. Passwords go to the port and nowhere else.
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { PrincipalToCheck, VerificationRequest } from '../../domain/directory/verification.js';
import { scopeIsDomain } from '../../domain/directory/verification.js';
import { DirectoryError, type DirectoryLocation, type DirectoryVerifier } from '../../directory/index.js';
import type { Clock } from '../../runtime/clock.js';
import { failureResult, memoLifetimeMs, verificationResult, type DirectoryResult } from './directoryOutcome.js';
import { directoryFingerprint, type DirectoryMemo } from './directoryMemo.js';
import { readInputs, type DomainlessUser, type Inputs, type InputReaders } from './directoryInputs.js';

/** What verification depends on, wired by the controller's index. */
export interface DirectoryDeps extends InputReaders {
  verifier: DirectoryVerifier;
  memo: DirectoryMemo;
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
  const key = `${cr.metadata.namespace ?? 'default'}/${cr.metadata.name}`;
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

// The last directory verification per GmsaCredentialSpec, so a reconcile within the resync period with the same
// inputs makes no LDAP traffic. Keyed by a fingerprint of the inputs that holds no secret value: the spec fields
// verification reads and the resourceVersions of the Secrets and ConfigMap it used (never their content).
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { DirectoryResult } from './directoryOutcome.js';

/** The inputs of one verification, by name and version only. */
export interface FingerprintInput {
  cr: GmsaCredentialSpec;
  /** e.g. `Secret team-a/ad-user@4711`, `ConfigMap team-a/corp-ca@42`: what was read, at which version. */
  versions: readonly string[];
}

/**
 * A string that changes whenever verification could come out differently because of our side: the object's
 * uid, the spec fields verification reads, and the versions of what it read. It never holds a secret value
 * (nor a hash of one, which could be checked against guesses).
 */
export function directoryFingerprint(input: FingerprintInput): string {
  const { spec, metadata } = input.cr;
  return JSON.stringify({
    uid: metadata.uid ?? '',
    hostOs: spec.hostOs,
    account: spec.account,
    domain: spec.domain,
    additionalAccounts: spec.additionalAccounts ?? [],
    directory: spec.directory ?? null,
    credentialsSecret: spec.domainless?.credentialsSecretRef.name ?? null,
    versions: [...input.versions].sort(),
  });
}

interface Entry {
  fingerprint: string;
  atMs: number;
  lifetimeMs: number;
  result: DirectoryResult;
}

/** Remembered results by object key (`namespace/name`); time is passed in, so it is tested without waiting. */
export class DirectoryMemo {
  private readonly entries = new Map<string, Entry>();

  /** The remembered result for `key` when its inputs are the same and it is younger than its lifetime. */
  lookup(key: string, fingerprint: string, nowMs: number): DirectoryResult | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    return nowMs - entry.atMs < entry.lifetimeMs ? entry.result : undefined;
  }

  /** Remembers `result` for `lifetimeMs` (0: forget what was there; Infinity: until the inputs change). */
  remember(key: string, entry: Entry): void {
    if (entry.lifetimeMs > 0) this.entries.set(key, entry);
    else this.entries.delete(key);
  }

  /** Drops the entry of a deleted object. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Entries held (one per object with spec.directory that was verified). */
  get size(): number {
    return this.entries.size;
  }
}

// How a reconcile ended, as a value: the controllers' status and events are computed from it.
import type { Reason } from '../api/conditions.js';
import type { ValidationIssue } from '../domain/validation/issue.js';

/** A reconcile that could not finish, and why. Each maps to conditions in one place (status.ts). */
export type Blocked =
  /** The spec breaks a rule: Stalled until the generation changes. */
  | { kind: 'invalid'; issues: ValidationIssue[] }
  /** Something referenced is missing or not ready yet: waiting, re-queued on change. */
  | { kind: 'waiting'; reason: Extract<Reason, 'SecretNotFound' | 'CredentialSpecNotReady'>; message: string }
  /** Input outside the spec is wrong (e.g. the Secret's content): Stalled until it changes. */
  | { kind: 'stalled'; reason: Extract<Reason, 'SecretInvalid' | 'AlreadyExists' | 'FamilyConflict' | 'FamilyNotOwned' | 'NotPermitted' | 'AwsRejected' | 'AccessDenied' | 'KubernetesAccessDenied' | 'KubernetesRejected' | 'NamespaceNotOptedIn'>; message: string }
  /** Throttling, 5xx, network, a conflicting write: retried with backoff. */
  | { kind: 'retrying'; reason?: Extract<Reason, 'AwsRetrying' | 'KubernetesRetrying'>; message: string };

/** Thrown inside a reconcile to stop it with a Blocked outcome; the reconciler turns it into status. */
export class BlockedError extends Error {
  override readonly name = 'BlockedError';
  constructor(readonly blocked: Blocked) {
    super(blocked.kind === 'invalid' ? blocked.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : blocked.message);
  }
}

// The port the controllers verify gMSAs through: one call per verification, a fresh session each time (bind,
// searches, unbind), so no connection or credential outlives it.
import type { DirectoryVerification, VerificationRequest } from '../domain/directory/verification.js';
import { withDirectorySession } from './openSession.js';
import type { DirectoryConnectionOptions, DirectoryLocation } from './options.js';
import type { LdapOperationCounter } from './operationCounter.js';
import type { DirectoryResolver } from './resolver.js';
import { verifyDirectory } from './verify.js';

/** One verification: where the domain controllers are, whom to trust and bind as, and what to check. */
export type DirectoryCheck = DirectoryLocation & {
  /** PEM certificates to trust; absent: Node's bundled CAs. */
  caPem?: string;
  /** The bind name and password; the password goes to the bind and nowhere else. */
  credentials: { username: string; password: string };
  request: VerificationRequest;
};

/** The verification and the domain controller that answered. */
export type VerifiedDirectory = DirectoryVerification & { server: string };

/** Verifies gMSAs against Active Directory. */
export interface DirectoryVerifier {
  /**
   * Resolves with the facts and findings (misconfiguration included) once a domain controller answered; rejects
   * with a DirectoryError when none could be asked (see DirectoryError.kind and .retryable).
   */
  verify(check: DirectoryCheck): Promise<VerifiedDirectory>;
}

/** How the LDAP verifier connects, shared by every verification. */
export interface LdapVerifierOptions {
  /** DNS lookups for SRV discovery and host names. @default the system resolver */
  resolver?: DirectoryResolver;
  /** Receives every LDAP operation (for metrics and tests). */
  counter?: LdapOperationCounter;
  /** @default 5000 */
  connectTimeoutMs?: number;
  /** @default 10000 */
  operationTimeoutMs?: number;
}

/** The DirectoryVerifier over LDAP (ldapts): TLS always, failover across controllers, every client unbound. */
export function ldapDirectoryVerifier(options: LdapVerifierOptions = {}): DirectoryVerifier {
  return {
    verify: async (check) => {
      const { request, ...connection } = check;
      const connectionOptions: DirectoryConnectionOptions = { ...connection, ...options };
      return withDirectorySession(connectionOptions, async (session) => ({
        ...(await verifyDirectory(session, request)),
        server: session.server,
      }));
    },
  };
}

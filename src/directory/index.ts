// Active Directory access over LDAP (the only place importing ldapts): sessions, errors, verification.
export { DirectoryError, isDirectoryError, type DirectoryAttempt, type DirectoryErrorKind } from './errors.js';
export { LdapOperationCounts, type LdapOperation, type LdapOperationCounter } from './operationCounter.js';
export { openDirectorySession, withDirectorySession } from './openSession.js';
export type { DirectoryConnectionOptions, DirectoryLocation, DirectoryServerUrl } from './options.js';
export type { DirectorySession } from './port.js';
export { dnsServersResolver, systemResolver, type DirectoryResolver, type SrvTarget } from './resolver.js';
export { verifyDirectory } from './verify.js';
export {
  ldapDirectoryVerifier,
  type DirectoryCheck,
  type DirectoryVerifier,
  type LdapVerifierOptions,
  type VerifiedDirectory,
} from './verifier.js';

// Maps what ldapts and Node's sockets throw onto the closed DirectoryErrorKind set. Classification is data:
// LDAP result codes and socket/TLS error codes per kind.
import { ResultCodeError } from 'ldapts';
import { bindFailureDetail, DirectoryError, redact, type DirectoryErrorKind } from './errors.js';

/** LDAP result codes (RFC 4511) by kind. */
const RESULT_CODE_KIND: Record<number, DirectoryErrorKind> = {
  3: 'unreachable', // timeLimitExceeded
  32: 'not-found', // noSuchObject
  49: 'bad-credentials', // invalidCredentials
  50: 'insufficient-access', // insufficientAccessRights
  51: 'unreachable', // busy
  52: 'unreachable', // unavailable
};

/** Node socket error codes that mean "no answer": the next domain controller may do better. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
]);

/** Node/OpenSSL certificate verification codes. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** What happened, as the adapter tells it (the operation and the server). */
export interface FailureContext {
  /** e.g. `bind as CORP\svc-ecs`, `search for WebApp01$`. */
  operation: string;
  server: string;
  /** Scrubbed from the message, whatever the library put into it. */
  password?: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function kindOf(err: unknown): DirectoryErrorKind {
  if (err instanceof ResultCodeError) return RESULT_CODE_KIND[err.code] ?? 'other';
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && TLS_CODES.has(code)) return 'tls-untrusted';
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'other';
}

const EXPLANATION: Partial<Record<DirectoryErrorKind, string>> = {
  'bad-credentials': 'invalid credentials',
  'tls-untrusted': 'the server certificate is not trusted',
  'insufficient-access': 'insufficient access rights',
  'not-found': 'no such object',
};

/** A DirectoryError for `err`; DirectoryErrors pass through unchanged. */
export function classifyDirectoryFailure(err: unknown, ctx: FailureContext): DirectoryError {
  if (err instanceof DirectoryError) return err;
  const kind = kindOf(err);
  const raw = redact(messageOf(err), ctx.password);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = kind === 'bad-credentials' ? bindFailureDetail(raw) : undefined;
  const reason = [EXPLANATION[kind], detail, `${typeof code === 'string' ? `${code}: ` : ''}${raw.split('\n')[0]}`]
    .filter(Boolean)
    .join('; ');
  return new DirectoryError(kind, `${ctx.operation} on ${ctx.server} failed: ${reason}`, {
    server: ctx.server,
    ...(detail ? { detail } : {}),
  });
}

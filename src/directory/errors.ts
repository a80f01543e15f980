// The closed set of directory failures the operator acts on, and the error that carries one.

/**
 * - `bad-credentials`: the bind was refused (LDAP 49); a wrong password, or an account that is disabled,
 *   locked out, expired or must change its password (see `detail`). Fix the credentials.
 * - `unreachable`: no domain controller answered in time (refused, timed out, DNS found none, connection
 *   lost, server busy or unavailable). Retry with backoff.
 * - `tls-untrusted`: the domain controller's certificate is not trusted by the given CA bundle or does not
 *   carry the expected name. Fix the CA bundle or the server name.
 * - `not-found`: an object the operation needs does not exist (LDAP 32), e.g. the bind DN's entry.
 * - `insufficient-access`: the bind user may not read what verification needs (LDAP 50).
 * - `other`: anything else (protocol errors, unexpected result codes).
 */
export type DirectoryErrorKind =
  'bad-credentials' | 'unreachable' | 'tls-untrusted' | 'not-found' | 'insufficient-access' | 'other';

/** One domain controller tried while connecting, and why it failed. */
export interface DirectoryAttempt {
  server: string;
  kind: DirectoryErrorKind;
  message: string;
}

/** A failed directory operation. Its message never contains a password. */
export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
    readonly options: {
      /** The domain controller it happened on (`ldaps://host:636`), when one was reached. */
      server?: string;
      /** AD's reason for a refused bind, e.g. `account locked out (AD data 775)`. */
      detail?: string;
      /** Every domain controller tried, when connecting failed over all of them. */
      attempts?: DirectoryAttempt[];
    } = {},
  ) {
    super(message);
    this.name = 'DirectoryError';
  }

  get server(): string | undefined {
    return this.options.server;
  }

  get detail(): string | undefined {
    return this.options.detail;
  }

  get attempts(): readonly DirectoryAttempt[] {
    return this.options.attempts ?? [];
  }

  /** True for failures that may pass by themselves (`unreachable`, `other`): retry with backoff. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'other';
  }
}

/** Type guard for DirectoryError. */
export function isDirectoryError(err: unknown): err is DirectoryError {
  return err instanceof DirectoryError;
}

/** AD's `data <hex>` codes in a refused bind's diagnostic message (MS-ADTS / Windows logon status). */
const BIND_DETAIL: Record<string, string> = {
  '525': 'no such user',
  '52e': 'wrong password or unknown user',
  '530': 'not permitted to log on at this time',
  '531': 'not permitted to log on from this workstation',
  '532': 'password expired',
  '533': 'account disabled',
  '534': 'logon type not granted',
  '701': 'account expired',
  '773': 'password must be changed before first logon',
  '775': 'account locked out',
};

/** `wrong password or unknown user (AD data 52e)` from an AD bind diagnostic, else `undefined`. */
export function bindFailureDetail(diagnostic: string): string | undefined {
  const code = /\bdata ([0-9a-f]{3,8})\b/i.exec(diagnostic)?.[1]?.toLowerCase();
  if (code === undefined) return undefined;
  return `${BIND_DETAIL[code] ?? 'refused'} (AD data ${code})`;
}

/** `text` with every occurrence of `secret` replaced, so no error can carry a password even by accident. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

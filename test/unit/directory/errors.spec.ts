import {
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  ProtocolError,
  UnavailableError,
} from 'ldapts';
import { classifyDirectoryFailure } from '../../../src/directory/classify.js';
import { withDeadline } from '../../../src/directory/deadline.js';
import { bindFailureDetail, DirectoryError, redact, type DirectoryErrorKind } from '../../../src/directory/errors.js';
import { LdapOperationCounts } from '../../../src/directory/operationCounter.js';

const ctx = { operation: 'bind as CORP\\svc-ecs', server: 'ldaps://dc1.corp.example.com:636', password: 'S3cret-pw' };
const nodeError = (code: string, message: string): Error => Object.assign(new Error(message), { code });
const AD_52E = '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1';

describe('directory failure classification', () => {
  it.each<[string, unknown, DirectoryErrorKind, boolean]>([
    ['a refused bind (49)', new InvalidCredentialsError(AD_52E), 'bad-credentials', false],
    ['insufficient access (50)', new InsufficientAccessError('no'), 'insufficient-access', false],
    ['no such object (32)', new NoSuchObjectError('gone'), 'not-found', false],
    ['a server that is unavailable (52)', new UnavailableError('shutting down'), 'unreachable', true],
    ['a protocol error (2)', new ProtocolError('bad'), 'other', true],
    ['a refused connection', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:636'), 'unreachable', true],
    ['a reset connection', nodeError('ECONNRESET', 'read ECONNRESET'), 'unreachable', true],
    ['a name DNS does not know', nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND dc9'), 'unreachable', true],
    [
      'a self-signed certificate',
      nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'tls-untrusted',
      false,
    ],
    [
      'a certificate from an unknown CA',
      nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      'tls-untrusted',
      false,
    ],
    [
      'a certificate for another name',
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      'tls-untrusted',
      false,
    ],
    ['an expired certificate', nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls-untrusted', false],
    ['anything else', new Error('surprise'), 'other', true],
  ])('classifies %s', (_name, err, kind, retryable) => {
    const e = classifyDirectoryFailure(err, ctx);
    expect([e.kind, e.retryable, e.server]).toEqual([kind, retryable, ctx.server]);
  });

  it("explains a refused bind with AD's reason", () => {
    const e = classifyDirectoryFailure(new InvalidCredentialsError(AD_52E), ctx);
    expect(e.message).toBe(
      `bind as CORP\\svc-ecs on ldaps://dc1.corp.example.com:636 failed: invalid credentials; wrong password or unknown user (AD data 52e); ${AD_52E} Code: 0x31`,
    );
    expect(e.detail).toBe('wrong password or unknown user (AD data 52e)');
  });

  it('never lets the password into a message, whatever the library wrote', () => {
    const e = classifyDirectoryFailure(new Error(`bind failed for password S3cret-pw`), ctx);
    expect(e.message).not.toContain('S3cret-pw');
    expect(e.message).toContain('password ***');
  });

  it('passes a DirectoryError through unchanged', () => {
    const original = new DirectoryError('not-found', 'x');
    expect(classifyDirectoryFailure(original, ctx)).toBe(original);
  });

  it.each<[string, string | undefined]>([
    ['..., data 775, v1db1', 'account locked out (AD data 775)'],
    ['..., data 532, v1db1', 'password expired (AD data 532)'],
    ['..., data 533, v1db1', 'account disabled (AD data 533)'],
    ['..., data 773, v1db1', 'password must be changed before first logon (AD data 773)'],
    ['..., data 999, v1db1', 'refused (AD data 999)'],
    ['Invalid credentials', undefined],
  ])('reads "%s" as %s', (diagnostic, detail) => {
    expect(bindFailureDetail(diagnostic)).toBe(detail);
  });

  it('redacts every occurrence and leaves text alone without a secret', () => {
    expect(redact('a pw b pw', 'pw')).toBe('a *** b ***');
    expect(redact('a pw', undefined)).toBe('a pw');
  });
});

describe('deadlines and counts', () => {
  it('rejects with an unreachable DirectoryError and runs the abort when time is up', async () => {
    let aborted = false;
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 20, 'search on dc1', () => (aborted = true))).rejects.toThrow(
      new DirectoryError('unreachable', 'search on dc1 timed out after 20 ms'),
    );
    expect(aborted).toBe(true);
  });

  it('resolves as the work does and does not abort', async () => {
    let aborted = false;
    await expect(withDeadline(Promise.resolve(7), 1_000, 'x', () => (aborted = true))).resolves.toBe(7);
    expect(aborted).toBe(false);
  });

  it('counts operations by kind and in total', () => {
    const counts = new LdapOperationCounts();
    counts.record('bind');
    counts.record('search');
    counts.record('search');
    expect([counts.total, counts.snapshot()]).toEqual([3, { startTLS: 0, bind: 1, search: 2, unbind: 0 }]);
    counts.reset();
    expect(counts.total).toBe(0);
  });
});

// A domain controller going down and coming back, on a private Samba (the shared one is never stopped).
import { startSamba, type Samba } from '../../../devenv/samba.js';
import { SambaFixtures, type SambaObject, type SambaUser } from '../../../devenv/sambaFixtures.js';
import type { VerificationRequest } from '../../../src/domain/directory/verification.js';
import { DirectoryError } from '../../../src/directory/errors.js';
import { withDirectorySession } from '../../../src/directory/openSession.js';
import { verifyDirectory } from '../../../src/directory/verify.js';
import { ldapsOptions, srvOptions } from '../../support/directory.js';

const T = 120_000;
let samba: Samba | undefined;
let user: SambaUser;
let gmsa: SambaObject;

const started = (): Samba => {
  if (!samba) throw new Error('the private Samba did not start');
  return samba;
};

beforeAll(async () => {
  samba = await startSamba();
  const fx = await SambaFixtures.connect(samba);
  try {
    user = await fx.createUser();
    gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
  } finally {
    await fx.close();
  }
}, T);

afterAll(async () => {
  await samba?.stop();
}, T);

async function outcome(useSrv: boolean): Promise<boolean | DirectoryError> {
  const s = started();
  const request: VerificationRequest = {
    domain: { dnsName: s.dnsName },
    accounts: [gmsa.name],
    principal: { kind: 'bind-user' },
  };
  const credentials = { username: user.upn, password: user.password };
  try {
    return (
      await withDirectorySession(useSrv ? srvOptions(s, credentials) : ldapsOptions(s, credentials), (session) =>
        verifyDirectory(session, request),
      )
    ).verified;
  } catch (err: unknown) {
    if (err instanceof DirectoryError) return err;
    throw err;
  }
}

describe('a domain controller that goes down and comes back', () => {
  it(
    'is verified, then unreachable and retryable while down, then verified again with its data intact',
    async () => {
      expect(await outcome(false)).toBe(true);
      await started().stopServer();
      const down = await outcome(false);
      expect(down).toBeInstanceOf(DirectoryError);
      expect([(down as DirectoryError).kind, (down as DirectoryError).retryable]).toEqual(['unreachable', true]);
      expect((down as DirectoryError).message).toMatch(/ECONNREFUSED|ECONNRESET/);
      const downSrv = await outcome(true);
      expect((downSrv as DirectoryError).kind).toBe('unreachable');
      expect((downSrv as DirectoryError).message).toMatch(
        /^no domain controllers found for corp\.example\.com: DNS SRV _ldap\._tcp\.dc\._msdcs\.corp\.example\.com failed/,
      );
      await started().startServer();
      expect(await outcome(false)).toBe(true);
      expect(await outcome(true)).toBe(true);
    },
    T,
  );
});

// Connecting and binding to the real Samba AD DC: transports, bind names, and every connection failure class.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { claimLoopbackAddress, type LoopbackAddress } from '../../../devenv/loopbackAddress.js';
import { SambaFixtures, type SambaUser } from '../../../devenv/sambaFixtures.js';
import { DirectoryError } from '../../../src/directory/errors.js';
import { openDirectorySession, withDirectorySession } from '../../../src/directory/openSession.js';
import { LdapOperationCounts } from '../../../src/directory/operationCounter.js';
import type { DirectoryConnectionOptions } from '../../../src/directory/options.js';
import { testEnv } from '../../env/connect.js';
import { ldapsOptions, openSockets, srvOptions, testSamba } from '../../support/directory.js';

const samba = testSamba();
let user: SambaUser;
/** A loopback address nobody listens on: connections to it are refused. */
let silentAddress: LoopbackAddress;

beforeAll(async () => {
  const fx = await SambaFixtures.connect(samba);
  try {
    user = await fx.createUser();
  } finally {
    await fx.close();
  }
  silentAddress = await claimLoopbackAddress();
});

afterAll(() => silentAddress.release());

async function failure(options: DirectoryConnectionOptions): Promise<DirectoryError> {
  try {
    await withDirectorySession(options, (s) => s.readDomain());
  } catch (err: unknown) {
    if (err instanceof DirectoryError) return err;
    throw err;
  }
  throw new Error('the connection succeeded');
}

describe('connecting to a domain controller', () => {
  it.each<[string, () => DirectoryConnectionOptions, string]>([
    [
      'an explicit ldaps:// URL',
      () => ldapsOptions(samba, { username: user.upn, password: user.password }),
      `ldaps://${samba.ip}:636`,
    ],
    [
      'an explicit ldap:// URL with StartTLS',
      () => ({
        ...ldapsOptions(samba, { username: user.upn, password: user.password }),
        servers: [{ url: samba.ldapUrl, tlsServerName: samba.tlsServerName }],
      }),
      `ldap://${samba.ip}:389`,
    ],
    [
      'DNS SRV discovery over LDAPS',
      () => srvOptions(samba, { username: user.upn, password: user.password }),
      `ldaps://${samba.dcHostName}:636 (${samba.ip})`,
    ],
    [
      'DNS SRV discovery with StartTLS',
      () => srvOptions(samba, { username: user.upn, password: user.password }, 'starttls'),
      `ldap://${samba.dcHostName}:389 (${samba.ip})`,
    ],
  ])('binds through %s', async (_name, options, server) => {
    const counter = new LdapOperationCounts();
    const principal = await withDirectorySession({ ...options(), counter }, async (s) => {
      expect(s.server).toBe(server);
      return s.readBindPrincipal();
    });
    expect(principal.sid).toBe(user.sid);
    expect(counter.snapshot()).toEqual({ startTLS: server.startsWith('ldap:') ? 1 : 0, bind: 1, search: 3, unbind: 1 });
  });

  it.each<[string, () => string]>([
    ['a user principal name', () => user.upn],
    ['DOMAIN\\user', () => user.downLevel],
    ['a distinguished name', () => user.dn],
    ['the implicit UPN sAMAccountName@REALM', () => `${user.name}@${samba.realm}`],
  ])('binds as %s and finds itself again', async (_name, username) => {
    const principal = await withDirectorySession(
      ldapsOptions(samba, { username: username(), password: user.password }),
      (s) => s.readBindPrincipal(),
    );
    expect(principal).toMatchObject({ dn: user.dn, samAccountName: user.name, sid: user.sid });
  });
});

describe('connection failures', () => {
  it("reports a wrong password as bad credentials, with AD's reason and without the password, after one bind only", async () => {
    const counter = new LdapOperationCounts();
    const wrong = 'Wrong-Passw0rd-123';
    const options = ldapsOptions(samba, { username: user.upn, password: wrong });
    const err = await failure({
      ...options,
      servers: [
        ...('servers' in options ? options.servers : []),
        { url: samba.ldapUrl, tlsServerName: samba.tlsServerName },
      ],
      counter,
    });
    expect([err.kind, err.retryable, err.detail]).toEqual([
      'bad-credentials',
      false,
      'wrong password or unknown user (AD data 52e)',
    ]);
    expect(err.message).toMatch(
      new RegExp(
        `^bind as ${user.upn} on ldaps://${samba.ip.replace(/\./g, '\\.')}:636 failed: invalid credentials; wrong password or unknown user \\(AD data 52e\\)`,
      ),
    );
    expect(JSON.stringify(err) + err.message + String(err.stack)).not.toContain(wrong);
    expect(counter.snapshot()).toEqual({ startTLS: 0, bind: 1, search: 0, unbind: 0 });
  });

  it('reports a certificate from a CA not in the bundle as untrusted', async () => {
    const err = await failure({
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      caPem: readFileSync(testEnv().caCertPath, 'utf8'),
    });
    expect([err.kind, err.retryable]).toEqual(['tls-untrusted', false]);
    expect(err.message).toContain('the server certificate is not trusted');
  });

  it('reports a certificate for another name as untrusted', async () => {
    const err = await failure({
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      servers: [{ url: samba.ldapsUrl, tlsServerName: `dc9.${samba.dnsName}` }],
    });
    expect(err.kind).toBe('tls-untrusted');
    expect(err.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('reports a refused connection as unreachable and retryable', async () => {
    const err = await failure({
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      servers: [{ url: `ldaps://${silentAddress.ip}` }],
    });
    expect([err.kind, err.retryable]).toEqual(['unreachable', true]);
    expect(err.attempts.map((a) => a.server)).toEqual([`ldaps://${silentAddress.ip}:636`]);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('fails over to the next domain controller when one does not answer', async () => {
    const counter = new LdapOperationCounts();
    const options: DirectoryConnectionOptions = {
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      servers: [{ url: `ldaps://${silentAddress.ip}` }, { url: samba.ldapsUrl, tlsServerName: samba.tlsServerName }],
      counter,
    };
    const server = await withDirectorySession(options, (s) => Promise.resolve(s.server));
    expect(server).toBe(samba.ldapsUrl);
    expect(counter.snapshot()).toEqual({ startTLS: 0, bind: 2, search: 0, unbind: 1 });
  });

  describe('a server that accepts the connection and never answers', () => {
    let silent: Server;
    let port = 0;
    const accepted = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => accepted.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it.each(['ldaps', 'ldap'])('times out over %s as unreachable', async (scheme) => {
      const started = Date.now();
      const err = await failure({
        ...ldapsOptions(samba, { username: user.upn, password: user.password }),
        servers: [{ url: `${scheme}://127.0.0.1:${port}` }],
        connectTimeoutMs: 300,
        operationTimeoutMs: 300,
      });
      expect(err.kind).toBe('unreachable');
      expect(err.message).toMatch(/timed out after 600 ms/);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  it('leaves no socket open after failed and successful sessions', async () => {
    await new Promise((r) => setTimeout(r, 300)); // sockets of earlier tests finish closing
    const before = openSockets();
    await failure(ldapsOptions(samba, { username: user.upn, password: 'Wrong-Passw0rd-123' }));
    await failure({
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      caPem: readFileSync(testEnv().caCertPath, 'utf8'),
    });
    await failure({
      ...ldapsOptions(samba, { username: user.upn, password: user.password }),
      servers: [{ url: `ldaps://${silentAddress.ip}` }],
    });
    const session = await openDirectorySession(ldapsOptions(samba, { username: user.upn, password: user.password }));
    expect(openSockets()).toBeGreaterThan(before); // the count sees an open session
    await session.close();
    await session.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(openSockets()).toBeLessThanOrEqual(before);
  });

  it('refuses to search on a closed session instead of reconnecting unauthenticated', async () => {
    const session = await openDirectorySession(ldapsOptions(samba, { username: user.upn, password: user.password }));
    await session.close();
    await expect(session.readDomain()).rejects.toThrow(/the connection is closed/);
  });
});

// Opens a bound directory session: each domain controller in turn (failover on "no answer" and on an untrusted
// certificate), TLS always before the bind, and every client unbound on every failure path.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import { classifyDirectoryFailure } from './classify.js';
import { withDeadline } from './deadline.js';
import { DirectoryError, type DirectoryAttempt } from './errors.js';
import { LdapDirectorySession } from './ldapSession.js';
import type { DirectoryConnectionOptions, DirectoryTarget } from './options.js';
import type { DirectorySession } from './port.js';
import { systemResolver } from './resolver.js';
import { directoryTargets } from './targets.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;

function tlsOptions(options: DirectoryConnectionOptions, target: DirectoryTarget): ConnectionOptions {
  // SNI takes host names only; for an IP Node checks the address against the certificate itself.
  return {
    ...(isIP(target.tlsServerName) ? {} : { servername: target.tlsServerName }),
    minVersion: 'TLSv1.2',
    ...(options.caPem ? { ca: options.caPem } : {}),
  };
}

interface Timing {
  connectMs: number;
  operationMs: number;
}

function clientFor(target: DirectoryTarget, tls: ConnectionOptions): Client {
  const scheme = target.secure ? 'ldaps' : 'ldap';
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  // StartTLS targets get no client-level TLS options: ldapts mutates the object it upgrades with (adding the
  // plain socket), and sharing it with the client made Samba reset the connection.
  // No ldapts connectTimeout: withDeadline owns every time limit and reports it as a typed error.
  return new Client({
    url: `${scheme}://${host}:${target.port}`,
    ...(target.secure ? { tlsOptions: { ...tls } } : {}),
    strictDN: false,
  });
}

/** Connects (TLS or StartTLS) and binds to one target; on failure the client is unbound and the error classified. */
async function bindTo(options: DirectoryConnectionOptions, target: DirectoryTarget): Promise<LdapDirectorySession> {
  const tls = tlsOptions(options, target);
  const timing: Timing = {
    connectMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    operationMs: options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
  };
  const { username, password } = options.credentials;
  const client = clientFor(target, tls);
  const abort = (): void => void client.unbind().catch(() => undefined);
  let operation = target.secure ? 'connect' : 'StartTLS';
  try {
    if (!target.secure) {
      options.counter?.record('startTLS', target.label);
      await withDeadline(
        client.startTLS({ ...tls }),
        timing.connectMs + timing.operationMs,
        `StartTLS with ${target.label}`,
        abort,
      );
    }
    operation = `bind as ${username}`;
    options.counter?.record('bind', target.label);
    // For ldaps the bind opens the connection: its deadline covers connect, handshake and bind.
    await withDeadline(
      client.bind(username, password),
      timing.connectMs + timing.operationMs,
      `${operation} on ${target.label}`,
      abort,
    );
    return new LdapDirectorySession(client, {
      server: target.label,
      username,
      operationTimeoutMs: timing.operationMs,
      ...(options.counter ? { counter: options.counter } : {}),
    });
  } catch (err: unknown) {
    // A client whose connect or bind failed still holds a socket: unbind it or the process never exits.
    await client.unbind().catch(() => undefined);
    throw classifyDirectoryFailure(err, { operation, server: target.label, password });
  }
}

function allFailed(attempts: DirectoryAttempt[]): DirectoryError {
  const kind = attempts.some((a) => a.kind === 'tls-untrusted') ? 'tls-untrusted' : 'unreachable';
  const list = attempts.map((a) => a.message).join('; ');
  return new DirectoryError(kind, `no domain controller accepted the connection (${attempts.length} tried): ${list}`, {
    attempts,
  });
}

/**
 * Opens a bound session with the first domain controller that answers. Failure on one controller moves to
 * the next only when it did not answer or its certificate was not trusted; a refused bind, a missing entry
 * or any other answer ends the attempt at once (a wrong password is not retried against every controller,
 * which would count towards a lockout). Rejects with a DirectoryError. Close the session when done.
 */
export async function openDirectorySession(options: DirectoryConnectionOptions): Promise<DirectorySession> {
  const targets = await directoryTargets(options, options.resolver ?? systemResolver());
  const attempts: DirectoryAttempt[] = [];
  for (const target of targets) {
    try {
      return await bindTo(options, target);
    } catch (err: unknown) {
      const failure =
        err instanceof DirectoryError
          ? err
          : classifyDirectoryFailure(err, {
              operation: 'connect',
              server: target.label,
              password: options.credentials.password,
            });
      if (failure.kind !== 'unreachable' && failure.kind !== 'tls-untrusted') throw failure;
      attempts.push({ server: target.label, kind: failure.kind, message: failure.message });
    }
  }
  throw allFailed(attempts);
}

/** Opens a session, runs `fn` with it and always closes it. */
export async function withDirectorySession<T>(
  options: DirectoryConnectionOptions,
  fn: (session: DirectorySession) => Promise<T>,
): Promise<T> {
  const session = await openDirectorySession(options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

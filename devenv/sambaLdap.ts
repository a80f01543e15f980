// LDAPS connections to the test Samba as Administrator (devenv and test fixtures only; src/ has its own adapter).
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';

/** Where a Samba instance answers and how to trust it. */
export interface SambaLdapTarget {
  ldapsUrl: string;
  caPemPath: string;
  /** The name in Samba's certificate (CN only, no SAN): the TLS servername. */
  tlsServerName: string;
}

/** A bound client; the caller must `unbind()` it (prefer withLdap). */
export async function bindLdap(
  target: SambaLdapTarget,
  user: string,
  password: string,
  timeoutMs = 5_000,
): Promise<Client> {
  const client = new Client({
    url: target.ldapsUrl,
    tlsOptions: { ca: readFileSync(target.caPemPath), servername: target.tlsServerName },
    connectTimeout: timeoutMs,
    timeout: timeoutMs,
  });
  try {
    await client.bind(user, password);
    return client;
  } catch (err: unknown) {
    // A client whose bind failed still holds its socket: unbind it or the process never exits.
    await client.unbind().catch(() => undefined);
    throw err;
  }
}

/** Binds, runs `fn`, always unbinds. */
export async function withLdap<T>(
  target: SambaLdapTarget,
  user: string,
  password: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await bindLdap(target, user, password);
  try {
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

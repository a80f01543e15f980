// Reaching the test Samba AD DC from integration tests: the shared one of the jest run, connection options
// for the directory adapter, and a count of open sockets (to prove every client was unbound).
import { readFileSync } from 'node:fs';
import type { SambaHandleData } from '../../devenv/samba.js';
import type { DirectoryConnectionOptions } from '../../src/directory/options.js';
import { dnsServersResolver } from '../../src/directory/resolver.js';
import { testEnv } from '../env/connect.js';

/** The Samba AD DC the jest global setup started (startEnv({ samba: true })). */
export function testSamba(): SambaHandleData {
  const samba = testEnv().samba;
  if (!samba)
    throw new Error(
      'the shared test environment has no Samba AD DC: it is started by the jest global setup with startEnv({ samba: true })',
    );
  return samba;
}

/** Options for an explicit LDAPS URL to `samba`, trusting its CA and naming its certificate's host. */
export function ldapsOptions(
  samba: SambaHandleData,
  credentials: { username: string; password: string },
): DirectoryConnectionOptions {
  return {
    servers: [{ url: samba.ldapsUrl, tlsServerName: samba.tlsServerName }],
    caPem: readFileSync(samba.caPemPath, 'utf8'),
    credentials,
  };
}

/** Options for DNS SRV discovery through `samba`'s own DNS server. */
export function srvOptions(
  samba: SambaHandleData,
  credentials: { username: string; password: string },
  transport: 'ldaps' | 'starttls' = 'ldaps',
): DirectoryConnectionOptions {
  return {
    discover: { dnsName: samba.dnsName, transport },
    resolver: dnsServersResolver([`${samba.dns.host}:${samba.dns.port}`]),
    caPem: readFileSync(samba.caPemPath, 'utf8'),
    credentials,
  };
}

/** Open TCP and TLS sockets of this process (a client left un-unbound stays among them). */
export function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap' || r === 'TCPWrap')
    .length;
}

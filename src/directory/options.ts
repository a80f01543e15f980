// How to reach and bind to a domain's controllers.
import type { LdapOperationCounter } from './operationCounter.js';
import type { DirectoryResolver } from './resolver.js';

/** An explicit domain controller. */
export interface DirectoryServerUrl {
  /**
   * `ldaps://host[:636]` (TLS from the first byte) or `ldap://host[:389]`, on which StartTLS is always done
   * before the bind: credentials never travel in clear text.
   */
  url: string;
  /** The name the server certificate must carry. @default the URL's host */
  tlsServerName?: string;
}

/** Where the domain controllers are: an explicit list, or DNS SRV discovery. Exactly one. */
export type DirectoryLocation =
  | { servers: DirectoryServerUrl[] }
  | {
      /** Looks up `_ldap._tcp.dc._msdcs.<dnsName>` and tries the controllers in priority order (then by weight, highest first). */
      discover: {
        dnsName: string;
        /** `ldaps`: port 636 on each controller; `starttls`: the SRV port (389) with StartTLS. @default 'ldaps' */
        transport?: 'ldaps' | 'starttls';
      };
    };

/** Everything needed to open a directory session. */
export type DirectoryConnectionOptions = DirectoryLocation & {
  /** PEM certificates to trust (replacing the system store). @default Node's bundled CAs */
  caPem?: string;
  /** `user@domain`, `DOMAIN\user`, or a DN, and its password. */
  credentials: { username: string; password: string };
  /** Per domain controller: TCP connect plus TLS handshake. @default 5000 */
  connectTimeoutMs?: number;
  /** Per LDAP operation (StartTLS, bind, each search). @default 10000 */
  operationTimeoutMs?: number;
  /** DNS lookups. @default systemResolver() */
  resolver?: DirectoryResolver;
  /** Receives every LDAP operation sent. */
  counter?: LdapOperationCounter;
};

/** One connection attempt's target. */
export interface DirectoryTarget {
  /** How the target is named in messages, e.g. `ldaps://dc1.corp.example.com:636 (10.0.0.5)`. */
  label: string;
  /** Where to connect (an address, or the host name for the system to resolve). */
  host: string;
  port: number;
  /** true: ldaps; false: ldap + StartTLS. */
  secure: boolean;
  tlsServerName: string;
}

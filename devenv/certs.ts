// The test PKI made with openssl: a CA, the apiserver's serving cert, client certs, the SA signing keys.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertPair {
  certPath: string;
  keyPath: string;
}

export interface Pki {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  serving: CertPair;
  admin: CertPair;
  /** Service-account token signing key (private) and its public half (verification). */
  serviceAccountKeyPath: string;
  serviceAccountPublicKeyPath: string;
}

/** The names the serving cert is valid for (the loopback address the apiserver binds to, plus the usual in-cluster names). */
const SERVING_SANS = [
  'IP:127.0.0.1',
  'IP:10.0.0.1',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
];

// Our own config, so nothing depends on the machine's openssl.cnf.
const OPENSSL_CNF = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${SERVING_SANS.join(',')}
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (err: unknown) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
}

async function ecKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

/** An X.509 subject `/CN=<cn>/O=<o>...`, escaping the characters openssl's -subj treats specially. */
export function subject(commonName: string, organizations: readonly string[] = []): string {
  const esc = (s: string): string => s.replace(/[\\/=+]/g, (c) => `\\${c}`);
  return [`/CN=${esc(commonName)}`, ...organizations.map((o) => `/O=${esc(o)}`)].join('');
}

interface LeafSpec {
  dir: string;
  name: string;
  subject: string;
  profile: 'server' | 'client';
}

async function issueLeaf(pki: Pick<Pki, 'dir' | 'caCertPath' | 'caKeyPath'>, spec: LeafSpec): Promise<CertPair> {
  const keyPath = join(spec.dir, `${spec.name}.key`);
  const certPath = join(spec.dir, `${spec.name}.crt`);
  const csrPath = join(spec.dir, `${spec.name}.csr`);
  const cnf = join(pki.dir, 'openssl.cnf');
  await ecKey(keyPath);
  await openssl(['req', '-new', '-config', cnf, '-key', keyPath, '-subj', spec.subject, '-out', csrPath]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    pki.caCertPath,
    '-CAkey',
    pki.caKeyPath,
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '365',
    '-sha256',
    '-extfile',
    cnf,
    '-extensions',
    spec.profile,
    '-out',
    certPath,
  ]);
  return { certPath, keyPath };
}

/** Creates the whole PKI in `dir` (about a second: a handful of openssl runs). */
export async function createPki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CNF);
  const caKeyPath = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.crt');
  await ecKey(caKeyPath);
  await openssl([
    'req',
    '-x509',
    '-new',
    '-config',
    join(dir, 'openssl.cnf'),
    '-extensions',
    'ca',
    '-key',
    caKeyPath,
    '-subj',
    subject('ecs-gmsa-operator test CA'),
    '-days',
    '3650',
    '-sha256',
    '-out',
    caCertPath,
  ]);
  const ca = { dir, caCertPath, caKeyPath };
  const serviceAccountKeyPath = join(dir, 'service-account.key');
  const serviceAccountPublicKeyPath = join(dir, 'service-account.pub');
  const [serving, admin] = await Promise.all([
    issueLeaf(ca, { dir, name: 'apiserver', subject: subject('kube-apiserver'), profile: 'server' }),
    issueLeaf(ca, { dir, name: 'admin', subject: subject('admin', ['system:masters']), profile: 'client' }),
    (async () => {
      await ecKey(serviceAccountKeyPath);
      await openssl(['pkey', '-in', serviceAccountKeyPath, '-pubout', '-out', serviceAccountPublicKeyPath]);
    })(),
  ]);
  return { ...ca, serving, admin, serviceAccountKeyPath, serviceAccountPublicKeyPath };
}

/**
 * A client cert for `user` in `groups`, signed by the CA (reused when already issued for the same
 * identity). Kubernetes reads the user from CN and the groups from O.
 */
export function issueClientCert(
  ca: { caCertPath: string; caKeyPath: string; dir: string },
  user: string,
  groups: readonly string[] = [],
): Promise<CertPair> {
  const key = JSON.stringify([ca.dir, user, [...groups].sort()]);
  let pending = issuing.get(key);
  if (!pending) {
    pending = issueClientCertOnce(ca, user, groups);
    issuing.set(key, pending);
    pending.catch(() => issuing.delete(key));
  }
  return pending;
}

const issuing = new Map<string, Promise<CertPair>>();

async function issueClientCertOnce(
  ca: { caCertPath: string; caKeyPath: string; dir: string },
  user: string,
  groups: readonly string[],
): Promise<CertPair> {
  const usersDir = join(ca.dir, 'users');
  mkdirSync(usersDir, { recursive: true });
  const id = createHash('sha256')
    .update(JSON.stringify([user, [...groups].sort()]))
    .digest('hex')
    .slice(0, 12);
  const name = `${user.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40)}-${id}`;
  const existing = { certPath: join(usersDir, `${name}.crt`), keyPath: join(usersDir, `${name}.key`) };
  if (existsSync(existing.certPath)) return existing;
  // Issued under a temporary name and renamed key first, cert last: a concurrent call never sees a half pair.
  const tmp = await issueLeaf(ca, {
    dir: usersDir,
    name: `${name}.tmp-${randomBytes(4).toString('hex')}`,
    subject: subject(user, groups),
    profile: 'client',
  });
  renameSync(tmp.keyPath, existing.keyPath);
  renameSync(tmp.certPath, existing.certPath);
  rmSync(tmp.certPath.replace(/\.crt$/, '.csr'), { force: true });
  return existing;
}

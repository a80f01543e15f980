// Active Directory verification inside the GmsaCredentialSpec reconciler: what a finding or a failure becomes,
// what is remembered and for how long, and what is read — against a DirectoryVerifier that evaluates fixed AD
// data with the real evaluation code (the port the LDAP adapter implements).
import type { GmsaCredentialSpec } from '../../../src/api/types.js';
import { checkDirectory, type DirectoryDeps } from '../../../src/controllers/gmsaCredentialSpec/directory.js';
import { DirectoryMemo, directoryFingerprint } from '../../../src/controllers/gmsaCredentialSpec/directoryMemo.js';
import {
  failureResult,
  joinFindings,
  memoLifetimeMs,
  verificationResult,
  type DirectoryResult,
} from '../../../src/controllers/gmsaCredentialSpec/directoryOutcome.js';
import { BlockedError } from '../../../src/controllers/common/outcome.js';
import {
  DirectoryError,
  type DirectoryCheck,
  type DirectoryVerifier,
  type VerifiedDirectory,
} from '../../../src/directory/index.js';
import { passwordRetrievalDescriptor } from '../../../src/domain/directory/encodeSecurityDescriptor.js';
import type { DirectoryAccount, DomainFacts } from '../../../src/domain/directory/facts.js';
import { accountsToCheck, evaluateDirectory, type Finding } from '../../../src/domain/directory/verification.js';
import type { SecretContent } from '../../../src/kube/secrets.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

const PASSWORD = 'S3cret-Never-Shown';
const DOMAIN: DomainFacts = {
  dnsName: 'corp.example.com',
  netBiosName: 'CORP',
  sid: 'S-1-5-21-1-2-3',
  guid: '3d6f2787-5f06-4a00-b793-61cc302f0e44',
  namingContext: 'DC=corp,DC=example,DC=com',
};
const USER_SID = 'S-1-5-21-1-2-3-1103';
const SERVER = 'ldaps://dc1.corp.example.com:636 (10.0.0.5)';

/** The directory as a domain controller would answer: accounts by name, the bind user, and its password. */
class FixedDirectory implements DirectoryVerifier {
  readonly checks: DirectoryCheck[] = [];
  accounts = new Map<string, DirectoryAccount>();
  failure?: DirectoryError;

  gmsa(name: string, allowed: string[]): void {
    this.accounts.set(name.toLowerCase(), {
      dn: `CN=${name},CN=Managed Service Accounts,DC=corp,DC=example,DC=com`,
      samAccountName: `${name}$`,
      objectClasses: ['top', 'user', 'computer', 'msDS-GroupManagedServiceAccount'],
      sid: 'S-1-5-21-1-2-3-1200',
      groupMsaMembership: passwordRetrievalDescriptor(allowed),
    });
  }

  verify(check: DirectoryCheck): Promise<VerifiedDirectory> {
    this.checks.push(check);
    if (this.failure) return Promise.reject(this.failure);
    if (check.credentials.password !== PASSWORD)
      return Promise.reject(
        new DirectoryError(
          'bad-credentials',
          `bind as ${check.credentials.username} on ${SERVER} failed: invalid credentials`,
          {
            server: SERVER,
            detail: 'wrong password or unknown user (AD data 52e)',
          },
        ),
      );
    const accounts = accountsToCheck(check.request, DOMAIN).map((name) => {
      const entry = this.accounts.get(name.toLowerCase());
      return entry ? { name, entry } : { name };
    });
    const principal = {
      dn: 'CN=svc,CN=Users,DC=corp,DC=example,DC=com',
      samAccountName: 'svc',
      sid: USER_SID,
      groupSids: [],
    };
    const v = evaluateDirectory(check.request, { domain: DOMAIN, principal, accounts, names: new Map() });
    return Promise.resolve({ ...v, server: SERVER });
  }
}

interface Setup {
  deps: DirectoryDeps;
  directory: FixedDirectory;
  clock: FakeClock;
  secrets: Map<string, SecretContent>;
  configMaps: Map<string, SecretContent>;
  reads: string[];
  outcomes: string[];
}

function setup(): Setup {
  const directory = new FixedDirectory();
  const clock = new FakeClock();
  const secrets = new Map<string, SecretContent>();
  const configMaps = new Map<string, SecretContent>();
  const reads: string[] = [];
  const outcomes: string[] = [];
  configMaps.set('team-a/corp-ca', {
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    resourceVersion: '7',
  });
  const deps: DirectoryDeps = {
    verifier: directory,
    memo: new DirectoryMemo(),
    readSecret: (ns, name) => {
      reads.push(`Secret ${ns}/${name}`);
      return Promise.resolve(secrets.get(`${ns}/${name}`));
    },
    readConfigMap: (ns, name) => {
      reads.push(`ConfigMap ${ns}/${name}`);
      return Promise.resolve(configMaps.get(`${ns}/${name}`));
    },
    clock,
    ttlMs: 9_000,
    record: (outcome) => outcomes.push(outcome),
  };
  return { deps, directory, clock, secrets, configMaps, reads, outcomes };
}

function cr(spec: Partial<GmsaCredentialSpec['spec']> = {}): GmsaCredentialSpec {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name: 'web', namespace: 'team-a', uid: 'uid-1', generation: 1 },
    spec: {
      hostOs: 'Windows',
      account: 'WebApp01',
      domain: { dnsName: 'corp.example.com' },
      storage: { ssm: { parameterName: '/gmsa/team-a/web' } },
      domainless: { credentialsSecretRef: { name: 'ad-user' }, name: 'gmsa/team-a/web' },
      directory: { caBundle: { configMapRef: { name: 'corp-ca', key: 'ca.crt' } } },
      ...spec,
    },
  };
}

const domainless = (password = PASSWORD, version = '1') => ({
  username: 'svc',
  password,
  domainName: 'corp.example.com',
  version: `Secret team-a/ad-user@${version}`,
});

const reasonOf = (r: DirectoryResult): string => r.report.condition.reason;

describe('what verification findings become', () => {
  const finding = (code: Finding['code'], message: string = code): Finding => ({ code, severity: 'error', message });
  it.each<[Finding['code'], string]>([
    ['domain-sid-mismatch', 'DomainMismatch'],
    ['domain-dns-name-mismatch', 'DomainMismatch'],
    ['principal-not-found', 'HostGroupNotFound'],
    ['account-not-found', 'GmsaNotFound'],
    ['account-not-gmsa', 'NotAGmsa'],
    ['membership-missing', 'PasswordRetrievalNotPermitted'],
    ['retrieval-denied', 'PasswordRetrievalNotPermitted'],
    ['retrieval-null-dacl', 'PasswordRetrievalNotPermitted'],
  ])('%s stalls as %s, naming the DC asked', (code, reason) => {
    const result = verificationResult({
      server: SERVER,
      domain: DOMAIN,
      findings: [finding(code)],
      otherDomainAccounts: [],
    });
    expect(result.kind === 'blocked' && result.blocked).toEqual({
      kind: 'stalled',
      reason,
      message: `${code} (asked ${SERVER})`,
    });
    expect(result.report.condition).toMatchObject({ type: 'DirectoryVerified', status: 'False', reason });
  });

  it('several problems: the first decides the reason, all are numbered in the message', () => {
    const result = verificationResult({
      server: SERVER,
      domain: DOMAIN,
      findings: [finding('account-not-found', 'A is missing.'), finding('retrieval-denied', 'B denies.')],
      otherDomainAccounts: [],
    });
    expect([reasonOf(result), result.report.condition.message]).toEqual([
      'GmsaNotFound',
      `2 problems: (1) A is missing. (2) B denies. (asked ${SERVER})`,
    ]);
    expect(joinFindings(['only one'])).toBe('only one');
  });

  it('no problem: verified, with what was granted, the domain and the accounts of other domains left alone', () => {
    const result = verificationResult({
      server: SERVER,
      domain: DOMAIN,
      findings: [
        {
          code: 'retrieval-granted',
          severity: 'ok',
          message: 'CORP\\svc may retrieve the managed password of gMSA WebApp01 (granted directly)',
        },
      ],
      otherDomainAccounts: ['Other01 (fabrikam.com)'],
    });
    expect(result.kind).toBe('verified');
    expect(result.report.condition.message).toBe(
      `CORP\\svc may retrieve the managed password of gMSA WebApp01 (granted directly); domain corp.example.com (NetBIOS CORP, SID S-1-5-21-1-2-3, GUID 3d6f2787-5f06-4a00-b793-61cc302f0e44) as ${SERVER} reports it; not checked here (another domain): Other01 (fabrikam.com)`,
    );
  });
});

describe('what connection failures become', () => {
  const sources = {
    bindSecret: 'Secret team-a/ad-user',
    bindUser: 'svc@corp.example.com',
    trust: 'ConfigMap team-a/corp-ca key ca.crt',
  };
  it.each([
    ['bad-credentials', 'stalled', 'DirectoryBindFailed', 'correct username and password in Secret team-a/ad-user'],
    [
      'tls-untrusted',
      'stalled',
      'DirectoryCertificateUntrusted',
      'trusting ConfigMap team-a/corp-ca key ca.crt: put the CA',
    ],
    [
      'insufficient-access',
      'stalled',
      'DirectoryAccessDenied',
      'svc@corp.example.com may not read what verification needs',
    ],
    ['unreachable', 'retrying', 'DirectoryUnreachable', 'failed; retrying with backoff'],
    ['other', 'retrying', 'DirectoryUnreachable', 'failed; retrying with backoff'],
  ] as const)('%s: %s %s', (kind, blockedKind, reason, says) => {
    const result = failureResult({ kind, message: 'failed' }, sources);
    expect(result.kind === 'blocked' && [result.blocked.kind, reasonOf(result)]).toEqual([blockedKind, reason]);
    expect(result.report.condition.message).toContain(says);
  });

  it('remembers a definite answer for the period, refused credentials until the inputs change, unreachable never', () => {
    const stalled = failureResult({ kind: 'tls-untrusted', message: 'x' }, sources);
    const refused = failureResult({ kind: 'bad-credentials', message: 'x' }, sources);
    const down = failureResult({ kind: 'unreachable', message: 'x' }, sources);
    expect([memoLifetimeMs(stalled, 9), memoLifetimeMs(refused, 9), memoLifetimeMs(down, 9)]).toEqual([9, Infinity, 0]);
  });
});

describe('the fingerprint of a verification', () => {
  it('changes with the spec fields read and the versions of what was read, never holds a value', () => {
    const a = directoryFingerprint({ cr: cr(), versions: ['Secret team-a/ad-user@1', 'ConfigMap team-a/corp-ca@7'] });
    expect(
      directoryFingerprint({ cr: cr(), versions: ['ConfigMap team-a/corp-ca@7', 'Secret team-a/ad-user@1'] }),
    ).toBe(a);
    expect(
      directoryFingerprint({ cr: cr(), versions: ['Secret team-a/ad-user@2', 'ConfigMap team-a/corp-ca@7'] }),
    ).not.toBe(a);
    expect(directoryFingerprint({ cr: cr({ account: 'Other01' }), versions: ['Secret team-a/ad-user@1'] })).not.toBe(a);
    const withStatus = { ...cr(), status: { observedGeneration: 5 } };
    expect(
      directoryFingerprint({ cr: withStatus, versions: ['Secret team-a/ad-user@1', 'ConfigMap team-a/corp-ca@7'] }),
    ).toBe(a);
    expect(a).not.toContain(PASSWORD);
  });
});

describe('checkDirectory', () => {
  it('asks once, answers from the memo within the period, asks again after it', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    expect((await checkDirectory(cr(), s.deps, domainless())).kind).toBe('verified');
    s.clock.advance(8_999);
    expect((await checkDirectory(cr(), s.deps, domainless())).kind).toBe('verified');
    expect(s.directory.checks).toHaveLength(1);
    s.clock.advance(1);
    await checkDirectory(cr(), s.deps, domainless());
    expect(s.directory.checks).toHaveLength(2);
    expect(s.outcomes).toEqual(['verified', 'remembered', 'verified']);
  });

  it('binds as the domainless user (a bare name gets @domainName) with the CA, discovering through SRV', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    const result = await checkDirectory(cr(), s.deps, domainless());
    const check = s.directory.checks[0];
    expect(check).toMatchObject({
      discover: { dnsName: 'corp.example.com', transport: 'ldaps' },
      credentials: { username: 'svc@corp.example.com', password: PASSWORD },
      caPem: expect.stringContaining('BEGIN CERTIFICATE') as string,
      request: { accounts: ['WebApp01'], principal: { kind: 'bind-user' } },
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(s.reads).toEqual(['ConfigMap team-a/corp-ca']);
  });

  it('a new Secret version is verified at once, within the period', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    await checkDirectory(cr(), s.deps, domainless());
    await checkDirectory(cr(), s.deps, domainless(PASSWORD, '2'));
    expect(s.directory.checks).toHaveLength(2);
  });

  it('a refused password is not tried again until the Secret changes (lockout), however long it waits', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    expect(reasonOf(await checkDirectory(cr(), s.deps, domainless('wrong')))).toBe('DirectoryBindFailed');
    s.clock.advance(3_600_000);
    expect(reasonOf(await checkDirectory(cr(), s.deps, domainless('wrong')))).toBe('DirectoryBindFailed');
    expect(s.directory.checks).toHaveLength(1);
    expect((await checkDirectory(cr(), s.deps, domainless(PASSWORD, '2'))).kind).toBe('verified');
  });

  it('an unreachable directory is asked again on every try (the queue owns the backoff)', async () => {
    const s = setup();
    s.directory.failure = new DirectoryError('unreachable', 'connect ECONNREFUSED');
    await checkDirectory(cr(), s.deps, domainless());
    await checkDirectory(cr(), s.deps, domainless());
    expect(s.directory.checks).toHaveLength(2);
    expect(s.outcomes).toEqual(['unreachable', 'unreachable']);
  });

  it('domain-joined: binds with the bind Secret and checks the host group', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    s.secrets.set('team-a/bind', { data: { username: 'CORP\\svc', password: PASSWORD }, resourceVersion: '3' });
    const joined = cr({
      directory: {
        bindSecretRef: { name: 'bind' },
        hostGroup: 'EcsHosts',
        servers: [{ url: 'ldaps://dc1.corp.example.com' }],
      },
    });
    delete joined.spec.domainless;
    await checkDirectory(joined, s.deps);
    expect(s.directory.checks[0]).toMatchObject({
      servers: [{ url: 'ldaps://dc1.corp.example.com' }],
      credentials: { username: 'CORP\\svc', password: PASSWORD },
      request: { principal: { kind: 'host-group', group: 'EcsHosts' } },
    });
    expect(s.directory.checks[0]?.caPem).toBeUndefined();
  });

  it('checks additional accounts of this domain only, naming the others', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    s.directory.gmsa('Batch01', [USER_SID]);
    const result = await checkDirectory(
      cr({
        additionalAccounts: [
          { name: 'Batch01', scope: 'CORP' },
          { name: 'Other01', scope: 'fabrikam.com' },
        ],
      }),
      s.deps,
      domainless(),
    );
    expect(result.report.condition.message).toMatch(
      /gMSA WebApp01 .*gMSA Batch01 .*not checked here \(another domain\): Other01 \(fabrikam\.com\)$/,
    );
  });

  it.each([
    ['the bind Secret is missing', 'bind', undefined, 'waiting', 'SecretNotFound'],
    ['the bind Secret has no password', 'bind', { username: 'svc' }, 'stalled', 'SecretInvalid'],
  ])('%s: nothing is asked (%s %s)', async (_name, secretName, data, kind, reason) => {
    const s = setup();
    if (data) s.secrets.set(`team-a/${secretName}`, { data, resourceVersion: '1' });
    const joined = cr({ directory: { bindSecretRef: { name: secretName }, hostGroup: 'EcsHosts' } });
    delete joined.spec.domainless;
    await expect(checkDirectory(joined, s.deps)).rejects.toMatchObject({ blocked: { kind, reason } });
    expect(s.directory.checks).toHaveLength(0);
  });

  it.each([
    ['the CA ConfigMap is missing', undefined, 'waiting', 'CaBundleNotFound'],
    ['the key holds no certificate', { 'ca.crt': 'not a certificate' }, 'stalled', 'CaBundleInvalid'],
    ['the key is absent', { other: 'x' }, 'stalled', 'CaBundleInvalid'],
  ])('%s: nothing is asked (%s %s)', async (_name, data, kind, reason) => {
    const s = setup();
    s.configMaps.delete('team-a/corp-ca');
    if (data) s.configMaps.set('team-a/corp-ca', { data, resourceVersion: '9' });
    const err = await checkDirectory(cr(), s.deps, domainless()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).blocked).toMatchObject({ kind, reason });
    expect(s.directory.checks).toHaveLength(0);
  });

  it('a CA bundle from a Secret, with its own key', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    s.secrets.set('team-a/tls', {
      data: { 'root.pem': '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----' },
      resourceVersion: '4',
    });
    await checkDirectory(
      cr({ directory: { caBundle: { secretRef: { name: 'tls', key: 'root.pem' } } } }),
      s.deps,
      domainless(),
    );
    expect(s.reads).toEqual(['Secret team-a/tls']);
    expect(s.directory.checks[0]?.caPem).toContain('BEGIN CERTIFICATE');
  });

  it('forgets a deleted object', async () => {
    const s = setup();
    s.directory.gmsa('WebApp01', [USER_SID]);
    await checkDirectory(cr(), s.deps, domainless());
    expect(s.deps.memo.size).toBe(1);
    s.deps.memo.forget('team-a/web');
    expect(s.deps.memo.size).toBe(0);
  });
});

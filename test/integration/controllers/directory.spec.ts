// spec.directory end to end: the operator (the `run` process) verifies GmsaCredentialSpecs against the real
// Samba AD DC — discovery, every failure class with its condition and message, convergence after a fix in the
// spec, in AD or in the Secret, and a domain controller going down and coming back — with no restart.
import { readFileSync } from 'node:fs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startSamba, type Samba } from '../../../devenv/samba.js';
import { SambaFixtures, type SambaObject, type SambaUser } from '../../../devenv/sambaFixtures.js';
import { sambaDomainFacts } from '../../../devenv/sambaPython.js';
import { passwordRetrievalDescriptor } from '../../../src/domain/directory/encodeSecurityDescriptor.js';
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { testSamba } from '../../support/directory.js';
import {
  conditionOf,
  createCaConfigMap,
  createSecret,
  credSpecPath,
  directoryCredSpec,
  directoryFlags,
  getCr,
  untilReady,
  type DirectoryCr,
} from '../../support/directoryOperator.js';
import { create, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

const samba = testSamba();
/** How the operator names the DC it found through DNS SRV. */
const SRV_SERVER = `ldaps://${samba.dcHostName}:636 (${samba.ip})`;
const RESYNC = '4s';
let http: KubeHttp;
let op: RunningOperator;
let fx: SambaFixtures;
let ssm: SSMClient;
/** The domainless user, in `readers` through the nested group `team`. */
let user: SambaUser;
let readers: SambaObject;
let someoneElse: SambaUser;

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  ssm = new SSMClient(testEnv().awsClientConfig());
  fx = await SambaFixtures.connect(samba);
  user = await fx.createUser();
  const team = await fx.createGroup({ members: [user] });
  readers = await fx.createGroup({ members: [team] });
  someoneElse = await fx.createUser();
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--resync-period', RESYNC, ...directoryFlags(samba)],
  });
}, 120_000);

afterAll(async () => {
  await op?.stop();
  await fx?.close();
});

/** A namespace with the CA ConfigMap and the domainless user's Secret (`ad-user`) as users write it. */
async function tenantNamespace(password = user.password): Promise<string> {
  const ns = await freshNamespace(http, 'dir');
  await createCaConfigMap(http, samba, ns);
  await createSecret(http, ns, 'ad-user', { username: user.name, password, domainName: samba.dnsName });
  return ns;
}

async function stored(ns: string, name: string): Promise<string | undefined> {
  const out = await ssm
    .send(new GetParameterCommand({ Name: `/gmsa/${ns}/${name}` }))
    .catch((): undefined => undefined);
  return out?.Parameter?.Value;
}

async function patchSpec(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await http.request({
    method: 'PATCH',
    path: credSpecPath(ns, name),
    contentType: 'application/merge-patch+json',
    body: { spec },
  });
}

/** Stalled with `reason`, DirectoryVerified False with the same reason and message, nothing stored in AWS. */
async function expectStalled(ns: string, name: string, reason: string): Promise<DirectoryCr> {
  const cr = await untilReady(http, ns, name, reason);
  expect(conditionOf(cr, 'Stalled')).toMatchObject({ status: 'True', reason });
  expect(conditionOf(cr, 'DirectoryVerified')).toMatchObject({
    status: 'False',
    reason,
    message: conditionOf(cr, 'Ready')?.message,
  });
  expect(await stored(ns, name)).toBeUndefined();
  return cr;
}

const message = (cr: DirectoryCr): string => conditionOf(cr, 'Ready')?.message ?? '';

describe('discovery', () => {
  it('fills the SID, GUID and NetBIOS name exactly as Samba reports them, in status and in the stored CredSpec', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [readers.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    const cr = await untilReady(http, ns, 'web', 'Ready');
    const facts = await sambaDomainFacts(samba);
    expect(cr.status?.domain).toEqual(facts);
    const doc = JSON.parse((await stored(ns, 'web')) ?? '{}') as {
      DomainJoinConfig: Record<string, string>;
      ActiveDirectoryConfig: { GroupManagedServiceAccounts: { Name: string; Scope: string }[] };
    };
    expect(doc.DomainJoinConfig).toMatchObject({
      Sid: facts.sid,
      Guid: facts.guid,
      NetBiosName: facts.netBiosName,
      DnsName: samba.dnsName,
      MachineAccountName: gmsa.name,
    });
    expect(doc.ActiveDirectoryConfig.GroupManagedServiceAccounts).toEqual([
      { Name: gmsa.name, Scope: samba.dnsName },
      { Name: gmsa.name, Scope: facts.netBiosName },
    ]);
    expect(conditionOf(cr, 'DirectoryVerified')).toMatchObject({
      status: 'True',
      reason: 'DirectoryVerified',
      message: `CORP\\${user.name} may retrieve the managed password of gMSA ${gmsa.name} (granted through CORP\\${readers.name}); domain ${samba.dnsName} (NetBIOS ${facts.netBiosName}, SID ${facts.sid}, GUID ${facts.guid}) as ${SRV_SERVER} reports it`,
    });
    expect(message(cr)).toMatch(/; gMSA verified in Active Directory$/);
    expect(readFileSync(op.proc.logPath, 'utf8')).not.toContain(user.password);
  });

  it('checks the values given and keeps them as written when they match (any case)', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    const facts = await sambaDomainFacts(samba);
    const domain = { sid: facts.sid, guid: facts.guid.toUpperCase(), netBiosName: 'corp' };
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user', domain }));
    await untilReady(http, ns, 'web', 'Ready');
    const doc = JSON.parse((await stored(ns, 'web')) ?? '{}') as { DomainJoinConfig: Record<string, string> };
    expect(doc.DomainJoinConfig).toMatchObject({ Guid: facts.guid.toUpperCase(), NetBiosName: 'corp' });
  });
});

describe('every failure class gives its condition and says what to change', () => {
  it('no such account: GmsaNotFound with the New-ADServiceAccount that creates it', async () => {
    const ns = await tenantNamespace();
    await create(http, directoryCredSpec(ns, 'web', { account: 'NoSuchGmsa01', secret: 'ad-user' }));
    const cr = await expectStalled(ns, 'web', 'GmsaNotFound');
    expect(message(cr)).toBe(
      `gMSA NoSuchGmsa01 does not exist in corp.example.com (no account with sAMAccountName NoSuchGmsa01$). In AD run: New-ADServiceAccount -Name NoSuchGmsa01 -DNSHostName NoSuchGmsa01.corp.example.com -PrincipalsAllowedToRetrieveManagedPassword ${user.name} (asked ${SRV_SERVER})`,
    );
  });

  it('a plain user account named like the gMSA: NotAGmsa', async () => {
    const ns = await tenantNamespace();
    const lookalike = await fx.createLookalikeUser();
    await create(http, directoryCredSpec(ns, 'web', { account: lookalike.name, secret: 'ad-user' }));
    const cr = await expectStalled(ns, 'web', 'NotAGmsa');
    expect(message(cr)).toBe(
      `${lookalike.name}$ in corp.example.com is a user account (${lookalike.dn}), not a group managed service account (objectClass msDS-GroupManagedServiceAccount). Use the name of an existing gMSA, or rename or remove that account and create the gMSA: New-ADServiceAccount -Name ${lookalike.name} -DNSHostName ${lookalike.name}.corp.example.com -PrincipalsAllowedToRetrieveManagedPassword ${user.name} (asked ${SRV_SERVER})`,
    );
  });

  it('a grant to someone else: PasswordRetrievalNotPermitted naming who is allowed and the command that adds the user', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [someoneElse.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    const cr = await expectStalled(ns, 'web', 'PasswordRetrievalNotPermitted');
    expect(message(cr)).toBe(
      `gMSA ${gmsa.name} does not let CORP\\${user.name} retrieve its managed password: msDS-GroupMSAMembership allows only CORP\\${someoneElse.name}. In AD run: Set-ADServiceAccount -Identity ${gmsa.name} -PrincipalsAllowedToRetrieveManagedPassword ${someoneElse.name}, ${user.name} (asked ${SRV_SERVER})`,
    );
  });

  it('a wrong password in the Secret: DirectoryBindFailed naming the Secret, never the password', async () => {
    const wrong = 'Wrong-Pa55word-not-this-one';
    const ns = await tenantNamespace(wrong);
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    const cr = await expectStalled(ns, 'web', 'DirectoryBindFailed');
    expect(message(cr)).toMatch(
      new RegExp(
        `^bind as ${user.name}@corp\\.example\\.com on ldaps://dc1\\.corp\\.example\\.com:636 \\(${samba.ip.replaceAll('.', '\\.')}\\) failed: invalid credentials; wrong password or unknown user \\(AD data 52e\\); .*\\. Active Directory refused the bind as ${user.name}@corp\\.example\\.com \\(wrong password or unknown user \\(AD data 52e\\)\\): correct username and password in Secret ${ns}/ad-user\\. It is not retried until that Secret changes \\(repeated failed binds lock accounts out\\)$`,
      ),
    );
    expect(JSON.stringify(cr.status)).not.toContain(wrong);
    const events = await http.request<{ items: { reason?: string; note?: string }[] }>({
      method: 'GET',
      path: `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
    });
    expect(events.items.map((e) => e.reason)).toContain('DirectoryBindFailed');
    expect(JSON.stringify(events.items)).not.toContain(wrong);
    expect(readFileSync(op.proc.logPath, 'utf8')).not.toContain(wrong);
  });

  it("a SID that is not the domain's: DomainMismatch naming both values", async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    const facts = await sambaDomainFacts(samba);
    const sid = 'S-1-5-21-1-2-3';
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user', domain: { sid } }));
    const cr = await expectStalled(ns, 'web', 'DomainMismatch');
    expect(message(cr)).toBe(
      `the domain SID given in the spec is ${sid} but corp.example.com has domain SID ${facts.sid}: correct it, or omit it to use the discovered value (asked ${SRV_SERVER})`,
    );
    expect(cr.status?.domain).toEqual(facts);
  });

  it('an LDAPS certificate the trusted CAs did not issue: DirectoryCertificateUntrusted', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user', directory: {} }));
    const cr = await expectStalled(ns, 'web', 'DirectoryCertificateUntrusted');
    expect(message(cr)).toMatch(/^no domain controller accepted the connection \(1 tried\): .*certificate/);
    expect(message(cr)).toMatch(
      /trusting the operator's system CAs \(spec\.directory\.caBundle is not set\): put the CA that issued the domain controllers' certificates in spec\.directory\.caBundle, or set servers\[\]\.tlsServerName to the name their certificates carry$/,
    );
  });

  it('a grant through a nested group is Ready', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [readers.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    const cr = await untilReady(http, ns, 'web', 'Ready');
    expect(conditionOf(cr, 'DirectoryVerified')?.message).toContain(`(granted through CORP\\${readers.name})`);
  });

  it('domain-joined: the host group must be allowed; a missing group is HostGroupNotFound', async () => {
    const ns = await tenantNamespace();
    const host = await fx.createUser();
    const hosts = await fx.createGroup();
    const gmsa = await fx.createGmsa({ allowedSids: [hosts.sid] });
    await createSecret(http, ns, 'bind', { username: host.downLevel, password: host.password });
    const joined = (name: string, hostGroup: string) => {
      const m = directoryCredSpec(ns, name, { account: gmsa.name, secret: '' });
      const spec = m.spec as Record<string, unknown>;
      delete spec.domainless;
      spec.directory = { caBundle: { configMapRef: { name: 'corp-ca' } }, bindSecretRef: { name: 'bind' }, hostGroup };
      return m;
    };
    await create(http, joined('ok', hosts.name));
    await create(http, joined('nogroup', 'NoSuchHosts'));
    const ok = await untilReady(http, ns, 'ok', 'Ready');
    expect(conditionOf(ok, 'DirectoryVerified')?.message).toMatch(
      new RegExp(
        `^CORP\\\\${hosts.name} may retrieve the managed password of gMSA ${gmsa.name} \\(granted directly\\)`,
      ),
    );
    const missing = await expectStalled(ns, 'nogroup', 'HostGroupNotFound');
    expect(message(missing)).toBe(
      `the host group NoSuchHosts does not exist in corp.example.com: create it (New-ADGroup -Name NoSuchHosts -GroupScope Global -GroupCategory Security), add the ECS container instances' computer accounts to it, or correct the host group in the spec (asked ${SRV_SERVER})`,
    );
  });
});

describe('a fix converges without a restart', () => {
  it('in the spec: a wrong SID removed, the discovered one is used', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    await create(
      http,
      directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user', domain: { sid: 'S-1-5-21-1-2-3' } }),
    );
    await expectStalled(ns, 'web', 'DomainMismatch');
    await patchSpec(ns, 'web', { domain: { sid: null } });
    const cr = await untilReady(http, ns, 'web', 'Ready');
    expect(conditionOf(cr, 'Stalled')).toBeUndefined();
    expect(await stored(ns, 'web')).toContain((await sambaDomainFacts(samba)).sid);
  });

  it('in AD: the suggested Set-ADServiceAccount is picked up on the next resync', async () => {
    const ns = await tenantNamespace();
    const gmsa = await fx.createGmsa({ allowedSids: [someoneElse.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    await expectStalled(ns, 'web', 'PasswordRetrievalNotPermitted');
    await fx.setMembership(gmsa, passwordRetrievalDescriptor([someoneElse.sid, user.sid]));
    const cr = await untilReady(http, ns, 'web', 'Ready', 20_000);
    expect(conditionOf(cr, 'DirectoryVerified')?.message).toContain('(granted directly)');
  });

  it('in the Secret: the corrected password is verified at once (the Secret is watched)', async () => {
    const ns = await tenantNamespace('Wrong-Pa55word-not-this-one');
    const gmsa = await fx.createGmsa({ allowedSids: [user.sid] });
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user' }));
    await expectStalled(ns, 'web', 'DirectoryBindFailed');
    await http.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/secrets/ad-user`,
      contentType: 'application/merge-patch+json',
      body: { stringData: { password: user.password } },
    });
    await untilReady(http, ns, 'web', 'Ready', 10_000);
  });
});

describe('a domain controller that goes down and comes back', () => {
  let dc: Samba | undefined;
  afterAll(async () => {
    await dc?.stop();
  }, 60_000);

  it('is Reconciling with DirectoryUnreachable while down (never Ready), then Ready again without a restart', async () => {
    dc = await startSamba();
    const local = await SambaFixtures.connect(dc);
    const dcUser = await local.createUser();
    const gmsa = await local.createGmsa({ allowedSids: [dcUser.sid] });
    await local.close();
    const ns = await freshNamespace(http, 'dir');
    await createCaConfigMap(http, dc, ns);
    await createSecret(http, ns, 'ad-user', {
      username: dcUser.name,
      password: dcUser.password,
      domainName: dc.dnsName,
    });
    const directory = {
      servers: [{ url: dc.ldapsUrl, tlsServerName: dc.tlsServerName }],
      caBundle: { configMapRef: { name: 'corp-ca' } },
    };
    await create(http, directoryCredSpec(ns, 'web', { account: gmsa.name, secret: 'ad-user', directory }));
    await untilReady(http, ns, 'web', 'Ready');
    await dc.stopServer();
    // Verified again on the resync: now nobody answers.
    const down = await untilReady(http, ns, 'web', 'DirectoryUnreachable', 20_000);
    expect(conditionOf(down, 'Reconciling')).toMatchObject({ status: 'True', reason: 'DirectoryUnreachable' });
    expect(conditionOf(down, 'Stalled')).toBeUndefined();
    expect(conditionOf(down, 'DirectoryVerified')).toMatchObject({ status: 'False', reason: 'DirectoryUnreachable' });
    expect(message(down)).toMatch(
      new RegExp(
        `^no domain controller accepted the connection \\(1 tried\\): bind as ${dcUser.name}@corp\\.example\\.com on ${dc.ldapsUrl.replaceAll('.', '\\.')} failed: ECONNREFUSED: .*; retrying with backoff$`,
      ),
    );
    await dc.startServer();
    const back = await untilReady(http, ns, 'web', 'Ready', 40_000);
    expect(conditionOf(back, 'DirectoryVerified')?.status).toBe('True');
  });
});

describe('what a CredSpec without spec.directory sees', () => {
  it('nothing changes: no DirectoryVerified, no status.domain', async () => {
    const ns = await freshNamespace(http, 'dir');
    await create(http, {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'GmsaCredentialSpec',
      metadata: { name: 'plain', namespace: ns },
      spec: {
        hostOs: 'Windows',
        account: 'WebApp01',
        domain: {
          dnsName: 'contoso.com',
          netBiosName: 'CONTOSO',
          sid: 'S-1-5-21-2554468230-2647958158-2204241789',
          guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
        },
        storage: { ssm: { parameterName: `/gmsa/${ns}/plain` } },
      },
    });
    const cr = await untilReady(http, ns, 'plain', 'Ready');
    expect(conditionOf(cr, 'DirectoryVerified')).toBeUndefined();
    expect(cr.status?.domain).toBeUndefined();
    expect((await getCr(http, ns, 'plain')).status?.conditions?.map((c) => c.type).sort()).toEqual([
      'CredentialSpecStored',
      'Ready',
    ]);
  });
});

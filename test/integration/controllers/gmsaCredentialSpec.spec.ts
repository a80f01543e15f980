// The GmsaCredentialSpec controller end to end: the `run` process against the real apiserver and moto.
import { readFileSync } from 'node:fs';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
  DeleteParameterCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ssm';
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
  DescribeSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  GetObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { KubeHttp } from '../../../src/kube/http.js';
import { testEnv, resetAws } from '../../env/connect.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { refuseWrites } from '../../support/admission.js';

const PASSWORD = 'Rotat3-Me-Pa55w0rd!';
const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';
const ACCOUNT = '123456789012'; // moto's
// moto stores and answers KMS key ids as written, without checking that the key exists.
const KEY_A = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY_B = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

let http: KubeHttp;
let op: RunningOperator;
let ssm: SSMClient;
let sm: SecretsManagerClient;
let s3: S3Client;

interface Cr {
  metadata: { name: string; namespace: string; uid: string; finalizers?: string[]; resourceVersion: string };
  status?: {
    conditions?: { type: string; status: string; reason: string; message: string }[];
    credentialSpecArn?: string;
    credentialSpecReference?: string;
    credentialsArn?: string;
    contentSha256?: string;
    executionRolePolicy?: string;
    configMapName?: string;
    previousLocations?: unknown[];
  };
}

const path = (ns: string, name = ''): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs${name ? `/${name}` : ''}`;
const get = (ns: string, name: string): Promise<Cr> => http.request<Cr>({ method: 'GET', path: path(ns, name) });
const condition = (cr: Cr, type: string) => cr.status?.conditions?.find((c) => c.type === type);

async function until(ns: string, name: string, reason: string, timeoutMs = 30_000): Promise<Cr> {
  return eventually(
    async () => {
      const cr = await get(ns, name);
      return condition(cr, 'Ready')?.reason === reason ? cr : undefined;
    },
    timeoutMs,
    `${ns}/${name} Ready reason ${reason}`,
  );
}

function credSpec(ns: string, name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: ns, ...metadata },
    spec: {
      account: 'WebApp01',
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      ...spec,
    },
  };
}

async function secret(ns: string, name: string, data: Record<string, string>): Promise<void> {
  await http.request({
    method: 'POST',
    path: `/api/v1/namespaces/${ns}/secrets`,
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, stringData: data },
  });
}

const adUser = { username: 'svc-gmsa', password: PASSWORD, domainName: 'contoso.com' };

/** The CredSpec bytes AWS should hold, written out by hand (not by our renderer). */
function expectedDocument(hostOs: 'Windows' | 'Linux', credentialArn?: string): string {
  const host =
    credentialArn === undefined
      ? ''
      : hostOs === 'Windows'
        ? `,\n    "HostAccountConfig": {\n      "PortableCcgVersion": "1",\n      "PluginGUID": "{859E1386-BDB4-49E8-85C7-3070B13920E1}",\n      "PluginInput": "{\\"credentialArn\\": \\"${credentialArn}\\"}"\n    }`
        : `,\n    "HostAccountConfig": {\n      "PortableCcgVersion": "1",\n      "PluginGUID": "{859E1386-BDB4-49E8-85C7-3070B13920E1}",\n      "PluginInput": {\n        "CredentialArn": "${credentialArn}"\n      }\n    }`;
  return `{
  "CmsPlugins": [
    "ActiveDirectory"
  ],
  "DomainJoinConfig": {
    "Sid": "${SID}",
    "MachineAccountName": "WebApp01",
    "Guid": "${GUID}",
    "DnsTreeName": "contoso.com",
    "DnsName": "contoso.com",
    "NetBiosName": "contoso"
  },
  "ActiveDirectoryConfig": {
    "GroupManagedServiceAccounts": [
      {
        "Name": "WebApp01",
        "Scope": "contoso.com"
      },
      {
        "Name": "WebApp01",
        "Scope": "contoso"
      }
    ]${host}
  }
}
`;
}

async function ssmValue(name: string): Promise<string | undefined> {
  const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })).catch(() => undefined);
  return out?.Parameter?.Value;
}

async function s3Body(bucket: string, key: string): Promise<string | undefined> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  return out?.Body?.transformToString();
}

async function versions(secretId: string): Promise<number> {
  const out = await sm.send(new ListSecretVersionIdsCommand({ SecretId: secretId }));
  return out.Versions?.length ?? 0;
}

async function annotate(ns: string, name: string, annotations: Record<string, string | null>): Promise<void> {
  await http.request({
    method: 'PATCH',
    path: path(ns, name),
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations } },
  });
}

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  const aws = testEnv().awsClientConfig();
  ssm = new SSMClient(aws);
  sm = new SecretsManagerClient(aws);
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'credspecs' }));
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--resync-period', '3s', '--s3-bucket', 'credspecs', '--kms-key', KEY_A, '--kms-key', KEY_B],
  });
});

afterAll(async () => {
  await op?.stop();
});

describe('GmsaCredentialSpec: each storage × domainless/domain-joined × host OS reaches Ready with the right content', () => {
  it('SSM, domain-joined, Windows', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }),
    );
    const cr = await until(ns, 'web', 'Ready');
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBe(expectedDocument('Windows'));
    expect(cr.status?.credentialSpecArn).toBe(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/web`);
    expect(cr.status?.credentialSpecReference).toBe(
      `credentialspec:arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/web`,
    );
    expect(JSON.parse(cr.status?.executionRolePolicy ?? '{}')).toStrictEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadCredentialSpec',
          Effect: 'Allow',
          Action: ['ssm:GetParameters'],
          Resource: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/web`],
        },
      ],
    });
    expect(cr.metadata.finalizers).toContain('ecsgmsa.io/cleanup');
    const tags = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `/gmsa/${ns}/web` }),
    );
    expect(Object.fromEntries((tags.TagList ?? []).map((t) => [t.Key, t.Value]))).toMatchObject({
      'ecsgmsa.io/namespace': ns,
      'ecsgmsa.io/name': 'web',
      'ecsgmsa.io/kind': 'GmsaCredentialSpec',
      'ecsgmsa.io/cluster': 'default',
    });
  });

  it('SSM, domainless in Secrets Manager, Windows: PluginInput is a JSON string', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await secret(ns, 'ad-user', adUser);
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/ad-user` },
      }),
    );
    const cr = await until(ns, 'web', 'Ready');
    const secretArn = cr.status?.credentialsArn ?? '';
    expect(secretArn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:gmsa/${ns}/ad-user-\\w{6}$`),
    );
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBe(expectedDocument('Windows', secretArn));
    const stored = await sm.send(new GetSecretValueCommand({ SecretId: secretArn }));
    expect(JSON.parse(stored.SecretString ?? '{}')).toStrictEqual(adUser);
    expect(cr.status?.credentialSpecReference).toBe(
      `credentialspecdomainless:arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/web`,
    );
    expect(condition(cr, 'CredentialsStored')?.status).toBe('True');
  });

  it('S3, domainless in Secrets Manager, Linux: PluginInput is an object', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await secret(ns, 'ad-user', adUser);
    await create(
      http,
      credSpec(ns, 'rep', {
        hostOs: 'Linux',
        storage: { s3: { bucket: 'credspecs', key: `gmsa/${ns}/rep.json` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/rep` },
      }),
    );
    const cr = await until(ns, 'rep', 'Ready');
    expect(await s3Body('credspecs', `gmsa/${ns}/rep.json`)).toBe(expectedDocument('Linux', cr.status?.credentialsArn));
    expect(cr.status?.credentialSpecArn).toBe(`arn:aws:s3:::credspecs/gmsa/${ns}/rep.json`);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'credspecs', Key: `gmsa/${ns}/rep.json` }));
    expect(tags.TagSet?.map((t) => t.Key).sort()).toStrictEqual([
      'ecsgmsa.io/cluster',
      'ecsgmsa.io/kind',
      'ecsgmsa.io/name',
      'ecsgmsa.io/namespace',
    ]);
  });

  it('S3, domain-joined, Linux', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await create(
      http,
      credSpec(ns, 'batch', {
        hostOs: 'Linux',
        storage: { s3: { bucket: 'credspecs', key: `gmsa/${ns}/batch.json` } },
      }),
    );
    await until(ns, 'batch', 'Ready');
    expect(await s3Body('credspecs', `gmsa/${ns}/batch.json`)).toBe(expectedDocument('Linux'));
  });

  it('SSM, domainless in an SSM SecureString, Windows', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await secret(ns, 'ad-user', adUser);
    await create(
      http,
      credSpec(ns, 'bill', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/bill` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, store: 'SsmParameter', name: `/gmsa/${ns}/bill-user` },
      }),
    );
    const cr = await until(ns, 'bill', 'Ready');
    const param = await ssm.send(new GetParameterCommand({ Name: `/gmsa/${ns}/bill-user`, WithDecryption: true }));
    expect(param.Parameter?.Type).toBe('SecureString');
    expect(JSON.parse(param.Parameter?.Value ?? '{}')).toStrictEqual(adUser);
    expect(cr.status?.credentialsArn).toBe(`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/bill-user`);
    expect(await ssmValue(`/gmsa/${ns}/bill`)).toBe(expectedDocument('Windows', cr.status?.credentialsArn));
    expect((await ssm.send(new GetParameterCommand({ Name: `/gmsa/${ns}/bill` }))).Parameter?.Type).toBe('String');
  });

  it('localFile, domain-joined, Windows: published in an owned ConfigMap with placement instructions', async () => {
    const ns = await freshNamespace(http, 'gcs');
    await create(
      http,
      credSpec(ns, 'intra', { hostOs: 'Windows', storage: { localFile: { path: 'gmsa\\intra.json' } } }),
    );
    const cr = await until(ns, 'intra', 'Ready');
    expect(cr.status?.credentialSpecReference).toBe('credentialspec:file://gmsa\\intra.json');
    expect(condition(cr, 'CredentialSpecStored')?.message).toContain(
      'C:\\ProgramData\\Docker\\CredentialSpecs\\gmsa\\intra.json',
    );
    const cm = await http.request<{ data: Record<string, string>; metadata: { ownerReferences: { uid: string }[] } }>({
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/configmaps/intra-credspec`,
    });
    expect(cm.data['intra.json']).toBe(expectedDocument('Windows'));
    expect(cm.metadata.ownerReferences[0]?.uid).toBe(cr.metadata.uid);
  });
});

describe('GmsaCredentialSpec: the remaining storage × identity × OS combinations', () => {
  it.each([
    ['SSM, domain-joined, Linux', 'Linux', (ns: string) => ({ ssm: { parameterName: `/gmsa/${ns}/c` } }), false],
    [
      'SSM, domainless in Secrets Manager, Linux',
      'Linux',
      (ns: string) => ({ ssm: { parameterName: `/gmsa/${ns}/c` } }),
      true,
    ],
    [
      'S3, domain-joined, Windows',
      'Windows',
      (ns: string) => ({ s3: { bucket: 'credspecs', key: `gmsa/${ns}/c.json` } }),
      false,
    ],
    [
      'S3, domainless in Secrets Manager, Windows',
      'Windows',
      (ns: string) => ({ s3: { bucket: 'credspecs', key: `gmsa/${ns}/c.json` } }),
      true,
    ],
    ['localFile, domainless in Secrets Manager, Windows', 'Windows', () => ({ localFile: { path: 'c.json' } }), true],
  ] as const)('%s', async (_name, hostOs, storage, domainless) => {
    const ns = await freshNamespace(http, 'combo');
    if (domainless) await secret(ns, 'ad-user', adUser);
    const spec = {
      hostOs,
      storage: storage(ns),
      ...(domainless ? { domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/c` } } : {}),
    };
    await create(http, credSpec(ns, 'c', spec));
    const cr = await until(ns, 'c', 'Ready');
    const expected = expectedDocument(hostOs, domainless ? cr.status?.credentialsArn : undefined);
    const stored =
      'ssm' in spec.storage
        ? await ssmValue(`/gmsa/${ns}/c`)
        : 's3' in spec.storage
          ? await s3Body('credspecs', `gmsa/${ns}/c.json`)
          : (
              await http.request<{ data: Record<string, string> }>({
                method: 'GET',
                path: `/api/v1/namespaces/${ns}/configmaps/c-credspec`,
              })
            ).data['c.json'];
    expect(stored).toBe(expected);
    expect(
      cr.status?.credentialSpecReference?.startsWith(domainless ? 'credentialspecdomainless:' : 'credentialspec:'),
    ).toBe(true);
  });
});

describe('GmsaCredentialSpec: suspend and storage moves', () => {
  it('suspend stops AWS writes until lifted', async () => {
    const ns = await freshNamespace(http, 'susp');
    await create(
      http,
      credSpec(
        ns,
        'web',
        { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/s` } } },
        { annotations: { 'ecsgmsa.io/suspend': 'true' } },
      ),
    );
    await until(ns, 'web', 'Suspended');
    expect(await ssmValue(`/gmsa/${ns}/s`)).toBeUndefined();
    await annotate(ns, 'web', { 'ecsgmsa.io/suspend': null });
    await until(ns, 'web', 'Ready');
    expect(await ssmValue(`/gmsa/${ns}/s`)).toBe(expectedDocument('Windows'));
  });

  it('a storage move keeps the previous object, listed in previousLocations, and deletes both under Delete', async () => {
    const ns = await freshNamespace(http, 'move');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/one` } } }),
    );
    await until(ns, 'web', 'Ready');
    await http.request({
      method: 'PATCH',
      path: path(ns, 'web'),
      contentType: 'application/merge-patch+json',
      body: { spec: { storage: { ssm: { parameterName: `/gmsa/${ns}/two` } } } },
    });
    const moved = await eventually(
      async () => {
        const cr = await get(ns, 'web');
        return cr.status?.credentialSpecArn?.endsWith('/two') && condition(cr, 'Ready')?.status === 'True'
          ? cr
          : undefined;
      },
      20_000,
      'moved to /two',
    );
    expect(moved.status?.previousLocations).toStrictEqual([
      {
        kind: 'ssm',
        arn: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/gmsa/${ns}/one`,
        region: 'us-east-1',
        parameterName: `/gmsa/${ns}/one`,
      },
    ]);
    expect(await ssmValue(`/gmsa/${ns}/one`)).toBe(expectedDocument('Windows'));
    expect(await ssmValue(`/gmsa/${ns}/two`)).toBe(expectedDocument('Windows'));
    await http.request({ method: 'DELETE', path: path(ns, 'web') });
    await eventually(
      async () =>
        (await ssmValue(`/gmsa/${ns}/one`)) === undefined && (await ssmValue(`/gmsa/${ns}/two`)) === undefined
          ? true
          : undefined,
      20_000,
      'both locations deleted',
    );
  });
});

describe('GmsaCredentialSpec: writes only what changed', () => {
  it('a Secret rotation makes exactly one new secret version; an unchanged resync writes nothing', async () => {
    const ns = await freshNamespace(http, 'rot');
    await secret(ns, 'ad-user', adUser);
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/rot` },
      }),
    );
    const cr = await until(ns, 'web', 'Ready');
    const arn = cr.status?.credentialsArn ?? '';
    expect(await versions(arn)).toBe(1);
    // Steady state: several resyncs (3 s period) without any AWS write for this object.
    const before = op.proxy.writes().length;
    await new Promise((r) => setTimeout(r, 7000));
    expect(op.proxy.writes().slice(before)).toStrictEqual([]);
    await http.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/secrets/ad-user`,
      contentType: 'application/merge-patch+json',
      body: { stringData: { password: `${PASSWORD}-2` } },
    });
    await eventually(
      async () => {
        const value = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
        return (JSON.parse(value.SecretString ?? '{}') as { password?: string }).password === `${PASSWORD}-2`
          ? true
          : undefined;
      },
      20_000,
      'the rotated password in Secrets Manager',
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await versions(arn)).toBe(2);
  });

  it('a kmsKeyId change moves the stored objects to the new key, with an event, then settles without writes', async () => {
    const ns = await freshNamespace(http, 'kms');
    await secret(ns, 'ad-user', adUser);
    const key = `gmsa/${ns}/kms.json`;
    const parameter = `/gmsa/${ns}/kms-user`;
    const spec = (kmsKeyId: string, store: 'SecretsManager' | 'SsmParameter', name: string, storage: unknown) => ({
      hostOs: 'Windows',
      storage,
      domainless: { credentialsSecretRef: { name: 'ad-user' }, store, name, kmsKeyId },
    });
    const s3Spec = (k: string) =>
      spec(k, 'SecretsManager', `gmsa/${ns}/kms`, { s3: { bucket: 'credspecs', key, kmsKeyId: k } });
    const ssmSpec = (k: string) => spec(k, 'SsmParameter', parameter, { ssm: { parameterName: `/gmsa/${ns}/kms` } });
    await create(http, credSpec(ns, 'in-s3', s3Spec(KEY_A)));
    await create(http, credSpec(ns, 'in-ssm', ssmSpec(KEY_A)));
    const arn = (await until(ns, 'in-s3', 'Ready')).status?.credentialsArn ?? '';
    await until(ns, 'in-ssm', 'Ready');
    const keys = async () => ({
      object: (await s3.send(new HeadObjectCommand({ Bucket: 'credspecs', Key: key }))).SSEKMSKeyId,
      secret: (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).KmsKeyId,
      parameter: (
        await ssm.send(
          new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [parameter] }] }),
        )
      ).Parameters?.[0]?.KeyId,
    });
    expect(await keys()).toStrictEqual({ object: KEY_A, secret: KEY_A, parameter: KEY_A });

    for (const [name, s] of [
      ['in-s3', s3Spec(KEY_B)],
      ['in-ssm', ssmSpec(KEY_B)],
    ] as const)
      await http.request({
        method: 'PATCH',
        path: path(ns, name),
        contentType: 'application/merge-patch+json',
        body: { spec: s },
      });
    await eventually(
      async () => {
        const now = await keys();
        return now.object === KEY_B && now.secret === KEY_B && now.parameter === KEY_B ? true : undefined;
      },
      20_000,
      'every stored object under the new key',
    );
    expect(await versions(arn)).toBe(1); // the key moved; the value was not written again
    await eventually(
      async () => {
        const events = await http.request<{ items: { reason?: string; note?: string }[] }>({
          method: 'GET',
          path: `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
        });
        const moved = events.items.filter((e) => /moved to the KMS key/.test(e.note ?? '')).map((e) => e.reason);
        return moved.length === 3 ? moved.sort() : undefined;
      },
      20_000,
      'one event per object moved to the new key',
    );
    // Settled: several resyncs (3 s period) write nothing.
    const before = op.proxy.writes().length;
    await new Promise((r) => setTimeout(r, 7000));
    expect(op.proxy.writes().slice(before)).toStrictEqual([]);
  });

  it('repairs an out-of-band modification and deletion', async () => {
    const ns = await freshNamespace(http, 'drift');
    const name = `/gmsa/${ns}/web`;
    await create(http, credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: name } } }));
    await until(ns, 'web', 'Ready');
    await ssm.send(
      new PutParameterCommand({ Name: name, Value: '{"tampered":true}', Type: 'String', Overwrite: true }),
    );
    await annotate(ns, 'web', { 'ecsgmsa.io/reconcile-requested-at': '1' });
    await eventually(
      async () => ((await ssmValue(name)) === expectedDocument('Windows') ? true : undefined),
      20_000,
      'the modification repaired',
    );
    await ssm.send(new DeleteParameterCommand({ Name: name }));
    await eventually(
      async () => ((await ssmValue(name)) === expectedDocument('Windows') ? true : undefined),
      20_000,
      'the deletion repaired on resync',
    );
    const cr = await get(ns, 'web');
    expect(cr.status).toMatchObject({ lastHandledReconcileAt: '1' });
  });
});

describe('GmsaCredentialSpec: ownership', () => {
  it('never overwrites an object it does not own; without a policy allowing it, the adopt annotation does not take it over', async () => {
    const ns = await freshNamespace(http, 'own');
    const name = `/gmsa/${ns}/theirs`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'hand-made', Type: 'String' }));
    await create(http, credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: name } } }));
    const cr = await until(ns, 'web', 'AlreadyExists');
    expect(condition(cr, 'Stalled')).toMatchObject({ status: 'True', reason: 'AlreadyExists' });
    expect(await ssmValue(name)).toBe('hand-made');
    await annotate(ns, 'web', { 'ecsgmsa.io/adopt': 'true' });
    await eventually(
      async () =>
        condition(await get(ns, 'web'), 'Ready')?.message.includes('does not allow adoption') ? true : undefined,
      20_000,
      'adoption refused',
    );
    expect(await ssmValue(name)).toBe('hand-made');
  });

  it('never adopts an object owned by another CR', async () => {
    const ns = await freshNamespace(http, 'own');
    const name = `/gmsa/${ns}/shared`;
    await create(http, credSpec(ns, 'first', { hostOs: 'Windows', storage: { ssm: { parameterName: name } } }));
    await until(ns, 'first', 'Ready');
    await create(
      http,
      credSpec(
        ns,
        'second',
        { hostOs: 'Windows', account: 'Other01', storage: { ssm: { parameterName: name } } },
        { annotations: { 'ecsgmsa.io/adopt': 'true' } },
      ),
    );
    const cr = await until(ns, 'second', 'AlreadyExists');
    expect(condition(cr, 'Ready')?.message).toBe(
      `SSM parameter ${name} already exists and is owned by another resource; it is never taken over: choose another name`,
    );
    expect(await ssmValue(name)).toBe(expectedDocument('Windows'));
  });
});

describe('GmsaCredentialSpec: deletion', () => {
  it('policy Delete removes what it stored; Retain keeps it', async () => {
    const ns = await freshNamespace(http, 'del');
    await secret(ns, 'ad-user', adUser);
    await create(
      http,
      credSpec(ns, 'gone', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/gone` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/gone`, recoveryWindowDays: 0 },
      }),
    );
    await create(
      http,
      credSpec(ns, 'kept', {
        hostOs: 'Windows',
        deletionPolicy: 'Retain',
        storage: { ssm: { parameterName: `/gmsa/${ns}/kept` } },
      }),
    );
    const gone = await until(ns, 'gone', 'Ready');
    await until(ns, 'kept', 'Ready');
    await http.request({ method: 'DELETE', path: path(ns, 'gone') });
    await http.request({ method: 'DELETE', path: path(ns, 'kept') });
    await eventually(
      async () =>
        (await http.request({ method: 'GET', path: path(ns, 'gone') }).catch(() => 'gone')) === 'gone'
          ? true
          : undefined,
      20_000,
      'gone deleted',
    );
    await eventually(
      async () =>
        (await http.request({ method: 'GET', path: path(ns, 'kept') }).catch(() => 'gone')) === 'gone'
          ? true
          : undefined,
      20_000,
      'kept deleted',
    );
    expect(await ssmValue(`/gmsa/${ns}/gone`)).toBeUndefined();
    await expect(sm.send(new DescribeSecretCommand({ SecretId: gone.status?.credentialsArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await ssmValue(`/gmsa/${ns}/kept`)).toBe(expectedDocument('Windows'));
    // The Deleted event is recorded while the object still exists, so it names it (regarding.uid).
    const events = await http.request<{
      items: { reason?: string; note?: string; regarding?: { name?: string; uid?: string } }[];
    }>({
      method: 'GET',
      path: `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
    });
    const deleted = events.items
      .filter((e) => e.reason === 'Deleted')
      .map((e) => ({ name: e.regarding?.name, uid: e.regarding?.uid }));
    expect(deleted).toEqual(expect.arrayContaining([{ name: 'gone', uid: gone.metadata.uid }]));
  });

  it('is blocked while an EcsGmsaTask references the CredSpec, and proceeds once the reference goes', async () => {
    const ns = await freshNamespace(http, 'ref');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }),
    );
    await until(ns, 'web', 'Ready');
    const task = {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'EcsGmsaTask',
      metadata: { name: 'app', namespace: ns },
      spec: {
        taskDefinition: {
          family: `${ns}_app`,
          executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
          runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
          containerDefinitions: [{ name: 'web', image: 'img', memory: 512, gmsa: { credentialSpecRef: 'web' } }],
        },
      },
    };
    await create(http, task);
    await http.request({ method: 'DELETE', path: path(ns, 'web') });
    const blocked = await until(ns, 'web', 'DeletionBlocked');
    expect(condition(blocked, 'Ready')?.message).toContain(`${ns}/app`);
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBe(expectedDocument('Windows'));
    await http.request({ method: 'DELETE', path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks/app` });
    await eventually(
      async () =>
        (await http.request({ method: 'GET', path: path(ns, 'web') }).catch(() => 'gone')) === 'gone'
          ? true
          : undefined,
      20_000,
      'the CredSpec deleted',
    );
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBeUndefined();
  });
});

describe('GmsaCredentialSpec: invalid input ends in a clear condition and touches nothing in AWS', () => {
  it('a CredSpec too big for its parameter tier writes no credentials either (the size is checked first)', async () => {
    const ns = await freshNamespace(http, 'big');
    await secret(ns, 'ad-user', adUser);
    const mark = op.proxy.calls.length;
    // 20 accounts scoped to long DNS names: the document is over the 4 KB of a Standard parameter.
    const scope = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.contoso.com`;
    const additionalAccounts = Array.from({ length: 20 }, (_, i) => ({ name: `Extra${i}`, scope }));
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: 'Windows',
        additionalAccounts,
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/big` },
      }),
    );
    const cr = await until(ns, 'web', 'ValidationFailed');
    expect(condition(cr, 'Stalled')?.message).toMatch(
      /^spec\.storage\.ssm: the CredSpec is \d+ bytes; a Standard parameter holds 4096/,
    );
    expect(op.proxy.calls.slice(mark).filter((c) => !/^(Get|Describe|List|Head)/.test(c.operation))).toStrictEqual([]);
  });

  it('a localFile name with spaces and parentheses is published under a valid ConfigMap key, named in the condition', async () => {
    const ns = await freshNamespace(http, 'lfkey');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { localFile: { path: 'team a\\web (1).json' } } }),
    );
    const cr = await until(ns, 'web', 'Ready');
    expect(condition(cr, 'CredentialSpecStored')?.message).toBe(
      'ConfigMap web-credspec: place its "web__1_.json" at C:\\ProgramData\\Docker\\CredentialSpecs\\team a\\web (1).json on every container instance',
    );
    const cm = await http.request<{ data: Record<string, string> }>({
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/configmaps/web-credspec`,
    });
    expect(Object.keys(cm.data)).toStrictEqual(['web__1_.json']);
  });

  it('a ConfigMap write the apiserver refuses is Stalled KubernetesRejected, with the refusal in status and an event', async () => {
    const ns = await freshNamespace(http, 'cmrefused');
    const lift = await refuseWrites(
      http,
      {
        name: `refuse-configmaps-${ns}`,
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] },
        ],
        refuseWhen: `object.metadata.namespace == '${ns}'`,
        message: 'ConfigMaps are frozen here',
      },
      () =>
        http.request({
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/configmaps`,
          query: { dryRun: 'All' },
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' } },
        }),
    );
    try {
      await create(http, credSpec(ns, 'web', { hostOs: 'Windows', storage: { localFile: { path: 'web.json' } } }));
      const cr = await until(ns, 'web', 'KubernetesRejected');
      expect(condition(cr, 'Stalled')?.status).toBe('True');
      expect(condition(cr, 'Ready')?.message).toMatch(/^the apiserver refused a write: .*ConfigMaps are frozen here/);
      const events = await http.request<{ items: { reason?: string; note?: string; regarding?: { name?: string } }[] }>(
        {
          method: 'GET',
          path: `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
        },
      );
      expect(
        events.items.some(
          (e) => e.regarding?.name === 'web' && e.reason === 'KubernetesRejected' && /frozen/.test(e.note ?? ''),
        ),
      ).toBe(true);
    } finally {
      await lift();
    }
    // Once the refusal is lifted, a requested reconcile converges.
    await eventually(
      async () => {
        await annotate(ns, 'web', { 'ecsgmsa.io/reconcile-requested-at': String(Date.now()) });
        return condition(await get(ns, 'web'), 'Ready')?.reason === 'Ready' ? true : undefined;
      },
      30_000,
      'Ready after the policy is lifted',
    );
  });

  it('a missing Secret waits, then converges when the Secret appears', async () => {
    const ns = await freshNamespace(http, 'inv');
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
        domainless: { credentialsSecretRef: { name: 'later' }, name: `gmsa/${ns}/later` },
      }),
    );
    const waiting = await until(ns, 'web', 'SecretNotFound');
    expect(condition(waiting, 'Reconciling')?.status).toBe('True');
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBeUndefined();
    await secret(ns, 'later', adUser);
    await until(ns, 'web', 'Ready');
  });

  it('a Secret with missing keys is Stalled with the keys named, and recovers when fixed', async () => {
    const ns = await freshNamespace(http, 'inv');
    await secret(ns, 'ad-user', { username: 'svc', password: PASSWORD });
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/x` },
      }),
    );
    const cr = await until(ns, 'web', 'SecretInvalid');
    expect(condition(cr, 'Ready')?.message).toBe(
      'secret ad-user: key domainName missing or empty; the Secret needs username, password and domainName',
    );
    expect(await ssmValue(`/gmsa/${ns}/web`)).toBeUndefined();
    await http.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/secrets/ad-user`,
      contentType: 'application/merge-patch+json',
      body: { stringData: { domainName: 'contoso.com' } },
    });
    await until(ns, 'web', 'Ready');
  });

  it('a schema-valid but semantically wrong spec is Stalled ValidationFailed with the field named', async () => {
    const ns = await freshNamespace(http, 'inv');
    const before = op.proxy.writes().length;
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { s3: { bucket: '192.168.5.4', key: `gmsa/${ns}/x.json` } } }),
    );
    const cr = await until(ns, 'web', 'ValidationFailed');
    // The field named first; the bucket is not one the operator was given either, which is said too.
    expect(condition(cr, 'Stalled')?.message).toBe(
      `spec.storage.s3.bucket: "192.168.5.4" is formatted as an IP address, which S3 does not allow; spec.storage.s3: S3 object s3://192.168.5.4/gmsa/${ns}/x.json is not permitted for namespace "${ns}" by the tenancy policy (allowed: s3://credspecs/gmsa/${ns}/**)`,
    );
    expect(
      op.proxy
        .writes()
        .slice(before)
        .filter((c) => c.operation === 'PutObject'),
    ).toStrictEqual([]);
  });
});

describe('GmsaCredentialSpec: secret hygiene', () => {
  it('no password appears in the operator log, events or status', async () => {
    const events = await http.request<{ items: unknown[] }>({ method: 'GET', path: '/apis/events.k8s.io/v1/events' });
    const statuses = await http.request<{ items: Cr[] }>({
      method: 'GET',
      path: '/apis/ecsgmsa.io/v1alpha1/gmsacredentialspecs',
    });
    const metrics = await fetch(`http://127.0.0.1:${op.port}/metrics`).then((r) => r.text());
    const log = readFileSync(op.proc.logPath, 'utf8');
    expect(log.length).toBeGreaterThan(1000);
    // The SDK's own request log is on at debug level, and it did log secret writes (masked).
    expect(log).toMatch(/"component":"aws-sdk".*PutSecretValueCommand|"component":"aws-sdk".*CreateSecretCommand/);
    for (const text of [log, JSON.stringify(events), JSON.stringify(statuses.items.map((i) => i.status)), metrics])
      expect(text).not.toContain(PASSWORD);
  });
});

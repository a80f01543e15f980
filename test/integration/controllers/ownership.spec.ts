// Ownership as a hostile tenant would test it: every rename, store change, removal and family or region
// change followed by deletion leaves a victim object byte-identical and nothing of the attacker's behind.
// The operator runs with a permissive tenancy policy, so ownership alone must hold the line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeregisterTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ListTagsForResourceCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { create, createAdUserSecret, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { refuseWrites } from '../../support/admission.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';
const BUCKET = 'ownership-credspecs';
const WEST = 'us-west-2';

let http: KubeHttp;
let op: RunningOperator;
let ssm: SSMClient;
let sm: SecretsManagerClient;
let s3: S3Client;
let ecs: ECSClient;
let ecsWest: ECSClient;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface Obj {
  metadata: { name: string; namespace: string; uid: string };
  status?: {
    conditions?: Condition[];
    credentialsArn?: string;
    taskDefinitionArn?: string;
    family?: string;
    previousFamilies?: unknown[];
    previousCredentials?: unknown[];
    lastHandledReconcileAt?: string;
  };
}

const plural = (kind: string): string => (kind === 'EcsGmsaTask' ? 'ecsgmsatasks' : 'gmsacredentialspecs');
const objPath = (kind: string, ns: string, name: string): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/${plural(kind)}/${name}`;
const get = (kind: string, ns: string, name: string): Promise<Obj> =>
  http.request<Obj>({ method: 'GET', path: objPath(kind, ns, name) });
const ready = (o: Obj): Condition | undefined => o.status?.conditions?.find((c) => c.type === 'Ready');

async function until(kind: string, ns: string, name: string, reason: string, timeoutMs = 30_000): Promise<Obj> {
  return eventually(
    async () => {
      const o = await get(kind, ns, name);
      return ready(o)?.reason === reason ? o : undefined;
    },
    timeoutMs,
    `${kind} ${ns}/${name} Ready reason ${reason}`,
  );
}

async function patch(kind: string, ns: string, name: string, body: unknown): Promise<void> {
  await http.request({
    method: 'PATCH',
    path: objPath(kind, ns, name),
    contentType: 'application/merge-patch+json',
    body,
  });
}

async function remove(kind: string, ns: string, name: string): Promise<void> {
  await http.request({ method: 'DELETE', path: objPath(kind, ns, name) });
  await eventually(
    async () => ((await get(kind, ns, name).catch(() => 'gone')) === 'gone' ? true : undefined),
    30_000,
    `${kind} ${ns}/${name} deleted`,
  );
}

function credSpec(ns: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: ns, annotations },
    spec: {
      hostOs: 'Windows',
      account: 'WebApp01',
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      ...spec,
    },
  };
}

function task(
  ns: string,
  name: string,
  family: string,
  spec: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name, namespace: ns, annotations },
    spec: {
      ...spec,
      taskDefinition: {
        family,
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        requiresCompatibilities: ['EC2'],
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'web', image: 'img:1', memory: 512, gmsa: { credentialSpecRef: 'web' } }],
      },
    },
  };
}

async function adUserSecret(ns: string, name = 'ad-user'): Promise<void> {
  await createAdUserSecret(http, { namespace: ns, name }, { username: 'svc-gmsa', password: 'An0ther-Secret!' });
}

/** Everything observable about an AWS object: value, version and tags. `undefined` when absent. */
type Victim =
  | { kind: 'ssm'; name: string }
  | { kind: 'secret'; name: string }
  | { kind: 's3'; key: string }
  | { kind: 'configmap'; ns: string; name: string }
  | { kind: 'family'; family: string };

async function snapshot(v: Victim): Promise<unknown> {
  const missing = (): undefined => undefined;
  switch (v.kind) {
    case 'ssm': {
      const p = await ssm.send(new GetParameterCommand({ Name: v.name, WithDecryption: true })).catch(missing);
      if (!p?.Parameter) return undefined;
      const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: v.name }));
      return { value: p.Parameter.Value, type: p.Parameter.Type, version: p.Parameter.Version, tags: tags.TagList };
    }
    case 'secret': {
      const d = await sm.send(new DescribeSecretCommand({ SecretId: v.name })).catch(missing);
      if (!d || d.DeletedDate) return undefined;
      const value = await sm.send(new GetSecretValueCommand({ SecretId: v.name }));
      return { arn: d.ARN, tags: d.Tags, versions: d.VersionIdsToStages, value: value.SecretString };
    }
    case 's3': {
      const o = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: v.key })).catch(missing);
      if (!o) return undefined;
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: v.key }));
      return { body: await o.Body?.transformToString(), etag: o.ETag, tags: tags.TagSet };
    }
    case 'configmap':
      return http
        .request<{ data?: unknown; metadata: { resourceVersion: string } }>({
          method: 'GET',
          path: `/api/v1/namespaces/${v.ns}/configmaps/${v.name}`,
        })
        .then((c) => ({ data: c.data, rv: c.metadata.resourceVersion }), missing);
    case 'family':
      return activeRevisions(ecs, v.family);
  }
}

async function activeRevisions(client: ECSClient, family: string): Promise<string[]> {
  return (
    (await client.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE' })))
      .taskDefinitionArns ?? []
  );
}

/** A by-hand revision (no ownership tags) in `family`. */
async function handMadeRevision(family: string): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'by-hand', image: 'platform:1', memory: 64 }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

/** The victims' owner: CR `b` in namespace `other`, with every kind of object, Ready. */
async function victimOwner(other: string): Promise<void> {
  await adUserSecret(other);
  await create(
    http,
    credSpec(other, 'b-ssm', {
      storage: { ssm: { parameterName: `/gmsa/${other}/b/credspec` } },
      domainless: {
        credentialsSecretRef: { name: 'ad-user' },
        store: 'SsmParameter',
        name: `/gmsa/${other}/b/ad-user`,
      },
    }),
  );
  await create(
    http,
    credSpec(other, 'b-sm', {
      storage: { s3: { bucket: BUCKET, key: `gmsa/${other}/b.json` } },
      domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${other}/b/ad-user` },
    }),
  );
  await until('GmsaCredentialSpec', other, 'b-ssm', 'Ready');
  await until('GmsaCredentialSpec', other, 'b-sm', 'Ready');
}

let other: string;

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  const aws = testEnv().awsClientConfig();
  ssm = new SSMClient(aws);
  sm = new SecretsManagerClient(aws);
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  ecs = new ECSClient(aws);
  ecsWest = new ECSClient({ ...aws, region: WEST });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const policy = join(mkdtempSync(join(tmpdir(), 'ownership-')), 'policy.yaml');
  // Tenancy allows every name here: ownership alone must hold. Namespaces adopt-* may adopt.
  const everyName = `    ssmParameters: ["**"]\n    secrets: ["**"]\n    taskFamilies: ["**"]\n    roles: ["**"]\n    s3: [{ bucket: ${BUCKET}, keys: ["**"] }, { bucket: no-such-bucket-zz, keys: ["**"] }]\n`;
  writeFileSync(
    policy,
    `rules:\n  - namespaces: ["adopt-*"]\n    allowAdoption: true\n${everyName}  - namespaces: ["*"]\n${everyName}`,
  );
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: ['--tenancy-policy', policy],
  });
  other = await freshNamespace(http, 'victim');
  await victimOwner(other);
});

afterAll(async () => {
  await op?.stop();
});

interface Attack {
  /** A's spec when it becomes Ready; NS is replaced by A's namespace, OTHER by the victim's. */
  spec: Record<string, unknown>;
  /** The patch that points A at the victim. */
  change: Record<string, unknown>;
  victim: Victim;
  /** A's own objects, all gone after deletion. */
  own: Victim[];
  /** Creates the victim when it is not one of `b`'s objects. */
  makeVictim?: (ns: string) => Promise<void>;
}

const fill = <T>(value: T, ns: string): T =>
  JSON.parse(JSON.stringify(value).replaceAll('OTHER', other).replaceAll('NS', ns)) as T;
const domainless = (extra: Record<string, unknown>): Record<string, unknown> => ({
  credentialsSecretRef: { name: 'ad-user' },
  recoveryWindowDays: 0,
  ...extra,
});

/** A CredSpec and its credentials both in SSM, under the tenant's own names: what the renames start from. */
const SSM_CREDENTIALS = {
  spec: {
    storage: { ssm: { parameterName: '/gmsa/NS/a/credspec' } },
    domainless: domainless({ store: 'SsmParameter', name: '/gmsa/NS/a/ad-user' }),
  },
  own: [
    { kind: 'ssm', name: '/gmsa/NS/a/credspec' },
    { kind: 'ssm', name: '/gmsa/NS/a/ad-user' },
  ],
} satisfies Pick<Attack, 'spec' | 'own'>;

/** The same, with the credentials in Secrets Manager. */
const SECRETS_MANAGER_CREDENTIALS = {
  spec: {
    storage: { ssm: { parameterName: '/gmsa/NS/a/credspec' } },
    domainless: domainless({ name: 'gmsa/NS/a/ad-user' }),
  },
  own: [
    { kind: 'ssm', name: '/gmsa/NS/a/credspec' },
    { kind: 'secret', name: 'gmsa/NS/a/ad-user' },
  ],
} satisfies Pick<Attack, 'spec' | 'own'>;

const attacks: [string, Attack][] = [
  [
    "SSM credentials renamed onto another resource's credentials parameter",
    {
      ...SSM_CREDENTIALS,
      change: { spec: { domainless: { name: '/gmsa/OTHER/b/ad-user' } } },
      victim: { kind: 'ssm', name: '/gmsa/OTHER/b/ad-user' },
    },
  ],
  [
    "SSM credentials renamed onto another resource's CredSpec parameter",
    {
      ...SSM_CREDENTIALS,
      change: { spec: { domainless: { name: '/gmsa/OTHER/b/credspec' } } },
      victim: { kind: 'ssm', name: '/gmsa/OTHER/b/credspec' },
    },
  ],
  [
    'SSM credentials renamed onto an untagged platform parameter',
    {
      ...SSM_CREDENTIALS,
      change: { spec: { domainless: { name: '/platform/NS/db-password' } } },
      victim: { kind: 'ssm', name: '/platform/NS/db-password' },
      makeVictim: async (ns) =>
        void (await ssm.send(
          new PutParameterCommand({
            Name: `/platform/${ns}/db-password`,
            Value: 'platform-secret',
            Type: 'SecureString',
          }),
        )),
    },
  ],
  [
    "Secrets Manager credentials renamed onto another resource's secret",
    {
      ...SECRETS_MANAGER_CREDENTIALS,
      change: { spec: { domainless: { name: 'gmsa/OTHER/b/ad-user' } } },
      victim: { kind: 'secret', name: 'gmsa/OTHER/b/ad-user' },
    },
  ],
  [
    'Secrets Manager credentials renamed onto an untagged secret',
    {
      ...SECRETS_MANAGER_CREDENTIALS,
      change: { spec: { domainless: { name: 'platform/NS/db' } } },
      victim: { kind: 'secret', name: 'platform/NS/db' },
      makeVictim: async (ns) =>
        void (await sm.send(new CreateSecretCommand({ Name: `platform/${ns}/db`, SecretString: 'platform-secret' }))),
    },
  ],
  [
    "credentials store changed from Secrets Manager to SSM onto another resource's parameter",
    {
      ...SECRETS_MANAGER_CREDENTIALS,
      change: { spec: { domainless: { store: 'SsmParameter', name: '/gmsa/OTHER/b/ad-user' } } },
      victim: { kind: 'ssm', name: '/gmsa/OTHER/b/ad-user' },
    },
  ],
  [
    'CredSpec parameter renamed onto an untagged parameter',
    {
      spec: { storage: { ssm: { parameterName: '/gmsa/NS/a/credspec' } } },
      change: { spec: { storage: { ssm: { parameterName: '/platform/NS/config' } } } },
      victim: { kind: 'ssm', name: '/platform/NS/config' },
      own: [{ kind: 'ssm', name: '/gmsa/NS/a/credspec' }],
      makeVictim: async (ns) =>
        void (await ssm.send(
          new PutParameterCommand({ Name: `/platform/${ns}/config`, Value: '{"platform": true}', Type: 'String' }),
        )),
    },
  ],
  [
    "CredSpec S3 object moved onto another resource's object",
    {
      spec: { storage: { s3: { bucket: BUCKET, key: 'gmsa/NS/a.json' } } },
      change: { spec: { storage: { s3: { key: 'gmsa/OTHER/b.json' } } } },
      victim: { kind: 's3', key: 'gmsa/OTHER/b.json' },
      own: [{ kind: 's3', key: 'gmsa/NS/a.json' }],
    },
  ],
  [
    'CredSpec S3 object moved onto an untagged object',
    {
      spec: { storage: { s3: { bucket: BUCKET, key: 'gmsa/NS/a.json' } } },
      change: { spec: { storage: { s3: { key: 'platform/NS/site.json' } } } },
      victim: { kind: 's3', key: 'platform/NS/site.json' },
      own: [{ kind: 's3', key: 'gmsa/NS/a.json' }],
      makeVictim: async (ns) =>
        void (await s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: `platform/${ns}/site.json`, Body: '{"site": 1}' }),
        )),
    },
  ],
];

describe('ownership: a victim object survives every rename-then-delete, and nothing of the attacker is left', () => {
  it.each(attacks)('%s', async (_name, attack) => {
    const ns = await freshNamespace(http, 'attacker');
    const a = fill(attack, ns);
    await adUserSecret(ns);
    await attack.makeVictim?.(ns);
    await create(http, credSpec(ns, 'a', a.spec));
    await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    const before = await snapshot(a.victim);
    expect(before).toBeDefined();
    const mark = op.proxy.calls.length;
    await patch('GmsaCredentialSpec', ns, 'a', a.change);
    const refused = await until('GmsaCredentialSpec', ns, 'a', 'AlreadyExists');
    // The message names the object the tenant asked for, never its owner.
    expect(ready(refused)?.message).toMatch(
      /already exists and (is owned by another resource|was not created by this resource)/,
    );
    expect(ready(refused)?.message).not.toMatch(/b-ssm|b-sm/);
    await remove('GmsaCredentialSpec', ns, 'a');
    expect(await snapshot(a.victim)).toStrictEqual(before);
    for (const own of a.own) expect({ own, left: await snapshot(own) }).toStrictEqual({ own, left: undefined });
    // No value of the victim was read: no decrypting read, no secret value read, after the attack began.
    const victimName = 'name' in a.victim ? a.victim.name : undefined;
    const valueReads = op.proxy.calls
      .slice(mark)
      .filter(
        (c) =>
          c.subject === victimName &&
          ((c.operation === 'GetParameter' && c.withDecryption === true) || c.operation === 'GetSecretValue'),
      );
    expect(valueReads).toStrictEqual([]);
  });
});

describe('ownership: nothing is orphaned after a rename, a store change or a removal', () => {
  it.each([
    [
      'credentials renamed',
      { name: 'gmsa/NS/second' },
      [
        { kind: 'secret', name: 'gmsa/NS/first' },
        { kind: 'secret', name: 'gmsa/NS/second' },
      ],
    ],
    [
      'credentials store changed',
      { store: 'SsmParameter', name: '/gmsa/NS/second' },
      [
        { kind: 'secret', name: 'gmsa/NS/first' },
        { kind: 'ssm', name: '/gmsa/NS/second' },
      ],
    ],
    ['domainless removed', null, [{ kind: 'secret', name: 'gmsa/NS/first' }]],
  ] as [string, Record<string, unknown> | null, Victim[]][])(
    '%s, then deleted: every object it made is gone',
    async (_name, change, objects) => {
      const ns = await freshNamespace(http, 'orphan');
      await adUserSecret(ns);
      await create(
        http,
        credSpec(ns, 'a', {
          storage: { ssm: { parameterName: `/gmsa/${ns}/credspec` } },
          domainless: domainless({ name: `gmsa/${ns}/first` }),
        }),
      );
      const first = await until('GmsaCredentialSpec', ns, 'a', 'Ready');
      await patch('GmsaCredentialSpec', ns, 'a', { spec: { domainless: change === null ? null : fill(change, ns) } });
      const moved = await eventually(
        async () => {
          const o = await get('GmsaCredentialSpec', ns, 'a');
          return ready(o)?.reason === 'Ready' && o.status?.credentialsArn !== first.status?.credentialsArn
            ? o
            : undefined;
        },
        30_000,
        'moved',
      );
      expect(moved.status?.previousCredentials).toHaveLength(1);
      for (const o of fill(objects, ns)) expect(await snapshot(o)).toBeDefined();
      await remove('GmsaCredentialSpec', ns, 'a');
      for (const o of [...fill(objects, ns), { kind: 'ssm', name: `/gmsa/${ns}/credspec` } as Victim])
        expect({ o, left: await snapshot(o) }).toStrictEqual({ o, left: undefined });
    },
  );

  it('a location that cannot be read (its bucket is gone) is let go without wedging the resource or its deletion', async () => {
    const ns = await freshNamespace(http, 'nobucket');
    await adUserSecret(ns);
    await create(
      http,
      credSpec(ns, 'a', {
        storage: { ssm: { parameterName: `/gmsa/${ns}/a` } },
        domainless: domainless({ name: `gmsa/${ns}/a` }),
      }),
    );
    await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    await patch('GmsaCredentialSpec', ns, 'a', {
      spec: { storage: { ssm: null, s3: { bucket: 'no-such-bucket-zz', key: `gmsa/${ns}/a.json` } } },
    });
    await until('GmsaCredentialSpec', ns, 'a', 'AwsRejected');
    await patch('GmsaCredentialSpec', ns, 'a', {
      spec: { storage: { s3: null, ssm: { parameterName: `/gmsa/${ns}/a` } } },
    });
    await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    await remove('GmsaCredentialSpec', ns, 'a');
    expect(await snapshot({ kind: 'ssm', name: `/gmsa/${ns}/a` })).toBeUndefined();
    expect(await snapshot({ kind: 'secret', name: `gmsa/${ns}/a` })).toBeUndefined();
  });

  it('a ConfigMap made by someone else under the localFile name is never overwritten nor deleted', async () => {
    const ns = await freshNamespace(http, 'cm');
    await http.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-credspec' }, data: { mine: 'yes' } },
    });
    const victim: Victim = { kind: 'configmap', ns, name: 'a-credspec' };
    const before = await snapshot(victim);
    await create(http, credSpec(ns, 'a', { storage: { localFile: { path: 'a.json' } } }));
    await until('GmsaCredentialSpec', ns, 'a', 'AlreadyExists');
    await remove('GmsaCredentialSpec', ns, 'a');
    expect(await snapshot(victim)).toStrictEqual(before);
  });
});

describe('ownership: task definition families', () => {
  beforeAll(async () => {
    await create(http, credSpec(other, 'web', { storage: { ssm: { parameterName: `/gmsa/${other}/web` } } }));
    await until('GmsaCredentialSpec', other, 'web', 'Ready');
  });

  async function readyTask(ns: string, family: string, spec: Record<string, unknown> = {}): Promise<Obj> {
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family, spec));
    return until('EcsGmsaTask', ns, 'app', 'Ready');
  }

  it('a family with a revision made outside the operator is never extended: FamilyNotOwned, nothing registered', async () => {
    const ns = await freshNamespace(http, 'fam');
    const family = `${ns}-platform`;
    const theirs = await handMadeRevision(family);
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family));
    const t = await until('EcsGmsaTask', ns, 'app', 'FamilyNotOwned');
    expect(ready(t)?.message).toContain(
      `task definition family ${family} (us-east-1) has ACTIVE revisions this resource did not register`,
    );
    expect(
      op.proxy.calls.filter((c) => c.operation === 'RegisterTaskDefinition' && c.subject === family),
    ).toStrictEqual([]);
    expect(await activeRevisions(ecs, family)).toStrictEqual([theirs]);
  });

  it('with adoption allowed by the policy and the annotation, registration proceeds; their revision is never deregistered', async () => {
    const ns = await freshNamespace(http, 'adopt');
    const family = `${ns}-platform`;
    const theirs = await handMadeRevision(family);
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family, {}, { 'ecsgmsa.io/adopt': 'true' }));
    const t = await until('EcsGmsaTask', ns, 'app', 'Ready');
    expect(t.status?.taskDefinitionArn).toMatch(new RegExp(`task-definition/${family}:2$`));
    await remove('EcsGmsaTask', ns, 'app');
    expect(await activeRevisions(ecs, family)).toStrictEqual([theirs]);
  });

  it('a family whose newest revision is INACTIVE still has its older ACTIVE revisions checked', async () => {
    const ns = await freshNamespace(http, 'inactive');
    const family = `${ns}-platform`;
    const theirs = await handMadeRevision(family);
    const newest = await handMadeRevision(family);
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: newest }));
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family));
    await until('EcsGmsaTask', ns, 'app', 'FamilyNotOwned');
    expect(await activeRevisions(ecs, family)).toStrictEqual([theirs]);
  });

  it('the adopt annotation where the policy does not allow adoption: FamilyNotOwned, saying so', async () => {
    const ns = await freshNamespace(http, 'noadopt');
    const family = `${ns}-platform`;
    await handMadeRevision(family);
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family, {}, { 'ecsgmsa.io/adopt': 'true' }));
    const t = await until('EcsGmsaTask', ns, 'app', 'FamilyNotOwned');
    expect(ready(t)?.message).toContain('the tenancy policy does not allow adoption in this namespace');
  });

  it('a family changed onto a family of revisions made outside the operator is refused; deletion deregisters both of its own families only', async () => {
    const ns = await freshNamespace(http, 'famch');
    const victimFamily = `${ns}-platform`;
    const theirs = await handMadeRevision(victimFamily);
    await readyTask(ns, `${ns}-one`);
    await patch('EcsGmsaTask', ns, 'app', { spec: { taskDefinition: { family: `${ns}-two` } } });
    await eventually(
      async () =>
        (await get('EcsGmsaTask', ns, 'app')).status?.taskDefinitionArn?.includes(`${ns}-two:1`) ? true : undefined,
      30_000,
      'second family registered',
    );
    await patch('EcsGmsaTask', ns, 'app', { spec: { taskDefinition: { family: victimFamily } } });
    const t = await until('EcsGmsaTask', ns, 'app', 'FamilyNotOwned');
    expect(t.status?.previousFamilies).toStrictEqual([
      { family: `${ns}-one`, region: 'us-east-1' },
      { family: `${ns}-two`, region: 'us-east-1' },
    ]);
    await remove('EcsGmsaTask', ns, 'app');
    expect(await activeRevisions(ecs, victimFamily)).toStrictEqual([theirs]);
    expect(await activeRevisions(ecs, `${ns}-one`)).toStrictEqual([]);
    expect(await activeRevisions(ecs, `${ns}-two`)).toStrictEqual([]);
  });

  it('a family whose revisions belong to another resource is refused without naming it', async () => {
    const ns = await freshNamespace(http, 'famx');
    const family = `${other}-kept`;
    await create(http, task(other, 'kept', family, { deletionPolicy: 'Retain' }));
    await until('EcsGmsaTask', other, 'kept', 'Ready');
    await remove('EcsGmsaTask', other, 'kept'); // its revisions stay, tagged for it
    const before = await activeRevisions(ecs, family);
    await readyTask(ns, `${ns}-mine`);
    await patch('EcsGmsaTask', ns, 'app', { spec: { taskDefinition: { family } } });
    const t = await until('EcsGmsaTask', ns, 'app', 'FamilyNotOwned');
    expect(ready(t)?.message).toBe(
      `task definition family ${family} (us-east-1) has ACTIVE revisions this resource did not register: they are owned by another resource, and a family is never extended on top of another's revisions: choose another family`,
    );
    await remove('EcsGmsaTask', ns, 'app');
    expect(await activeRevisions(ecs, family)).toStrictEqual(before);
  });

  it('a family claimed by a task in another namespace is FamilyConflict without naming it', async () => {
    const ns = await freshNamespace(http, 'claim');
    const family = `${other}-claimed`;
    await create(http, task(other, 'claimed', family));
    await until('EcsGmsaTask', other, 'claimed', 'Ready');
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await create(http, task(ns, 'app', family));
    const t = await until('EcsGmsaTask', ns, 'app', 'FamilyConflict');
    expect(ready(t)?.message).toBe(
      `family ${family} in us-east-1 is claimed by another resource; choose another family`,
    );
  });

  it('a region change, then deletion: the revisions in both regions are deregistered', async () => {
    const ns = await freshNamespace(http, 'region');
    const family = `${ns}-app`;
    await readyTask(ns, family);
    await create(
      http,
      credSpec(ns, 'web-west', { region: WEST, storage: { ssm: { parameterName: `/gmsa/${ns}/west` } } }),
    );
    await until('GmsaCredentialSpec', ns, 'web-west', 'Ready');
    await patch('EcsGmsaTask', ns, 'app', {
      spec: {
        region: WEST,
        taskDefinition: {
          containerDefinitions: [{ name: 'web', image: 'img:1', memory: 512, gmsa: { credentialSpecRef: 'web-west' } }],
        },
      },
    });
    const moved = await eventually(
      async () => {
        const o = await get('EcsGmsaTask', ns, 'app');
        return o.status?.taskDefinitionArn?.includes(`:${WEST}:`) && ready(o)?.reason === 'Ready' ? o : undefined;
      },
      30_000,
      'registered in the second region',
    );
    expect(moved.status?.previousFamilies).toStrictEqual([{ family, region: 'us-east-1' }]);
    await remove('EcsGmsaTask', ns, 'app');
    expect(await activeRevisions(ecs, family)).toStrictEqual([]);
    expect(await activeRevisions(ecsWest, family)).toStrictEqual([]);
  });
});

describe('ownership: a refused status write never leaves an object nobody remembers', () => {
  /**
   * A ValidatingAdmissionPolicy refusing status writes of CR `name` (and of a canary) that match
   * `expression` (CEL on `object`); resolves once the apiserver enforces it (policies load asynchronously).
   */
  async function refuseStatus(
    name: string,
    ns: string,
    expression: string,
    kind = 'GmsaCredentialSpec',
  ): Promise<() => Promise<void>> {
    // A suspended canary (no AWS writes): a dry-run status write to it is refused once the policy is in force.
    const suspended = { 'ecsgmsa.io/suspend': 'true' };
    await create(
      http,
      kind === 'EcsGmsaTask'
        ? task(ns, 'canary', `${ns}_canary`, {}, suspended)
        : credSpec(ns, 'canary', { storage: { ssm: { parameterName: `/gmsa/${ns}/canary` } } }, suspended),
    );
    const status = {
      credentialsArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:probe-AbCdEf',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/probe:1',
    };
    return refuseWrites(
      http,
      {
        name: `refuse-${ns}`,
        resourceRules: [
          {
            apiGroups: ['ecsgmsa.io'],
            apiVersions: ['*'],
            operations: ['UPDATE'],
            resources: [`${plural(kind)}/status`],
          },
        ],
        refuseWhen: `object.metadata.namespace == '${ns}' && object.metadata.name in ['${name}', 'canary'] && (${expression})`,
        message: 'refused by the test',
      },
      () =>
        http.request({
          method: 'PATCH',
          path: `${objPath(kind, ns, 'canary')}/status`,
          query: { dryRun: 'All' },
          contentType: 'application/merge-patch+json',
          body: { status },
        }),
    );
  }

  async function eventsOf(ns: string, name: string, reason: string): Promise<string[]> {
    const list = await http.request<{ items: { reason?: string; note?: string; regarding?: { name?: string } }[] }>({
      method: 'GET',
      path: `/apis/events.k8s.io/v1/namespaces/${ns}/events`,
    });
    return list.items.filter((e) => e.reason === reason && e.regarding?.name === name).map((e) => e.note ?? '');
  }

  it('every status write refused: nothing is created in AWS, and the refusal is an event', async () => {
    const ns = await freshNamespace(http, 'nostatus');
    await adUserSecret(ns);
    const allow = await refuseStatus('a', ns, 'true');
    const mark = op.proxy.calls.length;
    try {
      await create(
        http,
        credSpec(ns, 'a', {
          storage: { ssm: { parameterName: `/gmsa/${ns}/a` } },
          domainless: domainless({ name: `gmsa/${ns}/a` }),
        }),
      );
      await eventually(
        async () =>
          (await eventsOf(ns, 'a', 'StatusWriteFailed')).some((note) => note.includes('refused by the test'))
            ? true
            : undefined,
        30_000,
        'StatusWriteFailed event',
      );
      await new Promise((r) => setTimeout(r, 2000)); // retries keep failing
      const writes = op.proxy.calls
        .slice(mark)
        .filter((c) => !/^(Get|Describe|List|Head)/.test(c.operation) && (c.subject ?? '').includes(ns));
      expect(writes).toStrictEqual([]);
    } finally {
      await allow();
    }
    await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    await remove('GmsaCredentialSpec', ns, 'a');
    expect(await snapshot({ kind: 'ssm', name: `/gmsa/${ns}/a` })).toBeUndefined();
    expect(await snapshot({ kind: 'secret', name: `gmsa/${ns}/a` })).toBeUndefined();
  });

  it('the status write after the AWS create refused: after recovery and deletion, no orphan', async () => {
    const ns = await freshNamespace(http, 'laterstatus');
    await adUserSecret(ns);
    const allow = await refuseStatus('a', ns, 'has(object.status) && has(object.status.credentialsArn)');
    try {
      await create(
        http,
        credSpec(ns, 'a', {
          storage: { ssm: { parameterName: `/gmsa/${ns}/a` } },
          domainless: domainless({ name: `gmsa/${ns}/a` }),
        }),
      );
      await eventually(
        async () => ((await eventsOf(ns, 'a', 'StatusWriteFailed')).length > 0 ? true : undefined),
        30_000,
        'StatusWriteFailed event',
      );
      expect(await snapshot({ kind: 'secret', name: `gmsa/${ns}/a` })).toBeDefined(); // created, its record already in status
      const recorded = await get('GmsaCredentialSpec', ns, 'a');
      expect(recorded.status).toMatchObject({ credentials: { store: 'SecretsManager', name: `gmsa/${ns}/a` } });
    } finally {
      await allow();
    }
    await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    await remove('GmsaCredentialSpec', ns, 'a');
    expect(await snapshot({ kind: 'ssm', name: `/gmsa/${ns}/a` })).toBeUndefined();
    expect(await snapshot({ kind: 'secret', name: `gmsa/${ns}/a` })).toBeUndefined();
  });

  it('an EcsGmsaTask whose status write after the registration is refused: after recovery and deletion, no revision is left', async () => {
    const ns = await freshNamespace(http, 'taskstatus');
    const family = `${ns}_app`;
    await create(http, credSpec(ns, 'web', { storage: { ssm: { parameterName: `/gmsa/${ns}/web` } } }));
    await until('GmsaCredentialSpec', ns, 'web', 'Ready');
    const allow = await refuseStatus(
      'app',
      ns,
      'has(object.status) && has(object.status.taskDefinitionArn)',
      'EcsGmsaTask',
    );
    try {
      await create(http, task(ns, 'app', family));
      await eventually(
        async () => ((await eventsOf(ns, 'app', 'StatusWriteFailed')).length > 0 ? true : undefined),
        30_000,
        'StatusWriteFailed event',
      );
      expect(await activeRevisions(ecs, family)).toHaveLength(1); // registered, its family already recorded
      expect((await get('EcsGmsaTask', ns, 'app')).status?.family).toBe(family);
    } finally {
      await allow();
    }
    await until('EcsGmsaTask', ns, 'app', 'Ready');
    expect(await activeRevisions(ecs, family)).toHaveLength(1); // the lost answer did not cause a second registration
    await remove('EcsGmsaTask', ns, 'app');
    expect(await activeRevisions(ecs, family)).toStrictEqual([]);
  });

  it('a reconcile-requested-at annotation too long to echo: conditions are written, the annotation is reported, not echoed', async () => {
    const ns = await freshNamespace(http, 'longtoken');
    await create(
      http,
      credSpec(
        ns,
        'a',
        { storage: { ssm: { parameterName: `/gmsa/${ns}/a` } } },
        { 'ecsgmsa.io/reconcile-requested-at': 'x'.repeat(300) },
      ),
    );
    const cr = await until('GmsaCredentialSpec', ns, 'a', 'Ready');
    expect(cr.status?.lastHandledReconcileAt).toBeUndefined();
    await eventually(
      async () => ((await eventsOf(ns, 'a', 'InvalidAnnotation')).length > 0 ? true : undefined),
      10_000,
      'InvalidAnnotation event',
    );
  });
});

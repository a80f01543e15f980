// The EcsGmsaTask controller end to end: the `run` process against the real apiserver and moto,
// AWS traffic through a recording proxy that also injects what the emulator cannot produce.
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { create, createAdUserSecret, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';

let http: KubeHttp;
let op: RunningOperator;
let ecs: ECSClient;
let operatorArgs: string[];

interface Obj {
  metadata: { name: string; namespace: string; generation: number };
  status?: {
    conditions?: { type: string; status: string; reason: string; message: string }[];
    credentialSpecReference?: string;
    taskDefinitionArn?: string;
    revision?: number;
    family?: string;
  };
}

const taskPath = (ns: string, name = ''): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks${name ? `/${name}` : ''}`;
const gcsPath = (ns: string, name = ''): string =>
  `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs${name ? `/${name}` : ''}`;
const ready = (o: Obj) => o.status?.conditions?.find((c) => c.type === 'Ready');

async function until(path: string, reason: string, timeoutMs = 30_000): Promise<Obj> {
  return eventually(
    async () => {
      const o = await http.request<Obj>({ method: 'GET', path });
      return ready(o)?.reason === reason && o.status?.conditions?.find((c) => c.type === 'Ready')?.status !== undefined
        ? o
        : undefined;
    },
    timeoutMs,
    `${path} Ready reason ${reason}`,
  );
}

function credSpec(ns: string, name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: ns },
    spec: {
      account: 'WebApp01',
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      ...spec,
    },
  };
}

function task(ns: string, name: string, td: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name, namespace: ns },
    spec: {
      ...spec,
      taskDefinition: {
        family: `${ns}_${name}`,
        executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
        requiresCompatibilities: ['EC2'],
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'web', image: 'img:1', memory: 512, gmsa: { credentialSpecRef: 'web' } }],
        ...td,
      },
    },
  };
}

async function secret(ns: string): Promise<void> {
  await createAdUserSecret(http, { namespace: ns, name: 'ad-user' }, { username: 'u', password: 'Pa55-word!' });
}

async function registeredSpecs(arn: string): Promise<string[] | undefined> {
  const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
  return out.taskDefinition?.containerDefinitions?.[0]?.credentialSpecs;
}

async function activeRevisions(family: string): Promise<string[]> {
  return (
    (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE' }))).taskDefinitionArns ??
    []
  );
}

const registrations = (): number =>
  op.proxy.calls.filter((c) => c.operation === 'RegisterTaskDefinition' && c.status === 200).length;

async function patchTask(ns: string, name: string, body: unknown): Promise<void> {
  await http.request({ method: 'PATCH', path: taskPath(ns, name), contentType: 'application/merge-patch+json', body });
}

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  ecs = new ECSClient(testEnv().awsClientConfig());
  await new S3Client({ ...testEnv().awsClientConfig(), forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: 'task-credspecs' }),
  );
  operatorArgs = ['--resync-period', '3s', '--tenancy-policy', adoptionPolicy(), '--s3-bucket', 'task-credspecs'];
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    extraArgs: operatorArgs,
  });
});

/** A policy letting annotated tasks adopt families with revisions made outside the operator. */
function adoptionPolicy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'egt-policy-')), 'policy.yaml');
  writeFileSync(file, 'rules:\n  - namespaces: ["*"]\n    allowAdoption: true\n');
  return file;
}

afterAll(async () => {
  await op?.stop();
});

describe('EcsGmsaTask reaches Ready carrying exactly the published credentialSpecs', () => {
  it.each([
    [
      'Windows, domainless',
      'WINDOWS_SERVER_2022_CORE',
      {
        hostOs: 'Windows',
        storage: { ssm: { parameterName: '/gmsa/NS/web' } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: 'gmsa/NS/user' },
      },
    ],
    [
      'Windows, domain-joined',
      'WINDOWS_SERVER_2019_CORE',
      { hostOs: 'Windows', storage: { ssm: { parameterName: '/gmsa/NS/web' } } },
    ],
    [
      'Linux, domainless',
      'LINUX',
      {
        hostOs: 'Linux',
        storage: { s3: { bucket: 'task-credspecs', key: 'gmsa/NS/web.json' } },
        domainless: { credentialsSecretRef: { name: 'ad-user' }, name: 'gmsa/NS/user' },
      },
    ],
  ])('%s', async (_name, os, spec) => {
    const ns = await freshNamespace(http, 'egt');
    await secret(ns);
    await create(
      http,
      credSpec(ns, 'web', JSON.parse(JSON.stringify(spec).replaceAll('NS', ns)) as Record<string, unknown>),
    );
    await create(http, task(ns, 'app', { runtimePlatform: { operatingSystemFamily: os } }));
    const t = await until(taskPath(ns, 'app'), 'Ready');
    const gcs = await http.request<Obj>({ method: 'GET', path: gcsPath(ns, 'web') });
    expect(await registeredSpecs(t.status?.taskDefinitionArn ?? '')).toStrictEqual([
      gcs.status?.credentialSpecReference,
    ]);
    expect(t.status).toMatchObject({ family: `${ns}_app`, revision: 1 });
  });
});

describe('EcsGmsaTask registers without churn', () => {
  it('restart, resync and metadata-only changes register nothing; a spec edit and a CredSpec location change register exactly one each', async () => {
    const ns = await freshNamespace(http, 'churn');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/a` } } }),
    );
    await create(http, task(ns, 'app', {}));
    await until(taskPath(ns, 'app'), 'Ready');
    const family = `${ns}_app`;
    expect(await activeRevisions(family)).toHaveLength(1);
    const start = registrations();
    await new Promise((r) => setTimeout(r, 7000)); // two resyncs
    await patchTask(ns, 'app', { metadata: { labels: { touched: 'yes' } } });
    await op.stop();
    op = await startOperator({
      kubeconfigPath: testEnv().kubeconfigPath,
      awsEndpoint: testEnv().awsEndpoint,
      extraArgs: operatorArgs,
    });
    await new Promise((r) => setTimeout(r, 4000));
    expect(await activeRevisions(family)).toHaveLength(1);
    expect(registrations()).toBe(0); // a new proxy: nothing registered since the restart
    expect(start).toBeGreaterThanOrEqual(0);

    await patchTask(ns, 'app', {
      spec: {
        taskDefinition: {
          containerDefinitions: [{ name: 'web', image: 'img:2', memory: 512, gmsa: { credentialSpecRef: 'web' } }],
        },
      },
    });
    await eventually(
      async () =>
        (await http.request<Obj>({ method: 'GET', path: taskPath(ns, 'app') })).status?.revision === 2
          ? true
          : undefined,
      20_000,
      'revision 2',
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await activeRevisions(family)).toHaveLength(2);

    await http.request({
      method: 'PATCH',
      path: gcsPath(ns, 'web'),
      contentType: 'application/merge-patch+json',
      body: { spec: { storage: { ssm: { parameterName: `/gmsa/${ns}/b` } } } },
    });
    const moved = await eventually(
      async () => {
        const t = await http.request<Obj>({ method: 'GET', path: taskPath(ns, 'app') });
        return t.status?.revision === 3 ? t : undefined;
      },
      20_000,
      'revision 3 after the location moved',
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await activeRevisions(family)).toHaveLength(3);
    expect(await registeredSpecs(moved.status?.taskDefinitionArn ?? '')).toStrictEqual([
      `credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa/${ns}/b`,
    ]);
  });

  it('a task created before its CredSpec waits, then converges without a restart', async () => {
    const ns = await freshNamespace(http, 'wait');
    await create(http, task(ns, 'app', {}));
    const waiting = await until(taskPath(ns, 'app'), 'CredentialSpecNotReady');
    expect(ready(waiting)?.message).toContain('not found: web');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/w` } } }),
    );
    await until(taskPath(ns, 'app'), 'Ready');
  });
});

describe('EcsGmsaTask revision history and deletion', () => {
  it('keeps revisionHistoryLimit of its own revisions, follows ListTaskDefinitions pages, never touches others', async () => {
    const ns = await freshNamespace(http, 'hist');
    const family = `${ns}_app`;
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/h` } } }),
    );
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        containerDefinitions: [{ name: 'by-hand', image: 'x', memory: 64 }],
      }),
    );
    op.proxy.pageTaskDefinitionLists(1);
    try {
      // A family with a revision made by hand is extended only when adopted.
      const adopted = task(ns, 'app', {}, { revisionHistoryLimit: 2 });
      await create(http, {
        ...adopted,
        metadata: { ...adopted.metadata, annotations: { 'ecsgmsa.io/adopt': 'true' } } as typeof adopted.metadata,
      });
      for (let i = 2; i <= 4; i++) {
        await until(taskPath(ns, 'app'), 'Ready');
        await patchTask(ns, 'app', {
          spec: {
            taskDefinition: {
              containerDefinitions: [
                { name: 'web', image: `img:${i}`, memory: 512, gmsa: { credentialSpecRef: 'web' } },
              ],
            },
          },
        });
        await eventually(
          async () =>
            (await http.request<Obj>({ method: 'GET', path: taskPath(ns, 'app') })).status?.revision === i + 1
              ? true
              : undefined,
          20_000,
          `revision ${i + 1}`,
        );
      }
      await eventually(
        async () => ((await activeRevisions(family)).length === 3 ? true : undefined),
        20_000,
        'pruned to 2 of ours + 1 by hand',
      );
      expect((await activeRevisions(family)).map((a) => a.split(':').pop())).toStrictEqual(['1', '4', '5']);
      expect(op.proxy.calls.some((c) => c.operation === 'ListTaskDefinitions')).toBe(true);
    } finally {
      op.proxy.pageTaskDefinitionLists(undefined);
    }
  });

  it('Delete deregisters its revisions; Retain leaves them', async () => {
    const ns = await freshNamespace(http, 'tdel');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/d` } } }),
    );
    await create(http, task(ns, 'gone', {}));
    await create(http, task(ns, 'kept', {}, { deletionPolicy: 'Retain' }));
    await until(taskPath(ns, 'gone'), 'Ready');
    await until(taskPath(ns, 'kept'), 'Ready');
    await http.request({ method: 'DELETE', path: taskPath(ns, 'gone') });
    await http.request({ method: 'DELETE', path: taskPath(ns, 'kept') });
    await eventually(
      async () => ((await activeRevisions(`${ns}_gone`)).length === 0 ? true : undefined),
      20_000,
      'gone deregistered',
    );
    await eventually(
      async () =>
        (await http.request({ method: 'GET', path: taskPath(ns, 'kept') }).catch(() => 'gone')) === 'gone'
          ? true
          : undefined,
      20_000,
      'kept deleted',
    );
    expect(await activeRevisions(`${ns}_kept`)).toHaveLength(1);
  });
});

describe('EcsGmsaTask rules and AWS failures', () => {
  it('a Windows task referencing a Linux CredSpec is Stalled and registers nothing', async () => {
    const ns = await freshNamespace(http, 'rule');
    await create(http, credSpec(ns, 'web', { hostOs: 'Linux', storage: { ssm: { parameterName: `/gmsa/${ns}/l` } } }));
    await create(http, task(ns, 'app', {}));
    const t = await until(taskPath(ns, 'app'), 'ValidationFailed');
    expect(ready(t)?.message).toBe(
      `spec.taskDefinition.containerDefinitions[0].gmsa.credentialSpecRef: GmsaCredentialSpec "web" is for Linux hosts but the task runs WINDOWS_SERVER_2022_CORE`,
    );
    expect(await activeRevisions(`${ns}_app`)).toHaveLength(0);
  });

  it.each<
    [
      string,
      { hostOs: string; domainless?: boolean; region?: string },
      Record<string, unknown>,
      Record<string, unknown>,
      string,
    ]
  >([
    [
      'domainless on Windows Server 2016',
      { hostOs: 'Windows', domainless: true },
      { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' } },
      {},
      'Windows Server 2016 does not support domainless gMSA',
    ],
    [
      'a CredSpec in another region',
      { hostOs: 'Windows', region: 'eu-west-1' },
      {},
      {},
      'is stored in eu-west-1 but the task is registered in us-east-1',
    ],
    [
      'a hostname that differs from the account on Server 2016',
      { hostOs: 'Windows' },
      {
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' },
        containerDefinitions: [
          { name: 'web', image: 'img:1', memory: 512, hostname: 'other', gmsa: { credentialSpecRef: 'web' } },
        ],
      },
      {},
      'the hostname must equal the gMSA account',
    ],
    [
      'Linux on Fargate with a domain-joined CredSpec',
      { hostOs: 'Linux' },
      {
        requiresCompatibilities: ['FARGATE'],
        runtimePlatform: { operatingSystemFamily: 'LINUX' },
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
      },
      {},
      'Linux on Fargate supports only domainless gMSA',
    ],
  ])('%s is Stalled and registers nothing', async (_name, gcs, td, extra, message) => {
    const ns = await freshNamespace(http, 'xrule');
    const domainless = gcs.domainless
      ? { domainless: { credentialsSecretRef: { name: 'ad-user' }, name: `gmsa/${ns}/u` } }
      : {};
    if (gcs.domainless) await secret(ns);
    await create(
      http,
      credSpec(ns, 'web', {
        hostOs: gcs.hostOs,
        ...(gcs.region ? { region: gcs.region } : {}),
        storage: { ssm: { parameterName: `/gmsa/${ns}/x` } },
        ...domainless,
      }),
    );
    await until(gcsPath(ns, 'web'), 'Ready');
    await create(http, task(ns, 'app', td, extra));
    const t = await until(taskPath(ns, 'app'), 'ValidationFailed');
    expect(ready(t)?.message).toContain(message);
    expect(t.status?.conditions?.find((c) => c.type === 'Stalled')?.status).toBe('True');
    expect(await activeRevisions(`${ns}_app`)).toHaveLength(0);
  });

  it('a family already owned by another EcsGmsaTask is refused', async () => {
    const ns = await freshNamespace(http, 'fam');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/f` } } }),
    );
    await create(http, task(ns, 'first', { family: `${ns}_shared` }));
    await until(taskPath(ns, 'first'), 'Ready');
    await create(http, task(ns, 'second', { family: `${ns}_shared` }));
    const t = await until(taskPath(ns, 'second'), 'FamilyConflict');
    expect(ready(t)?.message).toBe(
      `family ${ns}_shared in us-east-1 is claimed by EcsGmsaTask first; choose another family`,
    );
  });

  it.each([
    [
      'InvalidParameterException → Stalled with ECS message',
      { status: 400, code: 'InvalidParameterException', message: 'Container.image should not be blank.' },
      'AwsRejected',
      'Container.image should not be blank.',
    ],
    [
      '"Too many concurrent attempts" → retried until registered',
      {
        status: 400,
        code: 'ClientException',
        message: 'Too many concurrent attempts to create a new revision of the specified family.',
      },
      'Ready',
      undefined,
    ],
    [
      'throttling → retried until registered',
      { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      'Ready',
      undefined,
    ],
  ])('%s', async (_name, fault, reason, message) => {
    const ns = await freshNamespace(http, 'fault');
    await create(
      http,
      credSpec(ns, 'web', { hostOs: 'Windows', storage: { ssm: { parameterName: `/gmsa/${ns}/x` } } }),
    );
    await until(gcsPath(ns, 'web'), 'Ready');
    let injected = 0;
    op.proxy.inject((call) => (call.operation === 'RegisterTaskDefinition' && injected++ < 2 ? fault : undefined));
    try {
      await create(http, task(ns, 'app', {}));
      const t = await until(taskPath(ns, 'app'), reason, 60_000);
      if (message) expect(ready(t)?.message).toContain(message);
      if (reason === 'Ready') expect(await activeRevisions(`${ns}_app`)).toHaveLength(1);
      else expect(await activeRevisions(`${ns}_app`)).toHaveLength(0);
      expect(injected).toBeGreaterThanOrEqual(reason === 'Ready' ? 3 : 1);
    } finally {
      op.proxy.inject(undefined);
    }
  });
});

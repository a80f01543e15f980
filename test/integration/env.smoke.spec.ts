// Smoke tests of the real test environment: kube-apiserver (CRDs, RBAC, tokens) and moto through the AWS SDK.
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import {
  ApiException,
  ApiextensionsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  VersionApi,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { resetAws, testEnv } from '../env/connect.js';

// jest 30 reads testTimeout only at the top level of the config, not per project: give each test its own.
const T = 60_000;
const env = testEnv();
const admin = env.kubeConfig();
const core = admin.makeApiClient(CoreV1Api);

async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

/** The HTTP status and Status message of a rejected client-node call. */
async function statusOf(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (err: unknown) {
    if (!(err instanceof ApiException)) throw err;
    const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    return { code: err.code, message: (body as { message?: string }).message ?? '' };
  }
  throw new Error('the call succeeded');
}

/** GET a raw path with the kubeconfig's credentials. */
async function rawGet(kc: KubeConfig, path: string): Promise<{ status: number; body: string }> {
  const options = {};
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(`${env.apiServerUrl}${path}`, options, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kube-apiserver', () => {
  it(
    'is ready and reports the pinned version',
    async () => {
      expect(await rawGet(admin, '/readyz')).toMatchObject({ status: 200, body: 'ok' });
      const version = await admin.makeApiClient(VersionApi).getCode();
      expect(version.gitVersion).toBe('v1.34.4');
    },
    T,
  );

  it(
    'serves a CRD once Established and enforces its schema',
    async () => {
      const group = 'smoke.ecsgmsa.io';
      const crd: V1CustomResourceDefinition = {
        metadata: { name: `widgets.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      required: ['size'],
                      properties: { size: { type: 'string', pattern: '^(small|large)$' } },
                    },
                  },
                },
              },
            },
          ],
        },
      };
      const ext = admin.makeApiClient(ApiextensionsV1Api);
      await ext.createCustomResourceDefinition({ body: crd }).catch((err: unknown) => {
        if (!(err instanceof ApiException) || err.code !== 409) throw err;
      });
      await eventually(async () => {
        const got = await ext.readCustomResourceDefinition({ name: crd.metadata?.name ?? '' });
        return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
      }, 'CRD Established');

      const ns = await freshNamespace('smoke-crd');
      const objects = admin.makeApiClient(CustomObjectsApi);
      const widget = (name: string, spec: Record<string, unknown>): object => ({
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name },
        spec,
      });
      const create = (body: object): Promise<unknown> =>
        objects.createNamespacedCustomObject({ group, version: 'v1', namespace: ns, plural: 'widgets', body });
      await eventually(
        async () =>
          create(widget('good', { size: 'small' })).then(
            () => true,
            () => undefined,
          ),
        'a valid Widget created',
      );

      const badPattern = await statusOf(create(widget('bad', { size: 'huge' })));
      expect(badPattern.code).toBe(422);
      expect(badPattern.message).toMatch(/spec\.size: Invalid value: "huge": spec\.size in body should match/);
      const missing = await statusOf(create(widget('missing', {})));
      expect(missing.code).toBe(422);
      expect(missing.message).toContain('spec.size: Required value');
    },
    T,
  );

  it(
    'denies a user without RBAC rights, allows one in system:masters',
    async () => {
      const ns = await freshNamespace('smoke-rbac');
      const nobody = (await env.userKubeConfig('nobody')).makeApiClient(CoreV1Api);
      const denied = await statusOf(nobody.listNamespacedPod({ namespace: ns }));
      expect(denied.code).toBe(403);
      expect(denied.message).toContain(
        `pods is forbidden: User "nobody" cannot list resource "pods" in API group "" in the namespace "${ns}"`,
      );
      const master = (await env.userKubeConfig('alice', ['system:masters'])).makeApiClient(CoreV1Api);
      await expect(master.listNamespacedPod({ namespace: ns })).resolves.toMatchObject({ items: [] });
    },
    T,
  );

  it(
    'issues ServiceAccount tokens through TokenRequest that authenticate',
    async () => {
      const ns = await freshNamespace('smoke-sa');
      await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'robot' } } });
      const tokenRequest = await core.createNamespacedServiceAccountToken({
        name: 'robot',
        namespace: ns,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
      const token = tokenRequest.status?.token ?? '';
      expect(token.split('.')).toHaveLength(3);

      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'test', server: env.apiServerUrl, caFile: env.caCertPath }],
        users: [{ name: 'robot', token }],
        contexts: [{ name: 'robot', cluster: 'test', user: 'robot' }],
        currentContext: 'robot',
      });
      const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
      expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${ns}:robot`);
    },
    T,
  );
});

describe('moto through the AWS SDK', () => {
  const cfg = env.awsClientConfig();
  const ssm = new SSMClient(cfg);
  const secrets = new SecretsManagerClient(cfg);
  const s3 = new S3Client(cfg);
  const ecs = new ECSClient(cfg);

  beforeEach(() => resetAws(), T);
  afterAll(() => {
    for (const c of [ssm, secrets, s3, ecs]) c.destroy();
  });

  it(
    'uses the test endpoint, region and account',
    () => {
      expect(cfg).toMatchObject({
        region: 'us-east-1',
        endpoint: env.awsEndpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        forcePathStyle: true,
      });
      expect(env.awsAccountId).toBe('123456789012');
      expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
    },
    T,
  );

  it(
    'SSM PutParameter / GetParameter',
    async () => {
      await ssm.send(new PutParameterCommand({ Name: '/gmsa/smoke', Value: '{"a":1}', Type: 'String' }));
      const got = await ssm.send(new GetParameterCommand({ Name: '/gmsa/smoke' }));
      expect(got.Parameter).toMatchObject({
        Value: '{"a":1}',
        ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/gmsa/smoke',
      });
    },
    T,
  );

  it(
    'Secrets Manager CreateSecret / GetSecretValue',
    async () => {
      const created = await secrets.send(
        new CreateSecretCommand({ Name: 'gmsa/smoke/ad-user', SecretString: '{"username":"u"}' }),
      );
      expect(created.ARN).toMatch(
        /^arn:aws:secretsmanager:us-east-1:123456789012:secret:gmsa\/smoke\/ad-user-[A-Za-z0-9]{6}$/,
      );
      const got = await secrets.send(new GetSecretValueCommand({ SecretId: 'gmsa/smoke/ad-user' }));
      expect(got.SecretString).toBe('{"username":"u"}');
    },
    T,
  );

  it(
    'S3 CreateBucket / PutObject / GetObject',
    async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'smoke-bucket' }));
      await s3.send(
        new PutObjectCommand({
          Bucket: 'smoke-bucket',
          Key: 'gmsa/x.json',
          Body: '{"x":1}',
          ContentType: 'application/json',
        }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket: 'smoke-bucket', Key: 'gmsa/x.json' }));
      expect(await got.Body?.transformToString()).toBe('{"x":1}');
    },
    T,
  );

  it(
    'ECS RegisterTaskDefinition keeps credentialSpecs through DescribeTaskDefinition',
    async () => {
      const credentialSpecs = ['credentialspecdomainless:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa/x'];
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'smoke',
          containerDefinitions: [
            { name: 'app', image: 'mcr.microsoft.com/windows/servercore:ltsc2022', memory: 512, credentialSpecs },
          ],
        }),
      );
      expect(registered.taskDefinition?.revision).toBe(1);
      const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'smoke:1' }));
      expect(described.taskDefinition?.containerDefinitions?.[0]?.credentialSpecs).toEqual(credentialSpecs);
    },
    T,
  );

  it(
    'resetAws() clears every object',
    async () => {
      await ssm.send(new PutParameterCommand({ Name: '/gmsa/reset', Value: 'v', Type: 'String' }));
      await resetAws();
      await expect(ssm.send(new GetParameterCommand({ Name: '/gmsa/reset' }))).rejects.toMatchObject({
        name: 'ParameterNotFound',
      });
    },
    T,
  );
});

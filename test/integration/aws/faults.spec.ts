// Failure paths moto cannot produce (5xx, throttling, lost answers, refused and hung connections), through loopback servers.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAwsPortsFactory, type ClosableAwsPortsFactory } from '../../../src/aws/factory.js';
import type { AwsPorts } from '../../../src/aws/ports.js';
import { newRequestToken } from '../../../src/aws/requestToken.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { uniqueName } from './awsTestPorts.js';
import { awsJsonError, losingProxy, startServer } from './faultServers.js';

const run = promisify(execFile);

function portsAt(
  endpoint: string,
  extra: { requestTimeoutMs?: number; maxAttempts?: number } = {},
): { factory: ClosableAwsPortsFactory; ports: AwsPorts; outcomes: string[] } {
  const outcomes: string[] = [];
  const factory = createAwsPortsFactory({
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    limits: { '*': 'unlimited' },
    recorder: (service, operation, outcome) => outcomes.push(`${service}.${operation}:${outcome}`),
    ...extra,
  });
  return { factory, ports: factory.forRegion('us-east-1'), outcomes };
}

const family = { family: 'web', containerDefinitions: [{ name: 'web', image: 'x', memory: 512 }] };

describe('AWS failure paths through a stand-in endpoint', () => {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';

  it('sends RegisterTaskDefinition exactly once on a 5xx, while other calls get the SDK retries', async () => {
    const server = await startServer(awsJsonError(500, 'ServerException', 'Service unavailable'));
    const { factory, ports, outcomes } = portsAt(server.url);
    try {
      await expect(ports.taskDefinitions.register(family)).rejects.toMatchObject({
        class: 'transient',
        code: 'ServerException',
        httpStatus: 500,
        attempts: 1,
      });
      expect(server.targets.filter((t) => t.endsWith('.RegisterTaskDefinition'))).toHaveLength(1);
      await expect(ports.taskDefinitions.describe('web:1')).rejects.toMatchObject({ class: 'transient', attempts: 3 });
      expect(server.targets.filter((t) => t.endsWith('.DescribeTaskDefinition'))).toHaveLength(3);
      expect(outcomes).toStrictEqual(['ecs.RegisterTaskDefinition:transient', 'ecs.DescribeTaskDefinition:transient']);
    } finally {
      factory.close();
      await server.close();
    }
  });

  it("classifies ECS's concurrent-revision ClientException as throttled, other ClientExceptions as terminal", async () => {
    const concurrent = await startServer(
      awsJsonError(
        400,
        'ClientException',
        'Too many concurrent attempts to create a new revision of the specified family.',
      ),
    );
    const other = await startServer(awsJsonError(400, 'ClientException', 'Invalid revision number.'));
    const a = portsAt(concurrent.url);
    const b = portsAt(other.url);
    try {
      await expect(a.ports.taskDefinitions.register(family)).rejects.toMatchObject({
        class: 'throttled',
        code: 'ClientException',
      });
      await expect(b.ports.taskDefinitions.register(family)).rejects.toMatchObject({
        class: 'terminal',
        code: 'ClientException',
      });
      expect([...a.outcomes, ...b.outcomes]).toStrictEqual([
        'ecs.RegisterTaskDefinition:throttled',
        'ecs.RegisterTaskDefinition:terminal',
      ]);
    } finally {
      a.factory.close();
      b.factory.close();
      await concurrent.close();
      await other.close();
    }
  });

  it('classifies a ThrottlingException as throttled and counts it', async () => {
    const server = await startServer(awsJsonError(400, 'ThrottlingException', 'Rate exceeded'));
    const { factory, ports, outcomes } = portsAt(server.url, { maxAttempts: 1 });
    try {
      await expect(ports.parameters.get('/x')).rejects.toMatchObject({
        class: 'throttled',
        code: 'ThrottlingException',
        service: 'ssm',
        operation: 'GetParameter',
      });
      expect(outcomes).toStrictEqual(['ssm.GetParameter:throttled']);
    } finally {
      factory.close();
      await server.close();
    }
  });

  it('classifies a refused connection as transient (in plain Node, as in production)', async () => {
    const server = await startServer(awsJsonError(500, 'x', 'x'));
    const url = server.url;
    await server.close();
    const script = fileURLToPath(new URL('./plainNodeCall.ts', import.meta.url));
    const out = await run(process.execPath, ['--import', 'tsx', script, url], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(JSON.parse(out.stdout)).toStrictEqual({ class: 'transient', code: 'ECONNREFUSED' });
  });

  it('gives up on a hung endpoint after the request timeout, as transient', async () => {
    const server = await startServer(() => undefined);
    const { factory, ports, outcomes } = portsAt(server.url, { requestTimeoutMs: 300, maxAttempts: 1 });
    try {
      const started = Date.now();
      await expect(ports.objects.get('bucket', 'key')).rejects.toMatchObject({ class: 'transient' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(outcomes).toStrictEqual(['s3.GetObject:transient']);
    } finally {
      factory.close();
      await server.close();
    }
  });
});

describe('lost answers: the request took effect upstream (moto), the answer did not come back', () => {
  let moto: string;

  beforeAll(async () => {
    await resetAws();
    moto = testEnv().awsEndpoint;
  });

  it('RegisterTaskDefinition is not retried, so a lost answer leaves exactly one revision', async () => {
    const proxy = await startServer(losingProxy(moto, '.RegisterTaskDefinition'));
    const { factory, ports } = portsAt(proxy.url);
    const f = uniqueName('lost');
    try {
      await expect(ports.taskDefinitions.register({ ...family, family: f })).rejects.toMatchObject({
        class: 'transient',
        attempts: 1,
      });
      await expect(ports.taskDefinitions.listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toHaveLength(1);
    } finally {
      factory.close();
      await proxy.close();
    }
  });

  it('CreateSecret retried by the SDK with the same ClientRequestToken makes one version and succeeds', async () => {
    const proxy = await startServer(losingProxy(moto, '.CreateSecret'));
    const { factory, ports } = portsAt(proxy.url);
    const name = uniqueName('lost-secret');
    const token = newRequestToken();
    try {
      await expect(
        ports.secrets.create({ name, value: 'v1-content', tags: {}, clientRequestToken: token }),
      ).resolves.toMatchObject({ versionId: token });
      expect(proxy.targets.filter((t) => t.endsWith('.CreateSecret'))).toHaveLength(2);
      await expect(ports.secrets.describe(name)).resolves.toMatchObject({ currentVersionId: token });
    } finally {
      factory.close();
      await proxy.close();
    }
  });

  it('PutParameter (create) whose first attempt took effect is recognised on the retry and succeeds', async () => {
    const proxy = await startServer(losingProxy(moto, '.PutParameter'));
    const { factory, ports, outcomes } = portsAt(proxy.url);
    const name = `/gmsa/${uniqueName('lost-param')}`;
    try {
      await expect(
        ports.parameters.put({ name, value: 'v', type: 'String', overwrite: false, tags: { a: '1' } }),
      ).resolves.toStrictEqual({ version: 1 });
      expect(outcomes).toStrictEqual([
        'ssm.PutParameter:terminal',
        'ssm.ListTagsForResource:success',
        'ssm.GetParameter:success',
      ]);
      await expect(ports.parameters.getTags(name)).resolves.toStrictEqual({ a: '1' });
      await expect(
        ports.parameters.put({ name, value: 'other', type: 'String', overwrite: false }),
      ).rejects.toMatchObject({ code: 'ParameterAlreadyExists' });
    } finally {
      factory.close();
      await proxy.close();
    }
  });
});

import type { RegisterTaskDefinitionInput } from '../../../src/aws/ports.js';
import { resetAws } from '../../env/connect.js';
import { testPorts, uniqueName, type TestPorts } from './awsTestPorts.js';

function input(
  family: string,
  tags: Record<string, string> = { 'ecsgmsa.io/name': 'webapp' },
): RegisterTaskDefinitionInput {
  return {
    family,
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    requiresCompatibilities: ['EC2'],
    runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'web',
        image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
        memory: 1024,
        credentialSpecs: [
          'credentialspecdomainless:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa/webapp01/credspec',
        ],
      },
    ],
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  };
}

describe('TaskDefinitions against moto', () => {
  let t: TestPorts;
  const family = (): string => uniqueName('fam');

  beforeAll(async () => {
    await resetAws();
    t = testPorts();
  });
  afterAll(() => t.factory.close());

  it('returns undefined / not-found / [] for a family that does not exist', async () => {
    const f = family();
    await expect(t.ports.taskDefinitions.describe(`${f}:1`)).resolves.toBeUndefined();
    await expect(t.ports.taskDefinitions.deregister(`${f}:1`)).resolves.toBe('not-found');
    await expect(t.ports.taskDefinitions.listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual([]);
  });

  it('registers revisions and describes one with its tags and credentialSpecs', async () => {
    const f = family();
    const first = await t.ports.taskDefinitions.register(input(f, { 'ecsgmsa.io/spec-sha256': 'abc', team: 'a' }));
    expect(first).toStrictEqual({
      arn: `arn:aws:ecs:${t.region}:123456789012:task-definition/${f}:1`,
      family: f,
      revision: 1,
    });
    const second = await t.ports.taskDefinitions.register(input(f));
    expect(second.revision).toBe(2);

    const described = await t.ports.taskDefinitions.describe(`${f}:1`);
    expect(described).toMatchObject({
      arn: first.arn,
      family: f,
      revision: 1,
      status: 'ACTIVE',
      tags: { 'ecsgmsa.io/spec-sha256': 'abc', team: 'a' },
    });
    expect(described?.taskDefinition).toMatchObject({
      family: f,
      containerDefinitions: [
        expect.objectContaining({
          credentialSpecs: [
            'credentialspecdomainless:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa/webapp01/credspec',
          ],
        }),
      ],
    });
    await expect(t.ports.taskDefinitions.describe(first.arn)).resolves.toMatchObject({ revision: 1 });
    await expect(t.ports.taskDefinitions.describe(f)).resolves.toMatchObject({ revision: 2 });
  });

  it('accepts an input without tags (an empty list is not sent) and reports bad input as terminal', async () => {
    const f = family();
    await expect(t.ports.taskDefinitions.register({ ...input(f), tags: [] })).resolves.toMatchObject({ revision: 1 });
    await expect(t.ports.taskDefinitions.describe(`${f}:1`)).resolves.toMatchObject({ tags: {} });
    const bad = t.ports.taskDefinitions.register({ ...input(f), containerDefinitions: [{ name: 'web', image: 'x' }] });
    await expect(bad).rejects.toMatchObject({
      service: 'ecs',
      operation: 'RegisterTaskDefinition',
      class: 'terminal',
      code: 'ClientException',
    });
  });

  it('lists ACTIVE and INACTIVE revisions ascending, deregisters, then deletes the inactive ones', async () => {
    const f = family();
    const arns: string[] = [];
    for (let i = 0; i < 12; i++) arns.push((await t.ports.taskDefinitions.register(input(f))).arn);
    await expect(t.ports.taskDefinitions.listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual(arns);

    for (let r = 1; r <= 11; r++)
      await expect(t.ports.taskDefinitions.deregister(`${f}:${r}`)).resolves.toBe('deregistered');
    await expect(t.ports.taskDefinitions.deregister(`${f}:1`)).resolves.toBe('deregistered');
    await expect(t.ports.taskDefinitions.describe(`${f}:1`)).resolves.toMatchObject({ status: 'INACTIVE' });
    await expect(t.ports.taskDefinitions.listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual([
      arns[11],
    ]);
    const inactive = await t.ports.taskDefinitions.listArns({ familyPrefix: f, status: 'INACTIVE' });
    expect(inactive).toStrictEqual(arns.slice(0, 11));
  });

  it('reports a deregister without a revision as a terminal error, not as not-found', async () => {
    const f = family();
    await t.ports.taskDefinitions.register(input(f));
    await expect(t.ports.taskDefinitions.deregister(f)).rejects.toMatchObject({
      class: 'terminal',
      code: 'ClientException',
    });
  });
});

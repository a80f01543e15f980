// The TaskDefinitions behaviour the controllers rely on, run against the ECS adapter over moto and
// against the fake: where the two disagree, the fake is wrong.
import type { RegisterTaskDefinitionInput } from '../../src/aws/ports.js';
import type { Subject } from './portsUnderTest.js';

const CREDSPEC = 'credentialspecdomainless:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/web/credspec';

function input(family: string, tags: Record<string, string> = { owner: 'me' }): RegisterTaskDefinitionInput {
  return {
    family,
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    requiresCompatibilities: ['EC2'],
    networkMode: 'awsvpc',
    containerDefinitions: [{ name: 'web', image: 'img:1', memory: 512, credentialSpecs: [CREDSPEC] }],
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  };
}

/** Declares the TaskDefinitions contract cases for `subject`. */
export function taskDefinitionsContract(subject: Subject): void {
  const family = (): string =>
    subject()
      .unique('contract')
      .replace(/[^A-Za-z0-9_-]/g, '-');
  const ecs = (): ReturnType<Subject>['ports']['taskDefinitions'] => subject().ports.taskDefinitions;

  it('answers undefined, not-found and [] for a family that does not exist', async () => {
    const f = family();
    await expect(ecs().describe(`${f}:1`)).resolves.toBeUndefined();
    await expect(ecs().describe(f)).resolves.toBeUndefined();
    await expect(ecs().deregister(`${f}:1`)).resolves.toBe('not-found');
    await expect(ecs().listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual([]);
  });

  it('registers revision after revision and describes each with its tags, by family:revision, ARN or family', async () => {
    const f = family();
    const { region, accountId } = subject();
    const first = await ecs().register(input(f, { a: '1' }));
    expect(first).toStrictEqual({
      arn: `arn:aws:ecs:${region}:${accountId}:task-definition/${f}:1`,
      family: f,
      revision: 1,
    });
    const second = await ecs().register(input(f, { a: '2' }));
    expect(second.revision).toBe(2);
    await expect(ecs().describe(`${f}:1`)).resolves.toMatchObject({
      arn: first.arn,
      status: 'ACTIVE',
      tags: { a: '1' },
    });
    await expect(ecs().describe(first.arn)).resolves.toMatchObject({ revision: 1 });
    await expect(ecs().describe(f)).resolves.toMatchObject({ revision: 2, tags: { a: '2' } });
  });

  it('describes what was registered, with read-only fields and filled defaults beside it', async () => {
    const f = family();
    await ecs().register(input(f));
    const described = await ecs().describe(`${f}:1`);
    expect(described?.taskDefinition).toMatchObject({
      family: f,
      revision: 1,
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      containerDefinitions: [
        expect.objectContaining({
          name: 'web',
          image: 'img:1',
          memory: 512,
          credentialSpecs: [CREDSPEC],
          essential: true,
        }),
      ],
    });
    expect(described?.taskDefinition).not.toHaveProperty('tags');
  });

  it('accepts an input without tags, and refuses a container without memory as terminal ClientException', async () => {
    const f = family();
    await ecs().register({ ...input(f), tags: [] });
    await expect(ecs().describe(`${f}:1`)).resolves.toMatchObject({ tags: {} });
    await expect(
      ecs().register({ ...input(f), containerDefinitions: [{ name: 'web', image: 'img:1' }] }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'ClientException' });
  });

  it('lists ACTIVE and INACTIVE revisions ascending; deregistering twice is fine', async () => {
    const f = family();
    const arns: string[] = [];
    for (let i = 0; i < 4; i++) arns.push((await ecs().register(input(f))).arn);
    await expect(ecs().listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual(arns);
    await expect(ecs().deregister(`${f}:2`)).resolves.toBe('deregistered');
    await expect(ecs().deregister(arns[2] ?? '')).resolves.toBe('deregistered');
    await expect(ecs().deregister(`${f}:2`)).resolves.toBe('deregistered');
    await expect(ecs().describe(`${f}:2`)).resolves.toMatchObject({ status: 'INACTIVE' });
    await expect(ecs().listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toStrictEqual([arns[0], arns[3]]);
    await expect(ecs().listArns({ familyPrefix: f, status: 'INACTIVE' })).resolves.toStrictEqual([arns[1], arns[2]]);
  });

  it('lists an exact family only, not one that merely starts with its name', async () => {
    const f = family();
    await ecs().register(input(f));
    await ecs().register(input(`${f}-longer`));
    await expect(ecs().listArns({ familyPrefix: f, status: 'ACTIVE' })).resolves.toHaveLength(1);
  });

  it('refuses a deregister without a revision as terminal, not as not-found', async () => {
    const f = family();
    await ecs().register(input(f));
    await expect(ecs().deregister(f)).rejects.toMatchObject({ class: 'terminal', code: 'ClientException' });
  });
}

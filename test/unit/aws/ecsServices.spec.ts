import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  InvalidParameterException,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { noopRecorder, type CallContext } from '../../../src/aws/call.js';
import { AwsError } from '../../../src/aws/errors.js';
import { batches, EcsServiceAdapter } from '../../../src/aws/ecsServices.js';
import { sdkError } from './fixtures.js';

const td = (n: number): string => `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${n}`;

function sdkService(name: string, over: Partial<Service> = {}): Service {
  return {
    serviceName: name,
    serviceArn: `arn:aws:ecs:us-east-1:111122223333:service/prod/${name}`,
    status: 'ACTIVE',
    taskDefinition: td(2),
    deployments: [
      {
        id: 'ecs-svc/old',
        status: 'ACTIVE',
        taskDefinition: td(1),
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 0,
        failedTasks: 0,
        rolloutState: 'COMPLETED',
      },
      {
        id: 'ecs-svc/new',
        status: 'PRIMARY',
        taskDefinition: td(2),
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 1,
        failedTasks: 1,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'ECS deployment ecs-svc/new in progress.',
      },
    ],
    ...over,
  };
}

/** An ECSClient stand-in: answers with `answer` and records every request. */
class FakeClient {
  readonly requests: { command: string; input: unknown }[] = [];
  constructor(private readonly answer: (command: unknown) => Promise<unknown>) {}
  send(command: { input: unknown; constructor: { name: string } }): Promise<unknown> {
    this.requests.push({ command: command.constructor.name, input: command.input });
    return this.answer(command);
  }
}

function adapter(answer: (command: unknown) => Promise<unknown>): {
  ports: EcsServiceAdapter;
  ecs: FakeClient;
  single: FakeClient;
} {
  const ecs = new FakeClient(answer);
  const single = new FakeClient(answer);
  const ctx: CallContext = { service: 'ecs', recorder: noopRecorder };
  const clients = { ecs: ecs as unknown as ECSClient, ecsSingleAttempt: single as unknown as ECSClient };
  return { ports: new EcsServiceAdapter(clients, ctx), ecs, single };
}

const describeFrom =
  (existing: Set<string>) =>
  (command: unknown): Promise<unknown> => {
    if (!(command instanceof DescribeServicesCommand)) return Promise.reject(new Error('unexpected command'));
    const names = command.input.services ?? [];
    if (names.length > 10) return Promise.reject(new InvalidParameterException({ message: 'too many', $metadata: {} }));
    return Promise.resolve({
      services: names.filter((n) => existing.has(n)).map((n) => sdkService(n)),
      failures: names.filter((n) => !existing.has(n)).map((n) => ({ arn: n, reason: 'MISSING' })),
    });
  };

describe('EcsServiceAdapter.describe', () => {
  it('asks for at most 10 services per DescribeServices call, each name once', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `svc${i}`);
    const { ports, ecs } = adapter(describeFrom(new Set(names)));
    const found = await ports.describe('prod', [...names, 'svc0']);
    expect(ecs.requests.map((r) => (r.input as { services: string[] }).services.length)).toStrictEqual([10, 10, 3]);
    expect(ecs.requests.every((r) => (r.input as { cluster: string }).cluster === 'prod')).toBe(true);
    expect([...found.keys()]).toStrictEqual(names);
  });

  it('a missing service is undefined, not an error', async () => {
    const { ports } = adapter(describeFrom(new Set(['there'])));
    const found = await ports.describe('prod', ['there', 'gone']);
    expect(found.get('gone')).toBeUndefined();
    expect(found.has('gone')).toBe(true);
    expect(found.get('there')?.arn).toBe('arn:aws:ecs:us-east-1:111122223333:service/prod/there');
  });

  it('a missing cluster makes every service of it undefined', async () => {
    const { ports } = adapter(() =>
      Promise.reject(
        new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: { httpStatusCode: 400 } }),
      ),
    );
    expect([...(await ports.describe('nope', ['a', 'b'])).entries()]).toStrictEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
  });

  it('reads the deployments PRIMARY first, with rollout state, counts and the circuit breaker', async () => {
    const { ports } = adapter(() =>
      Promise.resolve({
        services: [
          sdkService('web', {
            deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
          }),
        ],
      }),
    );
    expect((await ports.describe('prod', ['web'])).get('web')).toStrictEqual({
      cluster: 'prod',
      service: 'web',
      arn: 'arn:aws:ecs:us-east-1:111122223333:service/prod/web',
      status: 'ACTIVE',
      taskDefinition: td(2),
      deploymentController: 'ECS',
      circuitBreakerRollback: true,
      deployments: [
        {
          id: 'ecs-svc/new',
          status: 'PRIMARY',
          taskDefinition: td(2),
          desiredCount: 2,
          runningCount: 1,
          pendingCount: 1,
          failedTasks: 1,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment ecs-svc/new in progress.',
        },
        {
          id: 'ecs-svc/old',
          status: 'ACTIVE',
          taskDefinition: td(1),
          desiredCount: 2,
          runningCount: 1,
          pendingCount: 0,
          failedTasks: 0,
          rolloutState: 'COMPLETED',
        },
      ],
    });
  });

  it('throttling is an AwsError classified throttled', async () => {
    const { ports } = adapter(() => Promise.reject(sdkError('ThrottlingException', { message: 'Rate exceeded' })));
    await expect(ports.describe('prod', ['web'])).rejects.toMatchObject({
      name: 'AwsError',
      class: 'throttled',
      operation: 'DescribeServices',
    });
  });
});

describe('EcsServiceAdapter.update', () => {
  const input = { cluster: 'prod', service: 'web', taskDefinition: td(2), forceNewDeployment: true };

  it('sends UpdateService once, on the single-attempt client, with the revision and the force flag', async () => {
    const { ports, ecs, single } = adapter((command) =>
      command instanceof UpdateServiceCommand
        ? Promise.resolve({ service: sdkService('web') })
        : Promise.reject(new Error('unexpected')),
    );
    const updated = await ports.update(input);
    expect(ecs.requests).toStrictEqual([]);
    expect(single.requests).toStrictEqual([{ command: 'UpdateServiceCommand', input }]);
    expect(updated?.deployments[0]?.id).toBe('ecs-svc/new');
  });

  it.each([
    ['ServiceNotFoundException', new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} })],
    ['ServiceNotActiveException', new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: {} })],
    ['ClusterNotFoundException', new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: {} })],
  ])('%s is undefined: the service is not there to update', async (_name, err) => {
    const { ports } = adapter(() => Promise.reject(err));
    await expect(ports.update(input)).resolves.toBeUndefined();
  });

  it('an invalid request is a terminal AwsError with ECS message', async () => {
    const { ports } = adapter(() =>
      Promise.reject(
        new InvalidParameterException({
          message: 'Task definition does not support launch_type FARGATE.',
          $metadata: { httpStatusCode: 400 },
        }),
      ),
    );
    const err = await ports.update(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err).toMatchObject({ class: 'terminal', code: 'InvalidParameterException' });
    expect((err as Error).message).toBe(
      'ecs.UpdateService: InvalidParameterException: Task definition does not support launch_type FARGATE.',
    );
  });
});

describe('batches', () => {
  it.each([
    [[], []],
    [[1, 2, 3], [[1, 2, 3]]],
    [Array.from({ length: 11 }, (_, i) => i), [Array.from({ length: 10 }, (_, i) => i), [10]]],
  ])('%j → %j', (items, expected) => {
    expect(batches(items, 10)).toStrictEqual(expected);
  });
});

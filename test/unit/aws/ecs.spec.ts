import {
  ClientException,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { noopRecorder, type CallContext } from '../../../src/aws/call.js';
import { EcsTaskDefinitions, revisionOf } from '../../../src/aws/ecs.js';

type Status = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
const arn = (revision: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`;

/** A tiny ECS with real semantics for the calls under test: paged listing and describe. */
class FakeEcs {
  readonly listCalls: (string | undefined)[] = [];

  constructor(
    readonly revisions: Map<number, Status>,
    private readonly pageSize = 2,
  ) {}

  send(command: unknown): Promise<unknown> {
    if (command instanceof ListTaskDefinitionsCommand)
      return Promise.resolve(this.list(command.input.status ?? 'ACTIVE', command.input.nextToken));
    if (command instanceof DescribeTaskDefinitionCommand) return this.describe(command.input.taskDefinition ?? '');
    return Promise.reject(new Error('unexpected command'));
  }

  private list(status: string, token: string | undefined): unknown {
    this.listCalls.push(token);
    // newest first, as the fake's own order, to prove the adapter sorts
    const all = [...this.revisions]
      .filter(([, s]) => s === status)
      .map(([r]) => arn(r))
      .reverse();
    const start = token === undefined ? 0 : Number(token);
    const next = start + this.pageSize < all.length ? String(start + this.pageSize) : undefined;
    return {
      taskDefinitionArns: all.slice(start, start + this.pageSize),
      ...(next !== undefined ? { nextToken: next } : {}),
    };
  }

  private describe(id: string): Promise<unknown> {
    const revision = revisionOf(id);
    const status = this.revisions.get(revision);
    if (status === undefined)
      return Promise.reject(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: { httpStatusCode: 400 } }),
      );
    return Promise.resolve({
      taskDefinition: { taskDefinitionArn: arn(revision), family: 'web', revision, status },
      tags: [],
    });
  }
}

function adapter(fake: FakeEcs): EcsTaskDefinitions {
  const client = fake as unknown as ECSClient;
  const ctx: CallContext = { service: 'ecs', recorder: noopRecorder };
  return new EcsTaskDefinitions({ ecs: client, ecsSingleAttempt: client }, ctx);
}

describe('EcsTaskDefinitions.listArns', () => {
  it('follows nextToken through every page and sorts ascending by revision', async () => {
    const fake = new FakeEcs(
      new Map<number, Status>([
        [1, 'ACTIVE'],
        [2, 'INACTIVE'],
        [3, 'ACTIVE'],
        [9, 'ACTIVE'],
        [10, 'ACTIVE'],
        [11, 'ACTIVE'],
      ]),
    );
    const arns = await adapter(fake).listArns({ familyPrefix: 'web', status: 'ACTIVE' });
    expect(arns).toStrictEqual([arn(1), arn(3), arn(9), arn(10), arn(11)]);
    expect(fake.listCalls).toStrictEqual([undefined, '2', '4']);
  });
});

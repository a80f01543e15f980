import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListTaskDefinitionsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { noopRecorder, type CallContext } from '../../../src/aws/call.js';
import { DELETE_BATCH, EcsTaskDefinitions, chunk, revisionOf } from '../../../src/aws/ecs.js';

type Status = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
const arn = (revision: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`;

/** A tiny ECS with real semantics for the calls under test: paged listing, delete limits and failures. */
class FakeEcs {
  readonly deleteBatches: string[][] = [];
  readonly listCalls: (string | undefined)[] = [];

  constructor(
    readonly revisions: Map<number, Status>,
    private readonly pageSize = 2,
  ) {}

  send(command: unknown): Promise<unknown> {
    if (command instanceof ListTaskDefinitionsCommand) return Promise.resolve(this.list(command.input.status ?? 'ACTIVE', command.input.nextToken));
    if (command instanceof DeleteTaskDefinitionsCommand) return this.delete(command.input.taskDefinitions ?? []);
    if (command instanceof DescribeTaskDefinitionCommand) return this.describe(command.input.taskDefinition ?? '');
    return Promise.reject(new Error('unexpected command'));
  }

  private list(status: string, token: string | undefined): unknown {
    this.listCalls.push(token);
    // newest first, as the fake's own order, to prove the adapter sorts
    const all = [...this.revisions].filter(([, s]) => s === status).map(([r]) => arn(r)).reverse();
    const start = token === undefined ? 0 : Number(token);
    const next = start + this.pageSize < all.length ? String(start + this.pageSize) : undefined;
    return { taskDefinitionArns: all.slice(start, start + this.pageSize), ...(next !== undefined ? { nextToken: next } : {}) };
  }

  private delete(ids: string[]): Promise<unknown> {
    if (ids.length > 10) return Promise.reject(new InvalidParameterException({ message: 'Size of TaskDefinition references list cannot exceed 10', $metadata: { httpStatusCode: 400 } }));
    this.deleteBatches.push(ids);
    const failures: { arn: string; reason: string }[] = [];
    for (const id of ids) {
      const revision = revisionOf(id);
      const status = this.revisions.get(revision);
      if (status === 'INACTIVE') this.revisions.set(revision, 'DELETE_IN_PROGRESS');
      else failures.push({ arn: id, reason: status === undefined ? 'The specified task definition does not exist.' : `The specified task definition is in ${status} status.` });
    }
    return Promise.resolve({ taskDefinitions: [], failures });
  }

  private describe(id: string): Promise<unknown> {
    const revision = revisionOf(id);
    const status = this.revisions.get(revision);
    if (status === undefined) return Promise.reject(new ClientException({ message: 'Unable to describe task definition.', $metadata: { httpStatusCode: 400 } }));
    return Promise.resolve({ taskDefinition: { taskDefinitionArn: arn(revision), family: 'web', revision, status }, tags: [] });
  }
}

function adapter(fake: FakeEcs): EcsTaskDefinitions {
  const client = fake as unknown as ECSClient;
  const ctx: CallContext = { service: 'ecs', limiter: { acquire: () => Promise.resolve() }, recorder: noopRecorder };
  return new EcsTaskDefinitions({ ecs: client, ecsSingleAttempt: client }, ctx);
}

describe('chunk', () => {
  it.each([
    [0, []],
    [3, [3]],
    [10, [10]],
    [11, [10, 1]],
    [25, [10, 10, 5]],
  ])('%d items make batches of %j', (n, sizes) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const batches = chunk(items, DELETE_BATCH);
    expect(batches.map((b) => b.length)).toStrictEqual(sizes);
    expect(batches.flat()).toStrictEqual(items);
  });
});

describe('EcsTaskDefinitions.deleteInactive', () => {
  it('deletes 23 INACTIVE revisions in calls of at most 10', async () => {
    const fake = new FakeEcs(new Map(Array.from({ length: 23 }, (_, i) => [i + 1, 'INACTIVE'])));
    await adapter(fake).deleteInactive(Array.from({ length: 23 }, (_, i) => arn(i + 1)));
    expect(fake.deleteBatches.map((b) => b.length)).toStrictEqual([10, 10, 3]);
    expect([...fake.revisions.values()].every((s) => s === 'DELETE_IN_PROGRESS')).toBe(true);
  });

  it('makes no call for an empty list', async () => {
    const fake = new FakeEcs(new Map());
    await adapter(fake).deleteInactive([]);
    expect(fake.deleteBatches).toStrictEqual([]);
  });

  it('accepts revisions that are gone or already being deleted', async () => {
    const fake = new FakeEcs(new Map<number, Status>([[2, 'DELETE_IN_PROGRESS']]));
    await expect(adapter(fake).deleteInactive([arn(1), arn(2)])).resolves.toBeUndefined();
  });

  it('fails (terminal) when a revision is still ACTIVE, naming it', async () => {
    const fake = new FakeEcs(new Map<number, Status>([[1, 'INACTIVE'], [2, 'ACTIVE']]));
    const call = adapter(fake).deleteInactive([arn(1), arn(2)]);
    await expect(call).rejects.toMatchObject({ class: 'terminal', code: 'DeleteTaskDefinitionsFailed' });
    await expect(adapter(fake).deleteInactive([arn(2)])).rejects.toThrow(arn(2));
  });
});

describe('EcsTaskDefinitions.listArns', () => {
  it('follows nextToken through every page and sorts ascending by revision', async () => {
    const fake = new FakeEcs(new Map<number, Status>([[1, 'ACTIVE'], [2, 'INACTIVE'], [3, 'ACTIVE'], [9, 'ACTIVE'], [10, 'ACTIVE'], [11, 'ACTIVE']]));
    const arns = await adapter(fake).listArns({ familyPrefix: 'web', status: 'ACTIVE' });
    expect(arns).toStrictEqual([arn(1), arn(3), arn(9), arn(10), arn(11)]);
    expect(fake.listCalls).toStrictEqual([undefined, '2', '4']);
  });
});

// TaskDefinitions over ECS: single-attempt registration, describe with tags, paged listing, deregister.
import type { ECSClient, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { callAws, lookupAws, required, type CallContext } from './call.js';
import { AwsError, isAwsError } from './errors.js';
import type { DescribedTaskDefinition, RegisterTaskDefinitionInput, TaskDefinitions } from './ports.js';
import { fromLowerKeyValueList } from './tags.js';
import { ecsSdk } from './sdk.js';

const {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} = ecsSdk;

const STATUSES: readonly DescribedTaskDefinition['status'][] = ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'];

/** The revision number at the end of a task definition ARN (`...:task-definition/family:12` → 12). */
export function revisionOf(arn: string): number {
  const match = /:(\d+)$/.exec(arn);
  return match ? Number(match[1]) : 0;
}

/** DescribeTaskDefinition answers a ClientException ("Unable to describe task definition.") for an unknown revision. */
const isUnknownRevision = (err: AwsError): boolean => err.code === 'ClientException' && err.class === 'terminal';

/** The SDK clients the ECS adapter uses. */
export interface EcsClients {
  ecs: ECSClient;
  /** maxAttempts 1: RegisterTaskDefinition and UpdateService only. */
  ecsSingleAttempt: ECSClient;
}

/** The ECS adapter. */
export class EcsTaskDefinitions implements TaskDefinitions {
  constructor(
    private readonly clients: EcsClients,
    private readonly ctx: CallContext,
  ) {}

  async register(input: RegisterTaskDefinitionInput): Promise<{ arn: string; family: string; revision: number }> {
    const { tags, ...rest } = input;
    const request = {
      ...rest,
      ...(tags !== undefined && tags.length > 0 ? { tags: [...tags] } : {}),
    } as unknown as RegisterTaskDefinitionCommandInput;
    const command = new RegisterTaskDefinitionCommand(request);
    const out = await callAws(this.ctx, 'RegisterTaskDefinition', () => this.clients.ecsSingleAttempt.send(command));
    const at = (field: string): { operation: string; field: string } => ({
      operation: 'RegisterTaskDefinition',
      field: `taskDefinition.${field}`,
    });
    const td = required(out.taskDefinition, this.ctx, { operation: 'RegisterTaskDefinition', field: 'taskDefinition' });
    return {
      arn: required(td.taskDefinitionArn, this.ctx, at('taskDefinitionArn')),
      family: required(td.family, this.ctx, at('family')),
      revision: required(td.revision, this.ctx, at('revision')),
    };
  }

  async describe(taskDefinition: string): Promise<DescribedTaskDefinition | undefined> {
    const command = new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] });
    const out = await lookupAws(this.ctx, 'DescribeTaskDefinition', () => this.clients.ecs.send(command), {
      missing: isUnknownRevision,
    });
    if (out === undefined) return undefined;
    const at = (field: string): { operation: string; field: string } => ({
      operation: 'DescribeTaskDefinition',
      field: `taskDefinition.${field}`,
    });
    const td = required(out.taskDefinition, this.ctx, { operation: 'DescribeTaskDefinition', field: 'taskDefinition' });
    return {
      taskDefinition: { ...td },
      arn: required(td.taskDefinitionArn, this.ctx, at('taskDefinitionArn')),
      family: required(td.family, this.ctx, at('family')),
      revision: required(td.revision, this.ctx, at('revision')),
      status: required(
        STATUSES.find((s) => s === td.status),
        this.ctx,
        at('status'),
      ),
      tags: fromLowerKeyValueList(out.tags),
    };
  }

  async listArns(options: { familyPrefix: string; status: 'ACTIVE' | 'INACTIVE' }): Promise<string[]> {
    const arns = new Set<string>();
    const seenTokens = new Set<string>();
    let nextToken: string | undefined;
    do {
      const command = new ListTaskDefinitionsCommand({
        familyPrefix: options.familyPrefix,
        status: options.status,
        sort: 'ASC',
        ...(nextToken !== undefined ? { nextToken } : {}),
      });
      const out = await callAws(this.ctx, 'ListTaskDefinitions', () => this.clients.ecs.send(command));
      for (const arn of out.taskDefinitionArns ?? []) arns.add(arn);
      nextToken = out.nextToken === '' ? undefined : out.nextToken;
      if (nextToken !== undefined && seenTokens.has(nextToken))
        throw new AwsError({
          class: 'transient',
          service: 'ecs',
          operation: 'ListTaskDefinitions',
          code: 'MalformedResponse',
          message: 'nextToken repeats',
        });
      if (nextToken !== undefined) seenTokens.add(nextToken);
    } while (nextToken !== undefined);
    return [...arns].sort((a, b) => revisionOf(a) - revisionOf(b));
  }

  async deregister(taskDefinition: string): Promise<'deregistered' | 'not-found'> {
    const command = new DeregisterTaskDefinitionCommand({ taskDefinition });
    try {
      await callAws(this.ctx, 'DeregisterTaskDefinition', () => this.clients.ecs.send(command));
      return 'deregistered';
    } catch (err: unknown) {
      // ECS answers an unknown revision with a ClientException, as it does bad input: ask whether it exists.
      if (!isAwsError(err) || !isUnknownRevision(err)) throw err;
      if ((await this.describe(taskDefinition)) === undefined) return 'not-found';
      throw err;
    }
  }
}

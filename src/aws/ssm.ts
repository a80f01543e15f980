// ParameterStore over SSM: Get/Put/Delete parameters and their tags, Overwrite and Tags kept apart as SSM demands.
import type { Parameter, PutParameterCommandInput, SSMClient } from '@aws-sdk/client-ssm';
import { callAws, codeIn, lookupAws, required, type CallContext } from './call.js';
import { AwsError, isAwsError } from './errors.js';
import type { AwsTags, ParameterStore, StoredParameter } from './ports.js';
import { sensitiveParts } from './redact.js';
import { fromKeyValueList, toKeyValueList } from './tags.js';
import { ssmSdk } from './sdk.js';

const {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
} = ssmSdk;

type PutInput = Parameters<ParameterStore['put']>[0];

const PARAMETER_TYPES: readonly StoredParameter['type'][] = ['String', 'SecureString', 'StringList'];
const TIERS: readonly NonNullable<StoredParameter['tier']>[] = ['Standard', 'Advanced', 'Intelligent-Tiering'];

function toStored(p: Parameter, ctx: CallContext): StoredParameter {
  const need = <T>(value: T | undefined, field: string): T =>
    required(value, ctx, { operation: 'GetParameter', field: `Parameter.${field}` });
  return {
    name: need(p.Name, 'Name'),
    arn: need(p.ARN, 'ARN'),
    value: need(p.Value, 'Value'),
    type: need(
      PARAMETER_TYPES.find((t) => t === p.Type),
      'Type',
    ),
    version: need(p.Version, 'Version'),
    ...(p.LastModifiedDate !== undefined ? { lastModified: p.LastModifiedDate } : {}),
  };
}

function putRequest(input: PutInput): PutParameterCommandInput {
  const tags = input.tags !== undefined && Object.keys(input.tags).length > 0 ? toKeyValueList(input.tags) : undefined;
  return {
    Name: input.name,
    Value: input.value,
    Type: input.type,
    Overwrite: input.overwrite,
    ...(input.tier !== undefined ? { Tier: input.tier } : {}),
    ...(input.keyId !== undefined ? { KeyId: input.keyId } : {}),
    ...(tags !== undefined ? { Tags: tags } : {}),
    ...(input.description !== undefined ? { Description: input.description } : {}),
  };
}

/** A create that failed with ParameterAlreadyExists after the SDK retried: the first attempt may have created it. */
function sameTags(a: AwsTags, b: AwsTags): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function mayBeLostCreate(err: unknown, input: PutInput): boolean {
  return !input.overwrite && isAwsError(err) && err.code === 'ParameterAlreadyExists' && (err.attempts ?? 1) > 1;
}

/** The SSM adapter. */
export class SsmParameterStore implements ParameterStore {
  constructor(
    private readonly client: SSMClient,
    private readonly ctx: CallContext,
  ) {}

  async get(
    name: string,
    options: { withDecryption?: boolean; includeMetadata?: boolean } = {},
  ): Promise<StoredParameter | undefined> {
    const command = new GetParameterCommand({ Name: name, WithDecryption: options.withDecryption ?? false });
    const out = await lookupAws(this.ctx, 'GetParameter', () => this.client.send(command), {
      missing: codeIn('ParameterNotFound'),
    });
    if (out?.Parameter === undefined) return undefined;
    const stored = toStored(out.Parameter, this.ctx);
    return options.includeMetadata === true ? { ...stored, ...(await this.metadata(name)) } : stored;
  }

  /** Tier, key and description, which only DescribeParameters returns. */
  private async metadata(name: string): Promise<Pick<StoredParameter, 'tier' | 'keyId' | 'description'>> {
    const command = new DescribeParametersCommand({
      ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }],
    });
    const out = await callAws(this.ctx, 'DescribeParameters', () => this.client.send(command));
    const meta = out.Parameters?.find((p) => p.Name === name);
    const tier = TIERS.find((t) => t === meta?.Tier);
    return {
      ...(tier !== undefined ? { tier } : {}),
      ...(meta?.KeyId !== undefined ? { keyId: meta.KeyId } : {}),
      ...(meta?.Description !== undefined ? { description: meta.Description } : {}),
    };
  }

  async getTags(name: string): Promise<AwsTags | undefined> {
    const command = new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name });
    const out = await lookupAws(this.ctx, 'ListTagsForResource', () => this.client.send(command), {
      missing: codeIn('InvalidResourceId'),
    });
    return out === undefined ? undefined : fromKeyValueList(out.TagList);
  }

  async put(input: PutInput): Promise<{ version: number }> {
    if (input.overwrite && input.tags !== undefined && Object.keys(input.tags).length > 0) {
      const message = 'SSM rejects Overwrite with Tags: put without tags, then addTags';
      throw new AwsError({
        class: 'terminal',
        service: 'ssm',
        operation: 'PutParameter',
        code: 'TagsWithOverwrite',
        message,
      });
    }
    const sensitive = input.type === 'SecureString' ? sensitiveParts(input.value) : [];
    const command = new PutParameterCommand(putRequest(input));
    try {
      const out = await callAws(this.ctx, 'PutParameter', () => this.client.send(command), { sensitive });
      return { version: required(out.Version, this.ctx, { operation: 'PutParameter', field: 'Version' }) };
    } catch (err: unknown) {
      if (!mayBeLostCreate(err, input)) throw err;
      const version = await this.ourLostCreate(input);
      if (version === undefined) throw err;
      return { version };
    }
  }

  /**
   * The version our create made when its answer was lost: our create sets the tags atomically, so
   * exactly our tags say the first attempt took effect. The value is never read (a SecureString of
   * someone else must not be decrypted to find out). `undefined` when it is not ours.
   */
  private async ourLostCreate(input: PutInput): Promise<number | undefined> {
    const tags = await this.getTags(input.name);
    if (tags === undefined || Object.keys(tags).length === 0 || !sameTags(tags, input.tags ?? {})) return undefined;
    const back = await this.get(input.name);
    return back?.type === input.type ? back.version : undefined;
  }

  async addTags(name: string, tags: AwsTags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    const command = new AddTagsToResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: name,
      Tags: toKeyValueList(tags),
    });
    await callAws(this.ctx, 'AddTagsToResource', () => this.client.send(command));
  }

  async delete(name: string): Promise<'deleted' | 'not-found'> {
    const command = new DeleteParameterCommand({ Name: name });
    const out = await lookupAws(this.ctx, 'DeleteParameter', () => this.client.send(command), {
      missing: codeIn('ParameterNotFound'),
    });
    return out === undefined ? 'not-found' : 'deleted';
  }
}

// SecretStore over Secrets Manager: idempotent writes through ClientRequestToken, soft delete and restore.
import type { DescribeSecretCommandOutput, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { callAws, codeIn, lookupAws, malformedResponse, required, type CallContext } from './call.js';
import { isAwsError } from './errors.js';
import type { AwsTags, SecretDescription, SecretStore } from './ports.js';
import { sensitiveParts } from './redact.js';
import { fromKeyValueList, toKeyValueList } from './tags.js';
import { secretsManagerSdk } from './sdk.js';

const {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UpdateSecretCommand,
} = secretsManagerSdk;

const NOT_FOUND = codeIn('ResourceNotFoundException');

function currentVersion(stages: Record<string, string[]> | undefined): string | undefined {
  return Object.entries(stages ?? {}).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
}

function toDescription(out: DescribeSecretCommandOutput, ctx: CallContext): SecretDescription {
  const current = currentVersion(out.VersionIdsToStages);
  return {
    arn: required(out.ARN, ctx, { operation: 'DescribeSecret', field: 'ARN' }),
    name: required(out.Name, ctx, { operation: 'DescribeSecret', field: 'Name' }),
    tags: fromKeyValueList(out.Tags),
    ...(out.DeletedDate !== undefined ? { deletedDate: out.DeletedDate } : {}),
    ...(out.KmsKeyId !== undefined ? { kmsKeyId: out.KmsKeyId } : {}),
    ...(current !== undefined ? { currentVersionId: current } : {}),
    ...(out.Description !== undefined ? { description: out.Description } : {}),
  };
}

/** The Secrets Manager adapter. */
export class SecretsManagerStore implements SecretStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly ctx: CallContext,
  ) {}

  async describe(secretId: string): Promise<SecretDescription | undefined> {
    const command = new DescribeSecretCommand({ SecretId: secretId });
    const out = await lookupAws(this.ctx, 'DescribeSecret', () => this.client.send(command), { missing: NOT_FOUND });
    return out === undefined ? undefined : toDescription(out, this.ctx);
  }

  async getValue(secretId: string): Promise<{ value: string; versionId: string } | undefined> {
    const command = new GetSecretValueCommand({ SecretId: secretId });
    const out = await lookupAws(this.ctx, 'GetSecretValue', () => this.client.send(command), { missing: NOT_FOUND });
    if (out === undefined) return undefined;
    if (out.SecretString === undefined)
      throw malformedResponse(this.ctx, 'GetSecretValue', 'SecretString (a binary secret)');
    return {
      value: out.SecretString,
      versionId: required(out.VersionId, this.ctx, { operation: 'GetSecretValue', field: 'VersionId' }),
    };
  }

  async create(input: Parameters<SecretStore['create']>[0]): Promise<{ arn: string; versionId: string }> {
    const tags = Object.keys(input.tags).length > 0 ? toKeyValueList(input.tags) : undefined;
    const command = new CreateSecretCommand({
      Name: input.name,
      SecretString: input.value,
      ClientRequestToken: input.clientRequestToken,
      ...(input.kmsKeyId !== undefined ? { KmsKeyId: input.kmsKeyId } : {}),
      ...(tags !== undefined ? { Tags: tags } : {}),
      ...(input.description !== undefined ? { Description: input.description } : {}),
    });
    const out = await callAws(this.ctx, 'CreateSecret', () => this.client.send(command), {
      sensitive: sensitiveParts(input.value),
    });
    return {
      arn: required(out.ARN, this.ctx, { operation: 'CreateSecret', field: 'ARN' }),
      versionId: required(out.VersionId, this.ctx, { operation: 'CreateSecret', field: 'VersionId' }),
    };
  }

  async putValue(input: {
    secretId: string;
    value: string;
    clientRequestToken: string;
  }): Promise<{ versionId: string }> {
    const command = new PutSecretValueCommand({
      SecretId: input.secretId,
      SecretString: input.value,
      ClientRequestToken: input.clientRequestToken,
    });
    const out = await callAws(this.ctx, 'PutSecretValue', () => this.client.send(command), {
      sensitive: sensitiveParts(input.value),
    });
    return { versionId: required(out.VersionId, this.ctx, { operation: 'PutSecretValue', field: 'VersionId' }) };
  }

  async setKey(secretId: string, kmsKeyId: string): Promise<void> {
    const command = new UpdateSecretCommand({ SecretId: secretId, KmsKeyId: kmsKeyId });
    await callAws(this.ctx, 'UpdateSecret', () => this.client.send(command));
  }

  async restore(secretId: string): Promise<void> {
    const command = new RestoreSecretCommand({ SecretId: secretId });
    await callAws(this.ctx, 'RestoreSecret', () => this.client.send(command));
  }

  async tag(secretId: string, tags: AwsTags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    const command = new TagResourceCommand({ SecretId: secretId, Tags: toKeyValueList(tags) });
    await callAws(this.ctx, 'TagResource', () => this.client.send(command));
  }

  async delete(secretId: string, options: { recoveryWindowDays: number }): Promise<'deleted' | 'not-found'> {
    const force = options.recoveryWindowDays === 0;
    const command = new DeleteSecretCommand({
      SecretId: secretId,
      ...(force ? { ForceDeleteWithoutRecovery: true } : { RecoveryWindowInDays: options.recoveryWindowDays }),
    });
    try {
      const out = await lookupAws(this.ctx, 'DeleteSecret', () => this.client.send(command), { missing: NOT_FOUND });
      return out === undefined ? 'not-found' : 'deleted';
    } catch (err: unknown) {
      // InvalidRequestException also means "already scheduled for deletion": check the state, not the message.
      if (!isAwsError(err) || err.code !== 'InvalidRequestException') throw err;
      const current = await this.describe(secretId);
      if (current === undefined) return 'not-found';
      if (current.deletedDate !== undefined) return 'deleted';
      throw err;
    }
  }
}

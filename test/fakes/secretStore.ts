// An in-memory Secrets Manager with the semantics the SecretsManagerStore adapter shows against moto
// (test/integration/aws/secretsManager.spec.ts): ARNs with a random 6-character suffix, idempotent
// writes per ClientRequestToken, soft delete with a recovery window, restore. Where moto is laxer than
// AWS (writes and tags to a secret scheduled for deletion), the fake refuses as AWS does.
import { randomBytes } from 'node:crypto';
import type { AwsTags, SecretDescription, SecretStore } from '../../src/aws/ports.js';
import { SECRETS_MANAGER_DEFAULT_KEY } from '../../src/domain/kmsKey.js';
import { awsRefusal, CallLog } from './callLog.js';

type CreateInput = Parameters<SecretStore['create']>[0];

/** One version of a secret's value; its id is the ClientRequestToken that made it. */
export interface FakeSecretVersion {
  id: string;
  value: string;
}

/** A secret as the fake keeps it. */
export interface FakeSecret {
  name: string;
  arn: string;
  tags: AwsTags;
  kmsKeyId?: string;
  description?: string;
  deletedDate?: Date;
  /** Oldest first; the last one holds AWSCURRENT. */
  versions: FakeSecretVersion[];
}

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_CHARS[b % SUFFIX_CHARS.length]).join('');
}

/** SecretStore in memory, for one region. */
export class FakeSecretStore implements SecretStore {
  private readonly secrets = new Map<string, FakeSecret>();

  constructor(
    private readonly scope: { region: string; accountId: string },
    readonly log: CallLog = new CallLog(),
  ) {}

  /** Test setup: a secret as someone (or an earlier reconcile) left it. Not recorded. Returns its ARN. */
  seed(name: string, secret: { value: string; tags?: AwsTags; deletedDate?: Date; kmsKeyId?: string }): string {
    const arn = this.newArn(name);
    this.secrets.set(name, {
      name,
      arn,
      tags: { ...(secret.tags ?? {}) },
      versions: [{ id: `seeded-${randomSuffix()}`, value: secret.value }],
      ...(secret.deletedDate ? { deletedDate: secret.deletedDate } : {}),
      ...(secret.kmsKeyId !== undefined ? { kmsKeyId: secret.kmsKeyId } : {}),
    });
    return arn;
  }

  /** The stored secret, for assertions. Not recorded. */
  peek(name: string): Readonly<FakeSecret> | undefined {
    return this.secrets.get(name);
  }

  /** Someone deletes the secret without recovery. Not recorded. */
  remove(name: string): void {
    this.secrets.delete(name);
  }

  async describe(secretId: string): Promise<SecretDescription | undefined> {
    await this.enter('DescribeSecret', secretId);
    const s = this.find(secretId);
    if (!s) return undefined;
    const current = s.versions.at(-1)?.id;
    return {
      arn: s.arn,
      name: s.name,
      tags: { ...s.tags },
      ...(s.deletedDate ? { deletedDate: s.deletedDate } : {}),
      ...(s.kmsKeyId !== undefined ? { kmsKeyId: s.kmsKeyId } : {}),
      ...(current !== undefined ? { currentVersionId: current } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
    };
  }

  async getValue(secretId: string): Promise<{ value: string; versionId: string } | undefined> {
    await this.enter('GetSecretValue', secretId);
    const s = this.find(secretId);
    if (!s) return undefined;
    this.refuseDeleted(s, 'GetSecretValue');
    const current = s.versions.at(-1);
    return current ? { value: current.value, versionId: current.id } : undefined;
  }

  async create(input: CreateInput): Promise<{ arn: string; versionId: string }> {
    await this.enter('CreateSecret', input.name);
    const call = { service: 'secretsmanager', operation: 'CreateSecret' };
    checkToken(input.clientRequestToken, call.operation);
    const existing = this.secrets.get(input.name);
    if (existing) {
      // The SDK's retry of a create whose answer was lost: same token, same value.
      const same = existing.versions.find((v) => v.id === input.clientRequestToken);
      if (same?.value === input.value) return { arn: existing.arn, versionId: same.id };
      if (existing.deletedDate)
        throw awsRefusal(
          call,
          'InvalidRequestException',
          `You can't create this secret because a secret with this name is already scheduled for deletion.`,
        );
      throw awsRefusal(
        call,
        'ResourceExistsException',
        `The operation failed because the secret ${input.name} already exists.`,
      );
    }
    const secret: FakeSecret = {
      name: input.name,
      arn: this.newArn(input.name),
      tags: { ...input.tags },
      versions: [{ id: input.clientRequestToken, value: input.value }],
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    this.secrets.set(input.name, secret);
    return { arn: secret.arn, versionId: input.clientRequestToken };
  }

  async putValue(input: {
    secretId: string;
    value: string;
    clientRequestToken: string;
  }): Promise<{ versionId: string }> {
    await this.enter('PutSecretValue', input.secretId);
    checkToken(input.clientRequestToken, 'PutSecretValue');
    const s = this.existing(input.secretId, 'PutSecretValue');
    this.refuseDeleted(s, 'PutSecretValue');
    const same = s.versions.find((v) => v.id === input.clientRequestToken);
    if (same) {
      if (same.value === input.value) return { versionId: same.id };
      throw awsRefusal(
        { service: 'secretsmanager', operation: 'PutSecretValue' },
        'ResourceExistsException',
        `You can't use ClientRequestToken ${input.clientRequestToken} because that value is already in use for a version of secret ${s.arn}.`,
      );
    }
    s.versions.push({ id: input.clientRequestToken, value: input.value });
    return { versionId: input.clientRequestToken };
  }

  async setKey(secretId: string, kmsKeyId: string): Promise<void> {
    await this.enter('UpdateSecret', secretId);
    const s = this.existing(secretId, 'UpdateSecret');
    this.refuseDeleted(s, 'UpdateSecret');
    // DescribeSecret omits the AWS managed key (AWS and moto alike).
    if (kmsKeyId === SECRETS_MANAGER_DEFAULT_KEY) delete s.kmsKeyId;
    else s.kmsKeyId = kmsKeyId;
  }

  async restore(secretId: string): Promise<void> {
    await this.enter('RestoreSecret', secretId);
    delete this.existing(secretId, 'RestoreSecret').deletedDate;
  }

  async tag(secretId: string, tags: AwsTags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.enter('TagResource', secretId);
    const s = this.existing(secretId, 'TagResource');
    this.refuseDeleted(s, 'TagResource');
    s.tags = { ...s.tags, ...tags };
  }

  async delete(secretId: string, options: { recoveryWindowDays: number }): Promise<'deleted' | 'not-found'> {
    await this.enter('DeleteSecret', secretId);
    const days = options.recoveryWindowDays;
    if (days !== 0 && (days < 7 || days > 30))
      throw awsRefusal(
        { service: 'secretsmanager', operation: 'DeleteSecret' },
        'InvalidParameterException',
        'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
      );
    const s = this.find(secretId);
    if (!s) return 'not-found';
    if (days === 0) this.secrets.delete(s.name);
    else s.deletedDate ??= new Date(0); // the fake has no clock: the date only says "scheduled"
    return 'deleted';
  }

  /** By name, full ARN, or partial ARN (no suffix), as Secrets Manager resolves a SecretId; a stale full ARN finds nothing. */
  private find(secretId: string): FakeSecret | undefined {
    if (!secretId.startsWith('arn:')) return this.secrets.get(secretId);
    for (const s of this.secrets.values()) if (s.arn === secretId || this.partialArn(s.name) === secretId) return s;
    return undefined;
  }

  private existing(secretId: string, operation: string): FakeSecret {
    const s = this.find(secretId);
    if (!s)
      throw awsRefusal(
        { service: 'secretsmanager', operation },
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    return s;
  }

  private refuseDeleted(s: FakeSecret, operation: string): void {
    if (s.deletedDate)
      throw awsRefusal(
        { service: 'secretsmanager', operation },
        'InvalidRequestException',
        "You tried to perform the operation on a secret that's currently marked deleted.",
      );
  }

  private partialArn(name: string): string {
    return `arn:aws:secretsmanager:${this.scope.region}:${this.scope.accountId}:secret:${name}`;
  }

  private newArn(name: string): string {
    return `${this.partialArn(name)}-${randomSuffix()}`;
  }

  private async enter(operation: string, subject: string): Promise<void> {
    await this.log.enter({ service: 'secretsmanager', operation, subject, region: this.scope.region });
  }
}

/** Secrets Manager accepts ClientRequestTokens of 32 to 64 characters. */
function checkToken(token: string, operation: string): void {
  if (token.length < 32 || token.length > 64)
    throw awsRefusal(
      { service: 'secretsmanager', operation },
      'InvalidParameterException',
      'ClientRequestToken must be 32-64 characters long.',
    );
}

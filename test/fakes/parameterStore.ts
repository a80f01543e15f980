// An in-memory SSM Parameter Store with the semantics the SsmParameterStore adapter shows against moto
// (test/integration/aws/ssm.spec.ts), plus the two AWS rules moto does not enforce: an Advanced
// parameter never goes back to Standard, and a Standard value holds at most 4096 characters.
import type { AwsTags, ParameterStore, StoredParameter } from '../../src/aws/ports.js';
import { awsRefusal, CallLog } from './callLog.js';

type PutInput = Parameters<ParameterStore['put']>[0];
type Tier = NonNullable<StoredParameter['tier']>;

/** A parameter as the fake keeps it. */
export interface FakeParameter {
  value: string;
  type: 'String' | 'SecureString';
  tier: Tier;
  keyId?: string;
  description?: string;
  version: number;
  tags: AwsTags;
}

/** What SSM uses for a SecureString without a KeyId. */
const DEFAULT_KEY = 'alias/aws/ssm';
const MAX_VALUE: Record<Tier, number> = { Standard: 4096, Advanced: 8192, 'Intelligent-Tiering': 8192 };

/** ParameterStore in memory, for one region. */
export class FakeParameterStore implements ParameterStore {
  private readonly parameters = new Map<string, FakeParameter>();

  constructor(
    private readonly scope: { region: string; accountId: string },
    readonly log: CallLog = new CallLog(),
  ) {}

  /** Test setup: a parameter as someone (or an earlier reconcile) left it. Not recorded. */
  seed(name: string, parameter: Partial<FakeParameter> & { value: string }): void {
    this.parameters.set(name, { type: 'String', tier: 'Standard', version: 1, tags: {}, ...parameter });
  }

  /** The stored parameter, for assertions. Not recorded. */
  peek(name: string): Readonly<FakeParameter> | undefined {
    return this.parameters.get(name);
  }

  /** Someone else deletes the parameter. Not recorded. */
  remove(name: string): void {
    this.parameters.delete(name);
  }

  async get(
    name: string,
    options: { withDecryption?: boolean; includeMetadata?: boolean } = {},
  ): Promise<StoredParameter | undefined> {
    await this.enter('GetParameter', name);
    const p = this.parameters.get(name);
    if (!p) return undefined;
    const secure = p.type === 'SecureString';
    // moto's stand-in for ciphertext: `kms:<key>:<value>`; never the plaintext alone.
    const shown = secure && options.withDecryption !== true ? `kms:${p.keyId ?? DEFAULT_KEY}:${p.value}` : p.value;
    const stored: StoredParameter = {
      name,
      arn: `arn:aws:ssm:${this.scope.region}:${this.scope.accountId}:parameter/${name.replace(/^\//, '')}`,
      value: shown,
      type: p.type,
      version: p.version,
      lastModified: new Date(0),
    };
    if (options.includeMetadata !== true) return stored;
    await this.enter('DescribeParameters', name);
    return {
      ...stored,
      tier: p.tier,
      ...(secure ? { keyId: p.keyId ?? DEFAULT_KEY } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
    };
  }

  async getTags(name: string): Promise<AwsTags | undefined> {
    await this.enter('ListTagsForResource', name);
    const p = this.parameters.get(name);
    return p ? { ...p.tags } : undefined;
  }

  async put(input: PutInput): Promise<{ version: number }> {
    const call = { service: 'ssm', operation: 'PutParameter' };
    // The adapter refuses this without a call, as SSM would.
    if (input.overwrite && Object.keys(input.tags ?? {}).length > 0)
      throw awsRefusal(call, 'TagsWithOverwrite', 'SSM rejects Overwrite with Tags: put without tags, then addTags');
    await this.enter('PutParameter', input.name);
    checkName(input.name);
    const existing = this.parameters.get(input.name);
    if (existing && !input.overwrite)
      throw awsRefusal(
        call,
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this request value, set the overwrite option in the request to true.',
      );
    const tier = input.tier ?? existing?.tier ?? 'Standard';
    if (existing?.tier === 'Advanced' && tier === 'Standard')
      throw awsRefusal(
        call,
        'ValidationException',
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.",
      );
    if (input.value === '' || input.value.length > MAX_VALUE[tier])
      throw awsRefusal(
        call,
        'ValidationException',
        `the value must hold 1 to ${MAX_VALUE[tier]} characters in the ${tier} tier`,
      );
    const keyId = input.type === 'SecureString' ? (input.keyId ?? existing?.keyId) : undefined;
    const description = input.description ?? existing?.description;
    const next: FakeParameter = {
      value: input.value,
      type: input.type,
      tier,
      version: (existing?.version ?? 0) + 1,
      tags: existing ? existing.tags : { ...(input.tags ?? {}) },
      ...(keyId !== undefined ? { keyId } : {}),
      ...(description !== undefined ? { description } : {}),
    };
    this.parameters.set(input.name, next);
    return { version: next.version };
  }

  async addTags(name: string, tags: AwsTags): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    await this.enter('AddTagsToResource', name);
    const p = this.parameters.get(name);
    if (!p)
      throw awsRefusal(
        { service: 'ssm', operation: 'AddTagsToResource' },
        'InvalidResourceId',
        'The resource ID is not valid.',
      );
    p.tags = { ...p.tags, ...tags };
  }

  async delete(name: string): Promise<'deleted' | 'not-found'> {
    await this.enter('DeleteParameter', name);
    return this.parameters.delete(name) ? 'deleted' : 'not-found';
  }

  private async enter(operation: string, subject: string): Promise<void> {
    await this.log.enter({ service: 'ssm', operation, subject, region: this.scope.region });
  }
}

/** SSM's name rules the adapter's integration test shows: `/aws/...` is reserved (access denied), `aws`/`ssm` prefixes invalid. */
function checkName(name: string): void {
  const call = { service: 'ssm', operation: 'PutParameter' };
  const bare = name.replace(/^\//, '').toLowerCase();
  if (name.toLowerCase().startsWith('/aws/'))
    throw awsRefusal(call, 'AccessDeniedException', `No access to reserved parameter name: ${name}.`, {
      class: 'access-denied',
    });
  if (bare.startsWith('aws') || bare.startsWith('ssm') || !/^[a-zA-Z0-9_.\-/]+$/.test(name))
    throw awsRefusal(
      call,
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
}

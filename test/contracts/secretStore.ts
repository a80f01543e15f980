// The SecretStore behaviour the controllers rely on, run against the Secrets Manager adapter over moto
// and against the fake: where the two disagree, the fake is wrong.
import { newRequestToken } from '../../src/aws/requestToken.js';
import type { Subject } from './portsUnderTest.js';

/** Declares the SecretStore contract cases for `subject`. */
export function secretStoreContract(subject: Subject): void {
  const name = (): string => `gmsa/${subject().unique('contract')}/ad-user`;
  const secrets = (): ReturnType<Subject>['ports']['secrets'] => subject().ports.secrets;
  const create = (n: string, value = 'v-1', tags: Record<string, string> = {}) =>
    secrets().create({ name: n, value, tags, clientRequestToken: newRequestToken() });

  it('answers undefined, undefined and not-found for a secret that does not exist', async () => {
    const n = name();
    await expect(secrets().describe(n)).resolves.toBeUndefined();
    await expect(secrets().getValue(n)).resolves.toBeUndefined();
    await expect(secrets().delete(n, { recoveryWindowDays: 7 })).resolves.toBe('not-found');
  });

  it('creates a secret whose ARN ends in a 6-character suffix; the version id is the request token', async () => {
    const n = name();
    const { region, accountId } = subject();
    const token = newRequestToken();
    const created = await secrets().create({
      name: n,
      value: 'v-1',
      tags: { owner: 'me' },
      kmsKeyId: 'alias/gmsa',
      description: 'AD user',
      clientRequestToken: token,
    });
    expect(created.arn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${region}:${accountId}:secret:${n}-[A-Za-z0-9]{6}$`),
    );
    expect(created.versionId).toBe(token);
    await expect(secrets().describe(n)).resolves.toStrictEqual({
      arn: created.arn,
      name: n,
      tags: { owner: 'me' },
      kmsKeyId: 'alias/gmsa',
      currentVersionId: token,
      description: 'AD user',
    });
    await expect(secrets().getValue(created.arn)).resolves.toStrictEqual({ value: 'v-1', versionId: token });
  });

  it('moves a secret to another KMS key keeping its version, and back to the AWS managed key, which describe omits', async () => {
    const n = name();
    const token = newRequestToken();
    const created = await secrets().create({
      name: n,
      value: 'v-1',
      tags: {},
      kmsKeyId: 'key-a',
      clientRequestToken: token,
    });
    await secrets().setKey(created.arn, 'key-b');
    await expect(secrets().describe(n)).resolves.toMatchObject({ kmsKeyId: 'key-b', currentVersionId: token });
    await expect(secrets().getValue(n)).resolves.toStrictEqual({ value: 'v-1', versionId: token });
    await secrets().setKey(created.arn, 'alias/aws/secretsmanager');
    expect((await secrets().describe(n))?.kmsKeyId).toBeUndefined();
  });

  it('finds a secret by its partial ARN (no suffix) too', async () => {
    const n = name();
    const { region, accountId } = subject();
    const created = await create(n);
    await expect(
      secrets().describe(`arn:aws:secretsmanager:${region}:${accountId}:secret:${n}`),
    ).resolves.toMatchObject({ arn: created.arn });
  });

  it('makes one version when create and putValue are repeated with the same token and value', async () => {
    const n = name();
    const token = newRequestToken();
    const first = await secrets().create({ name: n, value: 'v-1', tags: {}, clientRequestToken: token });
    await expect(
      secrets().create({ name: n, value: 'v-1', tags: {}, clientRequestToken: token }),
    ).resolves.toStrictEqual(first);
    const next = newRequestToken();
    await secrets().putValue({ secretId: n, value: 'v-2', clientRequestToken: next });
    await expect(secrets().putValue({ secretId: n, value: 'v-2', clientRequestToken: next })).resolves.toStrictEqual({
      versionId: next,
    });
    await expect(secrets().getValue(n)).resolves.toStrictEqual({ value: 'v-2', versionId: next });
  });

  it('refuses a second create with another token as terminal ResourceExistsException, naming no value', async () => {
    const n = name();
    await create(n, 'first-value');
    const again = create(n, 'second-value');
    await expect(again).rejects.toMatchObject({ class: 'terminal', code: 'ResourceExistsException' });
    await expect(again).rejects.not.toThrow(/second-value/);
  });

  it('refuses a ClientRequestToken shorter than 32 characters as terminal', async () => {
    await expect(
      secrets().create({ name: name(), value: 'v', tags: {}, clientRequestToken: 'short' }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'InvalidParameterException' });
  });

  it('soft-deletes: still described with deletedDate, its value refused, a second delete counts, restore undoes it', async () => {
    const n = name();
    await create(n, 'kept', { a: '1' });
    await expect(secrets().delete(n, { recoveryWindowDays: 7 })).resolves.toBe('deleted');
    const deleted = await secrets().describe(n);
    expect(deleted?.deletedDate).toBeInstanceOf(Date);
    expect(deleted?.tags).toStrictEqual({ a: '1' });
    await expect(secrets().getValue(n)).rejects.toMatchObject({ class: 'terminal', code: 'InvalidRequestException' });
    await expect(secrets().delete(n, { recoveryWindowDays: 7 })).resolves.toBe('deleted');
    await secrets().restore(n);
    await expect(secrets().describe(n)).resolves.not.toHaveProperty('deletedDate');
    await expect(secrets().getValue(n)).resolves.toMatchObject({ value: 'kept' });
  });

  it('deletes at once with recoveryWindowDays 0; the old ARN then finds nothing, not the re-created secret', async () => {
    const n = name();
    const old = await create(n, 'old');
    await expect(secrets().delete(n, { recoveryWindowDays: 0 })).resolves.toBe('deleted');
    await expect(secrets().describe(n)).resolves.toBeUndefined();
    const renewed = await create(n, 'new');
    expect(renewed.arn).not.toBe(old.arn);
    await expect(secrets().describe(old.arn)).resolves.toBeUndefined();
    await expect(secrets().describe(n)).resolves.toMatchObject({ arn: renewed.arn });
  });

  it('adds tags, keeping the others', async () => {
    const n = name();
    await create(n, 'v', { a: '1', keep: 'k' });
    await secrets().tag(n, { a: '2', b: '3' });
    await expect(secrets().describe(n)).resolves.toMatchObject({ tags: { a: '2', b: '3', keep: 'k' } });
  });

  it('refuses a recovery window outside 7–30 days as terminal', async () => {
    const n = name();
    await create(n);
    await expect(secrets().delete(n, { recoveryWindowDays: 3 })).rejects.toMatchObject({
      class: 'terminal',
      code: 'InvalidParameterException',
    });
  });

  it('refuses a new value for a secret that does not exist as terminal ResourceNotFoundException', async () => {
    await expect(
      secrets().putValue({ secretId: name(), value: 'v', clientRequestToken: newRequestToken() }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'ResourceNotFoundException' });
  });
}

// The ParameterStore behaviour the controllers rely on, run against the SSM adapter over moto and
// against the fake: where the two disagree, the fake is wrong.
import type { Subject } from './portsUnderTest.js';

/** Declares the ParameterStore contract cases for `subject`. */
export function parameterStoreContract(subject: Subject): void {
  const name = (): string => `/gmsa/${subject().unique('contract')}/credspec`;
  const params = (): ReturnType<Subject>['ports']['parameters'] => subject().ports.parameters;

  it('answers undefined, undefined and not-found for a parameter that does not exist', async () => {
    const n = name();
    await expect(params().get(n)).resolves.toBeUndefined();
    await expect(params().getTags(n)).resolves.toBeUndefined();
    await expect(params().delete(n)).resolves.toBe('not-found');
  });

  it('creates a String parameter with its tags in one call, at version 1, with its ARN', async () => {
    const n = name();
    const { region, accountId } = subject();
    await expect(
      params().put({ name: n, value: '{"a":1}', type: 'String', overwrite: false, tags: { owner: 'me' } }),
    ).resolves.toStrictEqual({ version: 1 });
    await expect(params().get(n)).resolves.toMatchObject({
      name: n,
      arn: `arn:aws:ssm:${region}:${accountId}:parameter${n}`,
      value: '{"a":1}',
      type: 'String',
      version: 1,
    });
    await expect(params().getTags(n)).resolves.toStrictEqual({ owner: 'me' });
  });

  it('refuses a create over an existing parameter as terminal ParameterAlreadyExists, keeping the value', async () => {
    const n = name();
    await params().put({ name: n, value: 'first', type: 'String', overwrite: false });
    await expect(params().put({ name: n, value: 'second', type: 'String', overwrite: false })).rejects.toMatchObject({
      class: 'terminal',
      code: 'ParameterAlreadyExists',
    });
    await expect(params().get(n)).resolves.toMatchObject({ value: 'first', version: 1 });
  });

  it('refuses Overwrite with Tags; an overwrite without tags makes version 2 and keeps the tags', async () => {
    const n = name();
    await params().put({ name: n, value: 'v1', type: 'String', overwrite: false, tags: { a: '1' } });
    await expect(
      params().put({ name: n, value: 'v2', type: 'String', overwrite: true, tags: { b: '2' } }),
    ).rejects.toMatchObject({ class: 'terminal', code: 'TagsWithOverwrite' });
    await expect(params().put({ name: n, value: 'v2', type: 'String', overwrite: true })).resolves.toStrictEqual({
      version: 2,
    });
    await expect(params().getTags(n)).resolves.toStrictEqual({ a: '1' });
  });

  it('adds tags to the existing ones, replacing a value of the same key', async () => {
    const n = name();
    await params().put({ name: n, value: 'v', type: 'String', overwrite: false, tags: { a: '1', keep: 'k' } });
    await params().addTags(n, { a: '2', b: '3' });
    await expect(params().getTags(n)).resolves.toStrictEqual({ a: '2', b: '3', keep: 'k' });
  });

  it('shows a SecureString in plaintext only when asked to decrypt', async () => {
    const n = name();
    const value = '{"username":"svc","password":"Pa55-word-X","domainName":"contoso.com"}';
    await params().put({ name: n, value, type: 'SecureString', keyId: 'alias/gmsa', overwrite: false });
    const encrypted = await params().get(n);
    expect(encrypted?.type).toBe('SecureString');
    expect(encrypted?.value).not.toBe(value);
    await expect(params().get(n, { withDecryption: true })).resolves.toMatchObject({ value, type: 'SecureString' });
  });

  it('reports the SecureString key: the AWS managed alias by default, the key of the last overwrite with KeyId', async () => {
    const n = name();
    const write = { name: n, value: 'x', type: 'SecureString' as const };
    const keyOf = async (): Promise<string | undefined> => (await params().get(n, { includeMetadata: true }))?.keyId;
    await params().put({ ...write, overwrite: false });
    await expect(keyOf()).resolves.toBe('alias/aws/ssm');
    await params().put({ ...write, keyId: 'key-b', overwrite: true });
    await expect(keyOf()).resolves.toBe('key-b');
    await params().put({ ...write, keyId: 'alias/aws/ssm', overwrite: true });
    await expect(keyOf()).resolves.toBe('alias/aws/ssm');
  });

  it('fills tier, keyId and description only with includeMetadata', async () => {
    const n = name();
    await params().put({
      name: n,
      value: 'x',
      type: 'SecureString',
      keyId: 'alias/gmsa',
      tier: 'Advanced',
      description: 'why it exists',
      overwrite: false,
    });
    await expect(params().get(n, { includeMetadata: true })).resolves.toMatchObject({
      tier: 'Advanced',
      keyId: 'alias/gmsa',
      description: 'why it exists',
    });
    const plain = await params().get(n);
    expect([plain?.tier, plain?.keyId, plain?.description]).toStrictEqual([undefined, undefined, undefined]);
  });

  it('reports a String parameter created without a tier as Standard', async () => {
    const n = name();
    await params().put({ name: n, value: 'x', type: 'String', overwrite: false });
    await expect(params().get(n, { includeMetadata: true })).resolves.toMatchObject({ tier: 'Standard' });
  });

  it('raises the tier of an existing parameter to Advanced on overwrite', async () => {
    const n = name();
    await params().put({ name: n, value: 'x', type: 'String', tier: 'Standard', overwrite: false });
    await params().put({ name: n, value: 'y', type: 'String', tier: 'Advanced', overwrite: true });
    await expect(params().get(n, { includeMetadata: true })).resolves.toMatchObject({ value: 'y', tier: 'Advanced' });
  });

  it('deletes a parameter and its tags', async () => {
    const n = name();
    await params().put({ name: n, value: 'x', type: 'String', overwrite: false, tags: { a: '1' } });
    await expect(params().delete(n)).resolves.toBe('deleted');
    await expect(params().get(n)).resolves.toBeUndefined();
    await expect(params().getTags(n)).resolves.toBeUndefined();
  });

  it.each([
    [
      'a name under the reserved /aws/ tree is access-denied',
      '/aws/reserved/x',
      'access-denied',
      'AccessDeniedException',
    ],
    ['a name prefixed "aws" is terminal', 'aws-reserved-x', 'terminal', 'ValidationException'],
  ])('%s', async (_case, n, errorClass, code) => {
    await expect(params().put({ name: n, value: 'x', type: 'String', overwrite: false })).rejects.toMatchObject({
      class: errorClass,
      code,
    });
  });
}

import { AwsError } from '../../../src/aws/errors.js';
import { resetAws } from '../../env/connect.js';
import { testPorts, uniqueName, type TestPorts } from './awsTestPorts.js';

describe('ParameterStore against moto', () => {
  let t: TestPorts;
  const name = (): string => `/gmsa/${uniqueName('p')}/credspec`;

  beforeAll(async () => {
    await resetAws();
    t = testPorts();
  });
  afterAll(() => t.factory.close());

  it('returns undefined for a parameter that does not exist, and for its tags, and counts not_found', async () => {
    const missing = name();
    await expect(t.ports.parameters.get(missing)).resolves.toBeUndefined();
    await expect(t.ports.parameters.getTags(missing)).resolves.toBeUndefined();
    await expect(t.ports.parameters.delete(missing)).resolves.toBe('not-found');
    expect(t.calls.slice(-3).map((c) => c.outcome)).toStrictEqual(['not_found', 'not_found', 'not_found']);
  });

  it('creates a String parameter with tags and reads it back', async () => {
    const n = name();
    const put = await t.ports.parameters.put({
      name: n,
      value: '{"a":1}\n',
      type: 'String',
      overwrite: false,
      tags: { 'ecsgmsa.io/name': 'webapp01', team: 'a' },
    });
    expect(put.version).toBe(1);
    const got = await t.ports.parameters.get(n);
    expect(got).toMatchObject({
      name: n,
      value: '{"a":1}\n',
      type: 'String',
      version: 1,
      arn: `arn:aws:ssm:${t.region}:123456789012:parameter${n}`,
    });
    expect(got?.lastModified).toBeInstanceOf(Date);
    await expect(t.ports.parameters.getTags(n)).resolves.toStrictEqual({ 'ecsgmsa.io/name': 'webapp01', team: 'a' });
  });

  it('refuses a create over an existing parameter (terminal ParameterAlreadyExists)', async () => {
    const n = name();
    await t.ports.parameters.put({ name: n, value: 'v1', type: 'String', overwrite: false });
    await expect(
      t.ports.parameters.put({ name: n, value: 'v2', type: 'String', overwrite: false }),
    ).rejects.toMatchObject({
      class: 'terminal',
      code: 'ParameterAlreadyExists',
      service: 'ssm',
      operation: 'PutParameter',
    });
  });

  it('overwrites without tags and tags separately; Overwrite with tags never reaches SSM', async () => {
    const n = name();
    await t.ports.parameters.put({ name: n, value: 'v1', type: 'String', overwrite: false, tags: { a: '1' } });
    const before = t.count('ssm', 'PutParameter');
    const refused = t.ports.parameters.put({ name: n, value: 'v2', type: 'String', overwrite: true, tags: { b: '2' } });
    await expect(refused).rejects.toBeInstanceOf(AwsError);
    await expect(refused).rejects.toMatchObject({ class: 'terminal', code: 'TagsWithOverwrite' });
    expect(t.count('ssm', 'PutParameter')).toBe(before);

    await expect(
      t.ports.parameters.put({ name: n, value: 'v2', type: 'String', overwrite: true }),
    ).resolves.toStrictEqual({ version: 2 });
    await t.ports.parameters.addTags(n, { b: '2', a: 'changed' });
    await expect(t.ports.parameters.getTags(n)).resolves.toStrictEqual({ a: 'changed', b: '2' });
    await expect(t.ports.parameters.get(n)).resolves.toMatchObject({ value: 'v2', version: 2 });
  });

  it('makes no call to add an empty tag map', async () => {
    const before = t.calls.length;
    await t.ports.parameters.addTags(name(), {});
    expect(t.calls.length).toBe(before);
  });

  it('stores a SecureString with a key and reads the plaintext only with withDecryption', async () => {
    const n = name();
    const secret = '{"username":"svc","password":"P@ss-w0rd-123","domainName":"contoso.com"}';
    await t.ports.parameters.put({
      name: n,
      value: secret,
      type: 'SecureString',
      keyId: 'alias/gmsa',
      overwrite: false,
      tags: { a: '1' },
    });
    const encrypted = await t.ports.parameters.get(n);
    expect(encrypted?.type).toBe('SecureString');
    expect(encrypted?.value).not.toBe(secret);
    await expect(t.ports.parameters.get(n, { withDecryption: true })).resolves.toMatchObject({
      value: secret,
      type: 'SecureString',
    });
  });

  it('fills tier, keyId and description with includeMetadata', async () => {
    const n = name();
    await t.ports.parameters.put({
      name: n,
      value: 'x',
      type: 'SecureString',
      keyId: 'alias/gmsa',
      tier: 'Advanced',
      overwrite: false,
      description: 'credentials of webapp01',
    });
    const got = await t.ports.parameters.get(n, { includeMetadata: true });
    expect(got).toMatchObject({ tier: 'Advanced', keyId: 'alias/gmsa', description: 'credentials of webapp01' });
    expect((await t.ports.parameters.get(n))?.tier).toBeUndefined();
  });

  it('deletes a parameter, then reports not-found', async () => {
    const n = name();
    await t.ports.parameters.put({ name: n, value: 'x', type: 'String', overwrite: false });
    await expect(t.ports.parameters.delete(n)).resolves.toBe('deleted');
    await expect(t.ports.parameters.delete(n)).resolves.toBe('not-found');
    await expect(t.ports.parameters.get(n)).resolves.toBeUndefined();
  });

  it('turns invalid input into a terminal AwsError that names the operation', async () => {
    const call = t.ports.parameters.put({ name: 'aws-reserved/x', value: 'x', type: 'String', overwrite: false });
    await expect(call).rejects.toMatchObject({ class: 'terminal', code: 'ValidationException' });
    await expect(call).rejects.toThrow(/^ssm\.PutParameter: ValidationException: /);
  });

  it('classifies a write under the reserved /aws/ tree as access-denied', async () => {
    const call = t.ports.parameters.put({ name: '/aws/reserved/x', value: 'x', type: 'String', overwrite: false });
    await expect(call).rejects.toMatchObject({ class: 'access-denied', code: 'AccessDeniedException' });
    expect(t.calls.at(-1)).toStrictEqual({ service: 'ssm', operation: 'PutParameter', outcome: 'access_denied' });
  });
});

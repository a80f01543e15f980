import { newRequestToken } from '../../../src/aws/requestToken.js';
import { resetAws } from '../../env/connect.js';
import { testPorts, uniqueName, type TestPorts } from './awsTestPorts.js';

const credentials = (password: string): string =>
  JSON.stringify({ username: 'svc-webapp01', password, domainName: 'contoso.com' });

describe('SecretStore against moto', () => {
  let t: TestPorts;
  const name = (): string => `gmsa/${uniqueName('s')}/ad-user`;

  beforeAll(async () => {
    await resetAws();
    t = testPorts();
  });
  afterAll(() => t.factory.close());

  it('returns undefined / not-found for a secret that does not exist', async () => {
    const n = name();
    await expect(t.ports.secrets.describe(n)).resolves.toBeUndefined();
    await expect(t.ports.secrets.getValue(n)).resolves.toBeUndefined();
    await expect(t.ports.secrets.delete(n, { recoveryWindowDays: 7 })).resolves.toBe('not-found');
  });

  it('creates a secret with tags and a KMS key, describes it and reads the value', async () => {
    const n = name();
    const value = credentials('P@ssw0rd-1');
    const token = newRequestToken();
    const created = await t.ports.secrets.create({
      name: n,
      value,
      kmsKeyId: 'alias/gmsa',
      tags: { 'ecsgmsa.io/name': 'webapp01' },
      clientRequestToken: token,
      description: 'AD user',
    });
    expect(created.arn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${t.region}:123456789012:secret:${n}-[A-Za-z0-9]{6}$`),
    );
    expect(created.versionId).toBe(token);
    await expect(t.ports.secrets.describe(n)).resolves.toStrictEqual({
      arn: created.arn,
      name: n,
      tags: { 'ecsgmsa.io/name': 'webapp01' },
      kmsKeyId: 'alias/gmsa',
      currentVersionId: token,
      description: 'AD user',
    });
    await expect(t.ports.secrets.getValue(created.arn)).resolves.toStrictEqual({ value, versionId: token });
  });

  it('makes ONE version when create and putValue are sent twice with the same token', async () => {
    const n = name();
    const v1 = credentials('first-Passw0rd');
    const token1 = newRequestToken();
    const a = await t.ports.secrets.create({ name: n, value: v1, tags: {}, clientRequestToken: token1 });
    const b = await t.ports.secrets.create({ name: n, value: v1, tags: {}, clientRequestToken: token1 });
    expect(b).toStrictEqual(a);

    const v2 = credentials('second-Passw0rd');
    const token2 = newRequestToken();
    const p1 = await t.ports.secrets.putValue({ secretId: n, value: v2, clientRequestToken: token2 });
    const p2 = await t.ports.secrets.putValue({ secretId: n, value: v2, clientRequestToken: token2 });
    expect(p2).toStrictEqual(p1);
    expect(p1.versionId).toBe(token2);
    const described = await t.ports.secrets.describe(n);
    expect(described?.currentVersionId).toBe(token2);
    await expect(t.ports.secrets.getValue(n)).resolves.toStrictEqual({ value: v2, versionId: token2 });
  });

  it('refuses a second create of the same name with other content (terminal ResourceExistsException)', async () => {
    const n = name();
    await t.ports.secrets.create({ name: n, value: 'a-value', tags: {}, clientRequestToken: newRequestToken() });
    const again = t.ports.secrets.create({
      name: n,
      value: 'b-value-secret',
      tags: {},
      clientRequestToken: newRequestToken(),
    });
    await expect(again).rejects.toMatchObject({ class: 'terminal', code: 'ResourceExistsException' });
    await expect(again).rejects.not.toThrow(/b-value-secret/);
  });

  it('soft-deletes: describe shows deletedDate, a second delete counts as deleted, restore brings it back', async () => {
    const n = name();
    await t.ports.secrets.create({ name: n, value: 'v', tags: { a: '1' }, clientRequestToken: newRequestToken() });
    await expect(t.ports.secrets.delete(n, { recoveryWindowDays: 7 })).resolves.toBe('deleted');
    const deleted = await t.ports.secrets.describe(n);
    expect(deleted?.deletedDate).toBeInstanceOf(Date);
    await expect(t.ports.secrets.getValue(n)).rejects.toMatchObject({
      class: 'terminal',
      code: 'InvalidRequestException',
    });
    await expect(t.ports.secrets.delete(n, { recoveryWindowDays: 7 })).resolves.toBe('deleted');

    await t.ports.secrets.restore(n);
    const restored = await t.ports.secrets.describe(n);
    expect(restored?.deletedDate).toBeUndefined();
    await expect(t.ports.secrets.getValue(n)).resolves.toMatchObject({ value: 'v' });
  });

  it('deletes without recovery (recoveryWindowDays 0): the name is free at once', async () => {
    const n = name();
    await t.ports.secrets.create({ name: n, value: 'v', tags: {}, clientRequestToken: newRequestToken() });
    await expect(t.ports.secrets.delete(n, { recoveryWindowDays: 0 })).resolves.toBe('deleted');
    await expect(t.ports.secrets.describe(n)).resolves.toBeUndefined();
    const token = newRequestToken();
    await expect(
      t.ports.secrets.create({ name: n, value: 'w', tags: {}, clientRequestToken: token }),
    ).resolves.toMatchObject({ versionId: token });
  });

  it('adds tags, keeping the others', async () => {
    const n = name();
    await t.ports.secrets.create({ name: n, value: 'v', tags: { a: '1' }, clientRequestToken: newRequestToken() });
    await t.ports.secrets.tag(n, { b: '2', a: 'changed' });
    await expect(t.ports.secrets.describe(n)).resolves.toMatchObject({ tags: { a: 'changed', b: '2' } });
  });

  it('rejects an out-of-range recovery window as terminal', async () => {
    const n = name();
    await t.ports.secrets.create({ name: n, value: 'v', tags: {}, clientRequestToken: newRequestToken() });
    await expect(t.ports.secrets.delete(n, { recoveryWindowDays: 3 })).rejects.toMatchObject({
      class: 'terminal',
      code: 'InvalidParameterException',
    });
  });
});

import { kmsKeyDiffers, SECRETS_MANAGER_DEFAULT_KEY, SSM_DEFAULT_KEY } from '../../../src/domain/kmsKey.js';

const ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_ID = '0987dcba-09fe-87dc-65ba-ab0987654321';
const ARN = `arn:aws:kms:us-east-1:111122223333:key/${ID}`;

describe('kmsKeyDiffers: a key named in the spec', () => {
  it.each([
    ['the same key id is the same key', ID, ID, false],
    ['a key id and the key ARN holding it are the same key', ID, ARN, false],
    ['a key ARN and its bare key id are the same key', ARN, ID, false],
    ['key ids compare case-insensitively', ID.toUpperCase(), ARN, false],
    ['another key id is another key', OTHER_ID, ARN, true],
    ['the same key id in another account is another key', ARN, ARN.replace('111122223333', '444455556666'), true],
    ['the same key id in another region is another key', ARN, ARN.replace('us-east-1', 'eu-west-1'), true],
    [
      'a multi-Region key id and its ARN are the same key',
      'mrk-0123',
      `arn:aws:kms:us-east-1:111122223333:key/mrk-0123`,
      false,
    ],
    ['the store reporting its default key (no key) is another key', ID, undefined, true],
    ['the store reporting its default alias is another key', ID, SSM_DEFAULT_KEY, true],
    [
      'a key against an alias ARN cannot be told apart without KMS: not re-written',
      ARN,
      'arn:aws:kms:us-east-1:111122223333:alias/team',
      false,
    ],
  ] as const)('%s', (_name, kmsKeyId, observed, differs) => {
    expect(kmsKeyDiffers({ kmsKeyId, storeDefault: SSM_DEFAULT_KEY }, observed)).toBe(differs);
  });
});

describe("kmsKeyDiffers: no key in the spec (the store's AWS managed key)", () => {
  it.each([
    ['SSM reporting its default alias is the same key', SSM_DEFAULT_KEY, SSM_DEFAULT_KEY, false],
    [
      'SSM reporting its default alias as an alias ARN is the same key',
      SSM_DEFAULT_KEY,
      'arn:aws:kms:us-east-1:111122223333:alias/aws/ssm',
      false,
    ],
    ['Secrets Manager reporting no key is the same key', SECRETS_MANAGER_DEFAULT_KEY, undefined, false],
    ['a customer key id reported is another key', SSM_DEFAULT_KEY, ID, true],
    ['a customer key ARN reported is another key', SECRETS_MANAGER_DEFAULT_KEY, ARN, true],
    ['another alias reported is another key', SSM_DEFAULT_KEY, 'alias/team', true],
  ] as const)('%s', (_name, storeDefault, observed, differs) => {
    expect(kmsKeyDiffers({ storeDefault }, observed)).toBe(differs);
  });
});

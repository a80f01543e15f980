import {
  credentialsSecretString,
  validateCredentialsSecret,
} from '../../../src/domain/validation/credentialsSecretRules.js';

const PASSWORD = 'Sup3r-Secret-Value!';

describe('domainless credentials Secret', () => {
  it('accepts username, password and domainName and renders the plugin JSON', () => {
    const result = validateCredentialsSecret('ad-user', {
      username: 'svc-gmsa',
      password: PASSWORD,
      domainName: 'contoso.com',
    });
    expect(result.issues).toStrictEqual([]);
    expect(credentialsSecretString(result.credentials ?? { username: '', password: '', domainName: '' })).toBe(
      `{"username":"svc-gmsa","password":"${PASSWORD}","domainName":"contoso.com"}`,
    );
  });

  it.each([
    [
      'a missing password',
      { username: 'u', domainName: 'contoso.com' },
      'secret ad-user',
      'key password missing or empty; the Secret needs username, password and domainName',
    ],
    [
      'two missing keys',
      { password: PASSWORD },
      'secret ad-user',
      'keys username, domainName missing or empty; the Secret needs username, password and domainName',
    ],
    [
      'a password of 104 characters',
      { username: 'u', password: 'p'.repeat(104), domainName: 'contoso.com' },
      'secret ad-user.password',
      'is 104 characters; at most 103 allowed',
    ],
    [
      'a bad domain name',
      { username: 'u', password: PASSWORD, domainName: 'not a domain' },
      'secret ad-user.domainName',
      'is not a valid DNS domain name, e.g. contoso.com',
    ],
  ])('rejects %s without echoing values', (_name, data, field, message) => {
    const result = validateCredentialsSecret('ad-user', data);
    expect(result.issues).toContainEqual({ field, message, severity: 'error' });
    expect(result.credentials).toBeUndefined();
    expect(JSON.stringify(result.issues)).not.toContain(PASSWORD);
    expect(JSON.stringify(result.issues)).not.toContain('p'.repeat(104));
  });
});

import { requestTokenFor } from '../../../src/aws/requestToken.js';

describe('requestTokenFor', () => {
  const content = '{"username":"svc-webapp","password":"S3cr3t-P@ssw0rd","domainName":"contoso.com"}';

  it('is stable: the same content and salt give the same token', () => {
    expect(requestTokenFor(content, 'gmsa/webapp01/ad-user')).toBe(requestTokenFor(content, 'gmsa/webapp01/ad-user'));
  });

  it('is 32-64 characters of lowercase hex, as Secrets Manager accepts', () => {
    const token = requestTokenFor(content, 'salt');
    expect(token).toMatch(/^[0-9a-f]{32,64}$/);
    expect(requestTokenFor('', '')).toMatch(/^[0-9a-f]{32,64}$/);
  });

  it('changes with the content and with the salt', () => {
    const base = requestTokenFor(content, 'a');
    expect(requestTokenFor(`${content} `, 'a')).not.toBe(base);
    expect(requestTokenFor(content, 'b')).not.toBe(base);
  });

  it('does not split salt and content ambiguously', () => {
    expect(requestTokenFor('bc', 'a')).not.toBe(requestTokenFor('c', 'ab'));
  });

  it('does not contain the content or any part of it, in hex or base64', () => {
    const token = requestTokenFor(content, 'gmsa/webapp01/ad-user');
    for (const part of ['S3cr3t-P@ssw0rd', 'svc-webapp', 'contoso']) {
      expect(token).not.toContain(part);
      expect(token).not.toContain(Buffer.from(part).toString('hex').slice(0, 8));
      expect(token).not.toContain(Buffer.from(part).toString('base64').slice(0, 8));
    }
  });
});

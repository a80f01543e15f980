import { sensitiveParts, scrubMessage } from '../../../src/aws/redact.js';
import { fromKeyValueList, fromLowerKeyValueList, s3TaggingHeader, toKeyValueList } from '../../../src/aws/tags.js';

describe('tag conversions', () => {
  it('turns a map into a sorted Key/Value list and back', () => {
    const tags = { 'ecsgmsa.io/name': 'webapp01', 'ecsgmsa.io/cluster': 'default' };
    const list = toKeyValueList(tags);
    expect(list).toStrictEqual([
      { Key: 'ecsgmsa.io/cluster', Value: 'default' },
      { Key: 'ecsgmsa.io/name', Value: 'webapp01' },
    ]);
    expect(fromKeyValueList(list)).toStrictEqual(tags);
  });

  it("reads ECS's lower-case key/value list and drops entries without a key", () => {
    expect(fromLowerKeyValueList([{ key: 'a', value: 'b' }, { value: 'orphan' }, { key: 'c' }])).toStrictEqual({
      a: 'b',
      c: '',
    });
    expect(fromLowerKeyValueList(undefined)).toStrictEqual({});
  });

  it('builds the S3 Tagging header as a percent-encoded query string', () => {
    expect(s3TaggingHeader({ 'team name': 'a&b=c', 'ecsgmsa.io/kind': 'GmsaCredentialSpec', plus: '1+1' })).toBe(
      'ecsgmsa.io%2Fkind=GmsaCredentialSpec&plus=1%2B1&team%20name=a%26b%3Dc',
    );
    expect(s3TaggingHeader({})).toBe('');
  });
});

describe('redaction', () => {
  it('scrubs a JSON secret and each of its string fields', () => {
    const value = '{"username":"svc-user","password":"hunter2-long","domainName":"contoso.com"}';
    expect(sensitiveParts(value)).toStrictEqual([value, 'svc-user', 'hunter2-long', 'contoso.com']);
    expect(scrubMessage("Value 'hunter2-long' at 'password' is invalid", sensitiveParts(value))).toBe(
      "Value '***' at 'password' is invalid",
    );
  });

  it('treats a non-JSON value as one part and trims long messages', () => {
    expect(sensitiveParts('plain')).toStrictEqual(['plain']);
    const long = scrubMessage('x'.repeat(1000));
    expect(long).toHaveLength(303);
  });
});

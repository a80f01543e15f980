import {
  reconcileRequestEcho,
  reconcileRequestTooLong,
  RECONCILE_REQUEST_MAX,
} from '../../../src/controllers/common/conditions.js';
import { configMapFor, configMapNameIssues } from '../../../src/domain/credspec/configMap.js';

describe('reconcile-requested-at echo', () => {
  it.each([
    ['absent', undefined, undefined, false],
    ['a timestamp', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z', false],
    ['exactly the limit', 'x'.repeat(RECONCILE_REQUEST_MAX), 'x'.repeat(RECONCILE_REQUEST_MAX), false],
    ['one over the limit (the status write would be refused)', 'x'.repeat(RECONCILE_REQUEST_MAX + 1), undefined, true],
  ])('%s', (_name, value, echo, tooLong) => {
    const annotations: Record<string, string> =
      value === undefined ? {} : { 'ecsgmsa.io/reconcile-requested-at': value };
    expect(reconcileRequestEcho(annotations)).toBe(echo);
    expect(reconcileRequestTooLong(annotations)).toBe(tooLong);
  });
});

describe('the ConfigMap of a localFile CredSpec', () => {
  it.each([
    ['a plain file name', 'webapp01.json', 'webapp01.json'],
    ['a nested path uses the base name', 'team\\webapp01.json', 'webapp01.json'],
    ['spaces and parentheses (valid on Windows) become _', 'web app (1).json', 'web_app__1_.json'],
    ['a leading ".." is not a valid key', '..json', '_.json'],
  ])('%s', (_name, path, key) => {
    expect(configMapFor('web', path)).toStrictEqual({ name: 'web-credspec', key });
    expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
  });

  it('refuses a resource name that would make the ConfigMap name too long', () => {
    const spec = {
      hostOs: 'Windows',
      account: 'a',
      domain: {
        dnsName: 'c.com',
        netBiosName: 'C',
        sid: 'S-1-5-21-1-2-3',
        guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
      },
      storage: { localFile: { path: 'a.json' } },
    } as const;
    expect(configMapNameIssues('n'.repeat(244), spec)).toStrictEqual([]);
    expect(configMapNameIssues('n'.repeat(245), spec).map((i) => i.field)).toStrictEqual(['metadata.name']);
    expect(configMapNameIssues('n'.repeat(245), { ...spec, storage: { ssm: { parameterName: '/a' } } })).toStrictEqual(
      [],
    );
  });
});

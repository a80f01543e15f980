import {
  bindIdentityFilter,
  bindNameFor,
  parseBindIdentity,
  type BindIdentity,
} from '../../../../src/domain/directory/bindIdentity.js';
import { escapeFilterValue } from '../../../../src/domain/directory/ldapFilter.js';

describe('bind names', () => {
  it.each<[string, BindIdentity]>([
    [
      'svc-ecs@corp.example.com',
      { form: 'upn', upn: 'svc-ecs@corp.example.com', user: 'svc-ecs', suffix: 'corp.example.com' },
    ],
    ['CORP\\svc-ecs', { form: 'down-level', domain: 'CORP', samAccountName: 'svc-ecs' }],
    [
      'CN=svc ecs,OU=Service Accounts,DC=corp,DC=example,DC=com',
      { form: 'dn', dn: 'CN=svc ecs,OU=Service Accounts,DC=corp,DC=example,DC=com' },
    ],
    ['svc-ecs', { form: 'sam', samAccountName: 'svc-ecs' }],
    [
      '  svc-ecs@corp.example.com ',
      { form: 'upn', upn: 'svc-ecs@corp.example.com', user: 'svc-ecs', suffix: 'corp.example.com' },
    ],
  ])('reads "%s"', (name, identity) => {
    expect(parseBindIdentity(name)).toEqual(identity);
  });

  it.each<[string, RegExp]>([
    ['', /the bind user name is empty/],
    ['CORP\\', /bind user "CORP\\" is not DOMAIN\\user/],
    ['\\svc', /is not DOMAIN\\user/],
    ['CORP\\a\\b', /is not DOMAIN\\user/],
    ['svc@', /bind user "svc@" is not user@domain/],
  ])('rejects "%s"', (name, message) => {
    expect(() => parseBindIdentity(name)).toThrow(message);
  });

  it.each<[string, string, string | undefined]>([
    ['CORP\\svc-ecs', 'corp.example.com', '(sAMAccountName=svc-ecs)'],
    [
      'svc-ecs@corp.example.com',
      'corp.example.com',
      '(|(userPrincipalName=svc-ecs@corp.example.com)(sAMAccountName=svc-ecs))',
    ],
    ['svc-ecs@other.example', 'corp.example.com', '(userPrincipalName=svc-ecs@other.example)'],
    ['CN=svc,DC=corp', 'corp.example.com', undefined],
    ['svc*)(cn=*', 'corp.example.com', '(sAMAccountName=svc\\2a\\29\\28cn=\\2a)'],
  ])('finds "%s" in %s with %s', (name, dns, filter) => {
    expect(bindIdentityFilter(parseBindIdentity(name), dns)).toBe(filter);
  });

  it('escapes every character RFC 4515 reserves', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
  });
});

describe('the bind name for a Secret username', () => {
  it.each([
    ['svc-ecs', 'svc-ecs@corp.example.com'],
    ['  svc-ecs ', 'svc-ecs@corp.example.com'],
    ['svc-ecs@other.example.com', 'svc-ecs@other.example.com'],
    ['CORP\\svc-ecs', 'CORP\\svc-ecs'],
    ['CN=svc-ecs,CN=Users,DC=corp,DC=example,DC=com', 'CN=svc-ecs,CN=Users,DC=corp,DC=example,DC=com'],
  ])('%s binds as %s', (username, expected) => {
    expect(bindNameFor(username, 'corp.example.com')).toBe(expected);
  });
});

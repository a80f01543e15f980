import { checkCredentialSpecTenancy, checkTaskTenancy } from '../../../src/domain/tenancy/check.js';
import { globMatches, parseTenancyPolicy, type TenancyPolicy } from '../../../src/domain/tenancy/policy.js';
import { credSpecSpec, domainless, taskSpec } from '../../fixtures/builders.js';

const policy: TenancyPolicy = {
  rules: [
    {
      namespaces: ['team-a', 'team-a-*'],
      ssmParameterPrefixes: ['/gmsa/team-a/'],
      s3: [{ bucket: 'credspecs', keyPrefix: 'team-a/' }],
      secretNamePrefixes: ['gmsa/team-a/'],
      taskFamilies: ['team-a-*'],
      roleArns: ['arn:aws:iam::111122223333:role/team-a-*'],
    },
    { namespaces: ['platform'] },
  ],
};

describe('tenancy policy', () => {
  it.each([
    ['team-a-*', 'team-a-dev', true],
    ['team-a-*', 'team-b-dev', false],
    ['team-?', 'team-a', true],
    ['arn:aws:iam::1:role/x.*', 'arn:aws:iam::1:role/xy', false],
  ])('glob %s matches %s: %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });

  it('allows everything without a policy', () => {
    expect(checkCredentialSpecTenancy(undefined, 'any', credSpecSpec())).toStrictEqual([]);
  });

  it('allows names under the namespace prefixes', () => {
    const spec = credSpecSpec({ storage: { ssm: { parameterName: '/gmsa/team-a/web' } }, domainless: domainless({ name: 'gmsa/team-a/web-user' }) });
    expect(checkCredentialSpecTenancy(policy, 'team-a', spec)).toStrictEqual([]);
  });

  it.each([
    ['another team SSM prefix', credSpecSpec({ storage: { ssm: { parameterName: '/gmsa/team-b/web' } } }), 'spec.storage.ssm.parameterName', 'SSM parameter "/gmsa/team-b/web" is not permitted for this namespace by the tenancy policy; allowed prefixes: /gmsa/team-a/'],
    ['another bucket', credSpecSpec({ storage: { s3: { bucket: 'other', key: 'team-a/x.json' } } }), 'spec.storage.s3', 's3://other/team-a/x.json is not permitted for this namespace by the tenancy policy'],
    ['a secret outside the prefix', credSpecSpec({ storage: { ssm: { parameterName: '/gmsa/team-a/web' } }, domainless: domainless({ name: 'gmsa/team-b/u' }) }), 'spec.domainless.name', 'secret name "gmsa/team-b/u" is not permitted for this namespace by the tenancy policy; allowed prefixes: gmsa/team-a/'],
  ])('refuses %s', (_name, spec, field, message) => {
    expect(checkCredentialSpecTenancy(policy, 'team-a-dev', spec)).toContainEqual({ field, message, severity: 'error' });
  });

  it('refuses a namespace no rule covers', () => {
    expect(checkTaskTenancy(policy, 'team-c', taskSpec())).toStrictEqual([
      { field: 'metadata.namespace', message: 'namespace "team-c" is not covered by any rule of the tenancy policy', severity: 'error' },
    ]);
  });

  it('checks task families and role ARNs', () => {
    expect(checkTaskTenancy(policy, 'team-a', taskSpec({ family: 'team-a-web', executionRoleArn: 'arn:aws:iam::111122223333:role/team-a-exec' }))).toStrictEqual([]);
    expect(checkTaskTenancy(policy, 'team-a', taskSpec())).toStrictEqual([
      { field: 'spec.taskDefinition.family', message: 'family "webapp" is not permitted for this namespace by the tenancy policy; allowed: team-a-*', severity: 'error' },
      { field: 'spec.taskDefinition.executionRoleArn', message: 'role "arn:aws:iam::111122223333:role/ecsTaskExecutionRole" is not permitted for this namespace by the tenancy policy; allowed: arn:aws:iam::111122223333:role/team-a-*', severity: 'error' },
    ]);
  });

  it('leaves omitted dimensions unrestricted', () => {
    expect(checkTaskTenancy(policy, 'platform', taskSpec())).toStrictEqual([]);
  });

  it.each([
    ['no rules', {}, 'rules: a tenancy policy needs a list of rules'],
    ['a rule without namespaces', { rules: [{}] }, 'rules[0].namespaces: must be a non-empty list of namespace patterns'],
    ['a misspelt field', { rules: [{ namespaces: ['a'], taskFamily: ['x'] }] }, 'rules[0].taskFamily: unknown field "taskFamily"'],
  ])('rejects a policy with %s', (_name, value, message) => {
    const { policy: parsed, issues } = parseTenancyPolicy(value);
    expect(parsed).toBeUndefined();
    expect(issues.map((i) => `${i.field}: ${i.message}`)).toContain(message);
  });
});

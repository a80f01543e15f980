import type { EcsGmsaTaskSpec, GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { checkCredentialSpecTenancy, checkTaskTenancy } from '../../../src/domain/tenancy/check.js';
import { anyMatches, patternMatches, patternProblem } from '../../../src/domain/tenancy/patterns.js';
import { adoptionPermitted, allowanceFor, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { parseTenancyPolicy } from '../../../src/domain/tenancy/policyFile.js';
import { secretReference } from '../../../src/domain/tenancy/references.js';

const NS = 'team-a';
const DEFAULTS: TenancyConfig = {
  singleTenant: false,
  buckets: ['corp-credspecs'],
  kmsKeys: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
};

const credSpec = (over: Partial<GmsaCredentialSpecSpec> = {}): GmsaCredentialSpecSpec => ({
  hostOs: 'Windows',
  account: 'WebApp01',
  domain: {
    dnsName: 'contoso.com',
    netBiosName: 'CONTOSO',
    sid: 'S-1-5-21-1-2-3',
    guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
  },
  storage: { ssm: { parameterName: `/gmsa/${NS}/web` } },
  ...over,
});

type Td = EcsGmsaTaskSpec['taskDefinition'];
const task = (td: Partial<Td> = {}, container: Record<string, unknown> = {}): EcsGmsaTaskSpec => ({
  taskDefinition: {
    family: `${NS}_web`,
    executionRoleArn: `arn:aws:iam::111122223333:role/${NS}/exec`,
    containerDefinitions: [{ name: 'web', image: 'img', memory: 512, ...container }],
    ...td,
  },
});

const fields = (issues: { field: string }[]): string[] => issues.map((i) => i.field);

describe('patterns: * never crosses "/", ** does, everything else is literal', () => {
  it.each([
    ['/gmsa/team-a/**', '/gmsa/team-a/web/credspec', true],
    ['/gmsa/team-a/*', '/gmsa/team-a/web/credspec', false],
    ['/gmsa/team-a/*', '/gmsa/team-a/web', true],
    ['arn:aws:iam::1:role/payments-*', 'arn:aws:iam::1:role/payments-/../../admin', false],
    ['team-a_*', 'team-a_web', true],
    ['team_*', 'team-a_web', false],
    ['gmsa/team-a/**', 'GMSA/team-a/x', false],
    ['gmsa/team-a/**', 'gmsa/teаm-a/x', false], // Cyrillic а
    ['a.b', 'aXb', false],
    ['(x)+', '(x)+', true],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(patternMatches(pattern, value)).toBe(expected);
  });

  it('expands {namespace} before matching', () => {
    expect(anyMatches(['/gmsa/{namespace}/**'], 'team-a', '/gmsa/team-a/x')).toBe(true);
    expect(anyMatches(['/gmsa/{namespace}/**'], 'team-a', '/gmsa/team-b/x')).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['a?b', '"?" is not supported'],
    ['a***', 'not more stars'],
    ['/gmsa/{team}/**', 'the only placeholder is {namespace}'],
  ])('refuses the pattern %j', (pattern, problem) => {
    expect(patternProblem(pattern)).toContain(problem);
  });
});

describe('default confinement: names derived from the namespace', () => {
  it.each<[string, GmsaCredentialSpecSpec, string[]]>([
    ['its own SSM parameter', credSpec(), []],
    [
      "another namespace's parameter",
      credSpec({ storage: { ssm: { parameterName: '/gmsa/team-b/web' } } }),
      ['spec.storage.ssm.parameterName'],
    ],
    [
      'a parameter outside /gmsa/',
      credSpec({ storage: { ssm: { parameterName: '/team-a/web' } } }),
      ['spec.storage.ssm.parameterName'],
    ],
    [
      'a namespace that is a prefix of another (team vs team-a)',
      credSpec({ storage: { ssm: { parameterName: '/gmsa/team-ab/web' } } }),
      ['spec.storage.ssm.parameterName'],
    ],
    [
      'its own key in a configured bucket',
      credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: `gmsa/${NS}/web.json` } } }),
      [],
    ],
    [
      'a bucket not configured for the operator',
      credSpec({ storage: { s3: { bucket: 'other-bucket', key: `gmsa/${NS}/web.json` } } }),
      ['spec.storage.s3'],
    ],
    [
      "another namespace's key",
      credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: 'gmsa/team-b/web.json' } } }),
      ['spec.storage.s3'],
    ],
    [
      'its own secret',
      credSpec({
        domainless: { credentialsSecretRef: { name: 's' }, store: 'SecretsManager', name: `gmsa/${NS}/user` },
      }),
      [],
    ],
    [
      "another namespace's secret",
      credSpec({
        domainless: { credentialsSecretRef: { name: 's' }, store: 'SecretsManager', name: 'gmsa/team-b/user' },
      }),
      ['spec.domainless.name'],
    ],
    [
      'its own SecureString',
      credSpec({
        domainless: { credentialsSecretRef: { name: 's' }, store: 'SsmParameter', name: `/gmsa/${NS}/user` },
      }),
      [],
    ],
    [
      'a configured KMS key',
      credSpec({
        domainless: {
          credentialsSecretRef: { name: 's' },
          store: 'SecretsManager',
          name: `gmsa/${NS}/user`,
          kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      }),
      [],
    ],
    [
      'a KMS key not configured',
      credSpec({
        domainless: {
          credentialsSecretRef: { name: 's' },
          store: 'SecretsManager',
          name: `gmsa/${NS}/user`,
          kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab',
        },
      }),
      ['spec.domainless.kmsKeyId'],
    ],
  ])('GmsaCredentialSpec: %s', (_name, spec, denied) => {
    expect(fields(checkCredentialSpecTenancy(DEFAULTS, NS, spec))).toStrictEqual(denied);
  });

  it.each<[string, EcsGmsaTaskSpec, string[]]>([
    ['its own family and role', task(), []],
    ["another namespace's family", task({ family: 'team-b_web' }), ['spec.taskDefinition.family']],
    ['a family without the namespace separator', task({ family: `${NS}-web` }), ['spec.taskDefinition.family']],
    [
      'an admin execution role',
      task({ executionRoleArn: 'arn:aws:iam::111122223333:role/Admin' }),
      ['spec.taskDefinition.executionRoleArn'],
    ],
    [
      "another namespace's task role",
      task({ taskRoleArn: 'arn:aws:iam::111122223333:role/team-b/app' }),
      ['spec.taskDefinition.taskRoleArn'],
    ],
    ['a role deeper under its own path', task({ taskRoleArn: `arn:aws:iam::111122223333:role/${NS}/apps/web` }), []],
    [
      'its own secret reference (SSM ARN)',
      task({}, { secrets: [{ name: 'DB', valueFrom: `arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/${NS}/db` }] }),
      [],
    ],
    [
      "another team's AD password as a secret",
      task(
        {},
        {
          secrets: [
            {
              name: 'PW',
              valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:gmsa/team-b/ad-user-AbCdEf',
            },
          ],
        },
      ),
      ['spec.taskDefinition.containerDefinitions[0].secrets[0].valueFrom'],
    ],
    [
      'a bare parameter name outside its prefix',
      task({}, { secrets: [{ name: 'X', valueFrom: 'prod-db-password' }] }),
      ['spec.taskDefinition.containerDefinitions[0].secrets[0].valueFrom'],
    ],
    [
      'a secret reference to another service',
      task({}, { secrets: [{ name: 'X', valueFrom: 'arn:aws:s3:::bucket/key' }] }),
      ['spec.taskDefinition.containerDefinitions[0].secrets[0].valueFrom'],
    ],
    [
      'repository credentials of another team',
      task(
        {},
        {
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:1:secret:team-b/registry' },
        },
      ),
      ['spec.taskDefinition.containerDefinitions[0].repositoryCredentials.credentialsParameter'],
    ],
    [
      'a log secret option of another team',
      task(
        {},
        {
          logConfiguration: {
            logDriver: 'splunk',
            secretOptions: [{ name: 'splunk-token', valueFrom: '/gmsa/team-b/splunk' }],
          },
        },
      ),
      ['spec.taskDefinition.containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom'],
    ],
    [
      'an environment file of its own',
      task({}, { environmentFiles: [{ type: 's3', value: `arn:aws:s3:::corp-credspecs/gmsa/${NS}/app.env` }] }),
      [],
    ],
    [
      'an environment file elsewhere',
      task({}, { environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::corp-secrets/prod.env' }] }),
      ['spec.taskDefinition.containerDefinitions[0].environmentFiles[0].value'],
    ],
    [
      'a FireLens config from another bucket',
      task(
        {},
        {
          firelensConfiguration: {
            type: 'fluentbit',
            options: { 'config-file-type': 's3', 'config-file-value': 'arn:aws:s3:::other/f.conf' },
          },
        },
      ),
      ['spec.taskDefinition.containerDefinitions[0].firelensConfiguration.options.config-file-value'],
    ],
    [
      'an EFS file system',
      task({ volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-123' } }] }),
      ['spec.taskDefinition.volumes[0].efsVolumeConfiguration.fileSystemId'],
    ],
    [
      "an FSx file system with another team's credentials",
      task({
        volumes: [
          {
            name: 'v',
            fsxWindowsFileServerVolumeConfiguration: {
              fileSystemId: 'fs-9',
              rootDirectory: 'share',
              authorizationConfig: {
                credentialsParameter: 'arn:aws:secretsmanager:us-east-1:1:secret:gmsa/team-b/fsx',
                domain: 'contoso.com',
              },
            },
          },
        ],
      }),
      [
        'spec.taskDefinition.volumes[0].fsxWindowsFileServerVolumeConfiguration.fileSystemId',
        'spec.taskDefinition.volumes[0].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter',
      ],
    ],
  ])('EcsGmsaTask: %s', (_name, spec, denied) => {
    expect(fields(checkTaskTenancy(DEFAULTS, NS, spec))).toStrictEqual(denied);
  });

  it.each<[string, EcsGmsaTaskSpec]>([
    ['a privileged container', task({}, { privileged: true })],
    ['an added capability', task({}, { linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } })],
    ['host devices', task({}, { linuxParameters: { devices: [{ hostPath: '/dev/kmsg' }] } })],
    ['a Docker security option', task({}, { dockerSecurityOptions: ['apparmor:unconfined'] })],
    ['the host PID namespace', task({ pidMode: 'host' })],
    ['the host IPC namespace', task({ ipcMode: 'host' })],
    ['host networking', task({ networkMode: 'host' })],
    ['a host mount of /', task({ volumes: [{ name: 'root', host: { sourcePath: '/' } }] })],
    [
      'a local volume driver binding a host path',
      task({
        volumes: [
          {
            name: 'v',
            dockerVolumeConfiguration: { driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '/etc' } },
          },
        ],
      }),
    ],
  ])('host access is denied by default: %s', (_name, spec) => {
    const issues = checkTaskTenancy(DEFAULTS, NS, spec);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(
      /is not permitted for namespace "team-a" by the tenancy policy \(host access: grant hostAccess\./,
    );
  });
});

describe('exactness: names that would mean more than themselves are refused in every mode', () => {
  const SINGLE: TenancyConfig = { ...DEFAULTS, singleTenant: true };
  it.each<[string, GmsaCredentialSpecSpec | EcsGmsaTaskSpec, string]>([
    ['an S3 key of "*"', credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: '*' } } }), 'contains "*" or "?"'],
    [
      'an S3 key with a ".." segment',
      credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: `gmsa/${NS}/../../x` } } }),
      '".." segment',
    ],
    [
      'an S3 key with a policy variable',
      credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: `gmsa/\${aws:username}/x` } } }),
      'policy variable',
    ],
    [
      'an S3 key with "?"',
      credSpec({ storage: { s3: { bucket: 'corp-credspecs', key: `gmsa/${NS}/a?b` } } }),
      'contains "*" or "?"',
    ],
    [
      'a role climbing out of its path',
      task({ executionRoleArn: `arn:aws:iam::1:role/${NS}/../admin` }),
      '".." segment',
    ],
    [
      'a control character in a secret reference',
      task({}, { secrets: [{ name: 'X', valueFrom: `/gmsa/${NS}/a\u0000b` }] }),
      'control characters',
    ],
  ])('%s', (_name, spec, problem) => {
    for (const config of [DEFAULTS, SINGLE]) {
      const issues =
        'taskDefinition' in spec ? checkTaskTenancy(config, NS, spec) : checkCredentialSpecTenancy(config, NS, spec);
      expect(issues.map((i) => i.message).join('; ')).toContain(problem);
    }
  });
});

describe('policies, single tenant and reserved namespaces', () => {
  const policy = (text: object): TenancyConfig => {
    const parsed = parseTenancyPolicy(text);
    if (!parsed.policy) throw new Error(JSON.stringify(parsed.issues));
    return { ...DEFAULTS, policy: parsed.policy };
  };

  it('a rule widens one field and keeps the defaults for the others', () => {
    const config = policy({
      rules: [{ namespaces: ['payments*'], roles: ['arn:aws:iam::1:role/shared/exec'], allowAdoption: true }],
    });
    expect(
      fields(
        checkTaskTenancy(
          config,
          'payments',
          task({ family: 'payments_web', executionRoleArn: 'arn:aws:iam::1:role/shared/exec' }),
        ),
      ),
    ).toStrictEqual([]);
    expect(
      fields(
        checkTaskTenancy(
          config,
          'payments',
          task({ family: 'payments_web', executionRoleArn: 'arn:aws:iam::1:role/payments/exec' }),
        ),
      ),
    ).toStrictEqual(['spec.taskDefinition.executionRoleArn']);
    expect(adoptionPermitted(config, 'payments')).toBe(true);
  });

  it('a namespace no rule covers may do nothing', () => {
    const config = policy({ rules: [{ namespaces: ['payments'] }] });
    expect(allowanceFor(config, 'reporting')).toBeUndefined();
    expect(checkCredentialSpecTenancy(config, 'reporting', credSpec())[0]?.message).toBe(
      'namespace "reporting" is not covered by any rule of the tenancy policy',
    );
  });

  it('an empty list allows nothing; ** allows anything', () => {
    expect(fields(checkTaskTenancy(policy({ rules: [{ namespaces: ['*'], roles: [] }] }), NS, task()))).toStrictEqual([
      'spec.taskDefinition.executionRoleArn',
    ]);
    expect(
      fields(
        checkTaskTenancy(
          policy({ rules: [{ namespaces: ['*'], roles: ['**'], taskFamilies: ['**'] }] }),
          NS,
          task({ family: 'anything', executionRoleArn: 'arn:aws:iam::1:role/x/y' }),
        ),
      ),
    ).toStrictEqual([]);
  });

  it('host access is granted feature by feature', () => {
    const config = policy({
      rules: [{ namespaces: ['*'], hostAccess: { hostPaths: ['/var/log/**'], capabilities: ['DAC_READ_SEARCH'] } }],
    });
    expect(
      checkTaskTenancy(
        config,
        NS,
        task(
          { volumes: [{ name: 'l', host: { sourcePath: '/var/log/app' } }] },
          { linuxParameters: { capabilities: { add: ['DAC_READ_SEARCH'] } } },
        ),
      ),
    ).toStrictEqual([]);
    expect(
      fields(
        checkTaskTenancy(
          config,
          NS,
          task(
            { volumes: [{ name: 'r', host: { sourcePath: '/etc' } }] },
            { linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } },
          ),
        ),
      ),
    ).toStrictEqual([
      'spec.taskDefinition.containerDefinitions[0].linuxParameters.capabilities.add[0]',
      'spec.taskDefinition.volumes[0].host.sourcePath',
    ]);
  });

  it('single tenant allows every name and host access, and adoption', () => {
    const single: TenancyConfig = { ...DEFAULTS, singleTenant: true };
    expect(
      checkTaskTenancy(
        single,
        NS,
        task({ family: 'x', executionRoleArn: 'arn:aws:iam::1:role/Admin', pidMode: 'host' }, { privileged: true }),
      ),
    ).toStrictEqual([]);
    expect(adoptionPermitted(single, NS)).toBe(true);
    expect(adoptionPermitted(DEFAULTS, NS)).toBe(false);
  });

  it.each(['kube-system', 'kube-public', 'kube-node-lease'])('never acts in %s, whatever the mode', (ns) => {
    for (const config of [DEFAULTS, { ...DEFAULTS, singleTenant: true }])
      expect(
        fields(
          checkCredentialSpecTenancy(config, ns, credSpec({ storage: { ssm: { parameterName: `/gmsa/${ns}/x` } } })),
        ),
      ).toStrictEqual(['metadata.namespace']);
  });

  it('messages name only the namespace itself and its own allowance', () => {
    const [issue] = checkCredentialSpecTenancy(
      DEFAULTS,
      NS,
      credSpec({ storage: { ssm: { parameterName: '/gmsa/team-b/web' } } }),
    );
    expect(issue?.message).toBe(
      'SSM parameter "/gmsa/team-b/web" is not permitted for namespace "team-a" by the tenancy policy (allowed: /gmsa/team-a/**)',
    );
  });
});

describe('policy file', () => {
  it.each([
    ['no rules', {}, 'rules'],
    ['a rule without namespaces', { rules: [{}] }, 'rules[0].namespaces'],
    [
      'an empty pattern (a null prefix never means everything)',
      { rules: [{ namespaces: ['*'], secrets: [''] }] },
      'rules[0].secrets[0]',
    ],
    ['a "?" pattern', { rules: [{ namespaces: ['*'], taskFamilies: ['a?'] }] }, 'rules[0].taskFamilies[0]'],
    [
      'an old prefix field',
      { rules: [{ namespaces: ['*'], ssmParameterPrefixes: ['/gmsa/'] }] },
      'rules[0].ssmParameterPrefixes',
    ],
    [
      'an S3 entry with a keyPrefix',
      { rules: [{ namespaces: ['*'], s3: [{ bucket: 'b-1', keyPrefix: 'x/' }] }] },
      'rules[0].s3[0].keyPrefix',
    ],
    [
      'an unknown host access flag',
      { rules: [{ namespaces: ['*'], hostAccess: { root: true } }] },
      'rules[0].hostAccess.root',
    ],
    ['allowAdoption not a boolean', { rules: [{ namespaces: ['*'], allowAdoption: 'yes' }] }, 'rules[0].allowAdoption'],
  ])('refuses %s', (_name, value, field) => {
    expect(fields(parseTenancyPolicy(value).issues)).toContain(field);
  });

  it('explains what replaced an old field', () => {
    expect(parseTenancyPolicy({ rules: [{ namespaces: ['*'], roleArns: ['x'] }] }).issues[0]?.message).toContain(
      'replaced by roles',
    );
  });
});

describe('secret references', () => {
  it.each([
    ['arn:aws:ssm:us-east-1:1:parameter/gmsa/a/x', { kind: 'ssmParameter', value: '/gmsa/a/x' }],
    ['arn:aws:secretsmanager:us-east-1:1:secret:gmsa/a/x-AbCdEf', { kind: 'secret', value: 'gmsa/a/x-AbCdEf' }],
    [
      'arn:aws:secretsmanager:us-east-1:1:secret:gmsa/a/x-AbCdEf:password::',
      { kind: 'secret', value: 'gmsa/a/x-AbCdEf' },
    ],
    ['/gmsa/a/x', { kind: 'ssmParameter', value: '/gmsa/a/x' }],
    ['arn:aws:kms:us-east-1:1:key/k', { kind: 'unrecognized', value: 'arn:aws:kms:us-east-1:1:key/k' }],
  ])('%s', (value, expected) => {
    expect(secretReference('f', value)).toMatchObject(expected);
  });
});

describe('ECS services (spec.services): which clusters and services a namespace may roll out', () => {
  const withServices = (...services: [string, string][]): EcsGmsaTaskSpec => ({
    ...task(),
    services: services.map(([cluster, service]) => ({ cluster, service })),
  });
  const policy = (rules: object[]): TenancyConfig => {
    const parsed = parseTenancyPolicy({ rules });
    if (!parsed.policy) throw new Error(JSON.stringify(parsed.issues));
    return { ...DEFAULTS, policy: parsed.policy };
  };

  it.each<[string, TenancyConfig, [string, string][], string[]]>([
    ['by default, its own service in any cluster', DEFAULTS, [['prod', `${NS}_web`]], []],
    [
      'by default, its own services in two clusters',
      DEFAULTS,
      [
        ['prod', `${NS}_web`],
        ['stage', `${NS}_api`],
      ],
      [],
    ],
    ["by default, another namespace's service", DEFAULTS, [['prod', 'team-b_web']], ['spec.services[0]']],
    [
      'by default, a namespace prefix is not a namespace (team vs team-a)',
      DEFAULTS,
      [['prod', 'team-ab_web']],
      ['spec.services[0]'],
    ],
    ['by default, a service without the namespace prefix', DEFAULTS, [['prod', 'web']], ['spec.services[0]']],
    [
      'only the refused one of two is named',
      DEFAULTS,
      [
        ['prod', `${NS}_web`],
        ['prod', 'billing'],
      ],
      ['spec.services[1]'],
    ],
    [
      'a rule confining the namespace to one cluster',
      policy([{ namespaces: ['*'], services: [{ cluster: 'stage', service: '{namespace}_*' }] }]),
      [
        ['stage', `${NS}_web`],
        ['prod', `${NS}_web`],
      ],
      ['spec.services[1]'],
    ],
    [
      'a rule granting a shared service by name',
      policy([{ namespaces: [NS], services: [{ cluster: 'prod', service: 'shared-frontend' }] }]),
      [['prod', 'shared-frontend']],
      [],
    ],
    [
      'a rule granting a named service does not keep the default',
      policy([{ namespaces: [NS], services: [{ cluster: 'prod', service: 'shared-frontend' }] }]),
      [['prod', `${NS}_web`]],
      ['spec.services[0]'],
    ],
    [
      'an empty list allows no service',
      policy([{ namespaces: ['*'], services: [] }]),
      [['prod', `${NS}_web`]],
      ['spec.services[0]'],
    ],
    ['single tenant allows any service', { ...DEFAULTS, singleTenant: true }, [['prod', 'anything']], []],
  ])('%s', (_name, config, services, refused) => {
    expect(fields(checkTaskTenancy(config, NS, withServices(...services)))).toStrictEqual(refused);
  });

  it('says which service was refused and what the namespace may list', () => {
    const [issue] = checkTaskTenancy(DEFAULTS, NS, withServices(['prod', 'team-b_web']));
    expect(issue?.message).toBe(
      'ECS service "team-b_web" in cluster "prod" is not permitted for namespace "team-a" by the tenancy policy (allowed: cluster * service team-a_*)',
    );
    expect(
      checkTaskTenancy(policy([{ namespaces: ['*'], services: [] }]), NS, withServices(['prod', `${NS}_web`]))[0]
        ?.message,
    ).toContain('(none is allowed)');
  });

  it('refuses a name that would mean more than itself, whatever the mode', () => {
    for (const config of [DEFAULTS, { ...DEFAULTS, singleTenant: true }])
      expect(fields(checkTaskTenancy(config, NS, withServices(['*', `${NS}_web`])))).toStrictEqual([
        'spec.services[0]',
      ]);
  });

  it.each([
    [
      'a services entry without a service',
      { rules: [{ namespaces: ['*'], services: [{ cluster: '*' }] }] },
      'rules[0].services[0].service',
    ],
    [
      'a services entry with an unknown field',
      { rules: [{ namespaces: ['*'], services: [{ cluster: '*', service: 'x', arn: 'y' }] }] },
      'rules[0].services[0].arn',
    ],
    ['services that is not a list', { rules: [{ namespaces: ['*'], services: 'all' }] }, 'rules[0].services'],
  ])('the policy file refuses %s', (_name, value, field) => {
    expect(fields(parseTenancyPolicy(value).issues)).toContain(field);
  });
});

import type { EcsGmsaTaskSpec } from '../../../src/api/types.js';
import { validateCrossObject } from '../../../src/domain/validation/crossObjectRules.js';
import { validateEcsGmsaTaskSpec } from '../../../src/domain/validation/taskRules.js';
import type { ResolvedCredentialSpec } from '../../../src/domain/task/resolvedCredentialSpec.js';
import { resolved, taskSpec } from '../../fixtures/builders.js';

type TD = EcsGmsaTaskSpec['taskDefinition'];
const container = (extra: Partial<TD['containerDefinitions'][number]> = {}): TD['containerDefinitions'][number] => ({
  name: 'web',
  image: 'img',
  memory: 512,
  gmsa: { credentialSpecRef: 'webapp01' },
  ...extra,
});
const C0 = 'spec.taskDefinition.containerDefinitions[0]';

describe('EcsGmsaTask validation on its own', () => {
  it('accepts the design example', () => {
    expect(validateEcsGmsaTaskSpec(taskSpec())).toStrictEqual([]);
  });

  it.each<[string, Partial<TD>, string, string]>([
    [
      'hand-written credentialSpecs',
      {
        containerDefinitions: [container({ credentialSpecs: ['credentialspec:arn:aws:ssm:us-east-1:1:parameter/x'] })],
      },
      `${C0}.credentialSpecs`,
      'credentialSpecs is written by the operator from gmsa.credentialSpecRef; remove it and reference a GmsaCredentialSpec',
    ],
    [
      'a credential spec in dockerSecurityOptions',
      { containerDefinitions: [container({ dockerSecurityOptions: ['credentialspec:file://x.json'] })] },
      `${C0}.dockerSecurityOptions`,
      'dockerSecurityOptions must not name a credential spec; use gmsa.credentialSpecRef',
    ],
    [
      'gmsa without operatingSystemFamily',
      { runtimePlatform: {} },
      'spec.taskDefinition.runtimePlatform.operatingSystemFamily',
      'a task with gmsa.credentialSpecRef needs runtimePlatform.operatingSystemFamily (the OS decides the gMSA rules)',
    ],
    [
      'gmsa without executionRoleArn',
      { executionRoleArn: undefined },
      'spec.taskDefinition.executionRoleArn',
      'a task with gmsa.credentialSpecRef needs executionRoleArn: the execution role fetches the CredSpec',
    ],
    [
      'a malformed execution role',
      { executionRoleArn: 'ecsTaskExecutionRole' },
      'spec.taskDefinition.executionRoleArn',
      '"ecsTaskExecutionRole" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
    ],
    [
      'a family with a dot',
      { family: 'web.app' },
      'spec.taskDefinition.family',
      '"web.app" is not a valid family (1-255 letters, digits, "_" or "-")',
    ],
    [
      'bridge networking on Windows',
      { networkMode: 'bridge' },
      'spec.taskDefinition.networkMode',
      '"bridge" does not exist on Windows; use awsvpc, or omit networkMode for the default (NAT)',
    ],
    [
      'Windows gMSA on Fargate',
      { requiresCompatibilities: ['FARGATE'] },
      'spec.taskDefinition.requiresCompatibilities',
      'gMSA is not supported for Windows containers on Fargate; use EC2',
    ],
    [
      'Server 2016 with awsvpc',
      { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' } },
      'spec.taskDefinition.networkMode',
      'Windows Server 2016 needs the container hostname to equal the gMSA account, and hostname is not allowed with awsvpc: omit networkMode (default NAT)',
    ],
    [
      'a container without memory',
      { containerDefinitions: [container({ memory: undefined })] },
      `${C0}.memory`,
      'set memory or memoryReservation on the container, or memory on the task: ECS requires one',
    ],
    [
      'two containers with one name',
      { containerDefinitions: [container(), container()] },
      'spec.taskDefinition.containerDefinitions',
      'container name "web" is used twice',
    ],
    [
      'a reserved tag',
      { tags: [{ key: 'ecsgmsa.io/name', value: 'x' }] },
      'spec.taskDefinition.tags[0]',
      'tag key "ecsgmsa.io/name" starts with the reserved prefix "ecsgmsa.io/"',
    ],
    [
      'a reserved tag in capitals',
      { tags: [{ key: 'AWS:cloudformation:stack', value: 'x' }] },
      'spec.taskDefinition.tags[0]',
      'tag key "AWS:cloudformation:stack" starts with the reserved prefix "aws:"',
    ],
    [
      'a tag with a character AWS refuses',
      { tags: [{ key: 'team', value: 'a;b' }] },
      'spec.taskDefinition.tags[0]',
      'tag value holds ";", which AWS refuses in tags (letters, digits, spaces and _ . : / = + - @ only)',
    ],
    [
      '45 user tags',
      { tags: Array.from({ length: 45 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
      'spec.taskDefinition.tags',
      "45 tags; at most 44 fit beside the operator's 6 tags",
    ],
  ])('rejects %s', (_name, overrides, field, message) => {
    expect(validateEcsGmsaTaskSpec(taskSpec(overrides))).toContainEqual({ field, message, severity: 'error' });
  });

  it.each<[string, Partial<TD>]>([
    [
      'task-level memory instead of container memory',
      { memory: '2048', containerDefinitions: [container({ memory: undefined })] },
    ],
    [
      'Server 2016 with the default network mode',
      { networkMode: undefined, runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' } },
    ],
    ['Linux on Fargate', { runtimePlatform: { operatingSystemFamily: 'LINUX' }, requiresCompatibilities: ['FARGATE'] }],
    [
      'a container without gmsa next to one with it',
      { containerDefinitions: [container(), { name: 'sidecar', image: 'x', memory: 64 }] },
    ],
    ['tags of letters of any script, spaces and _ . : / = + - @', { tags: [{ key: 'Équipe 1', value: 'ü:/=+-@_.' }] }],
  ])('accepts %s', (_name, overrides) => {
    expect(validateEcsGmsaTaskSpec(taskSpec(overrides))).toStrictEqual([]);
  });
});

describe('EcsGmsaTask cross-object rules', () => {
  const check = (td: Partial<TD>, credSpecs: ResolvedCredentialSpec[], region = 'us-east-1') =>
    validateCrossObject(taskSpec(td), region, new Map(credSpecs.map((c) => [c.name, c])));

  it('accepts a Windows task with a Windows CredSpec', () => {
    expect(check({}, [resolved()])).toStrictEqual([]);
  });

  it.each<[string, Partial<TD>, ResolvedCredentialSpec[], string, string, string?]>([
    [
      'a Windows task referencing a Linux CredSpec',
      {},
      [resolved({ hostOs: 'Linux' })],
      `${C0}.gmsa.credentialSpecRef`,
      'GmsaCredentialSpec "webapp01" is for Linux hosts but the task runs WINDOWS_SERVER_2022_CORE',
    ],
    [
      'a Linux task referencing a Windows CredSpec',
      { runtimePlatform: { operatingSystemFamily: 'LINUX' } },
      [resolved()],
      `${C0}.gmsa.credentialSpecRef`,
      'GmsaCredentialSpec "webapp01" is for Windows hosts but the task runs LINUX',
    ],
    [
      'a region mismatch',
      {},
      [resolved({ region: 'eu-west-1' })],
      `${C0}.gmsa.credentialSpecRef`,
      'GmsaCredentialSpec "webapp01" is stored in eu-west-1 but the task is registered in us-east-1; the agent fetches with the task\'s region',
    ],
    [
      'domainless on Server 2016',
      { networkMode: undefined, runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' } },
      [resolved({ domainless: true })],
      `${C0}.gmsa.credentialSpecRef`,
      'Windows Server 2016 does not support domainless gMSA; GmsaCredentialSpec "webapp01" is domainless',
    ],
    [
      'a conflicting hostname on Server 2016',
      {
        networkMode: undefined,
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' },
        containerDefinitions: [container({ hostname: 'web01' })],
      },
      [resolved()],
      `${C0}.hostname`,
      'on Windows Server 2016 the hostname must equal the gMSA account "WebApp01" (or be omitted so the operator sets it), not "web01"',
    ],
    [
      'Linux on Fargate with a domain-joined CredSpec',
      { runtimePlatform: { operatingSystemFamily: 'LINUX' }, requiresCompatibilities: ['FARGATE'] },
      [resolved({ hostOs: 'Linux' })],
      `${C0}.gmsa.credentialSpecRef`,
      'Linux on Fargate supports only domainless gMSA; GmsaCredentialSpec "webapp01" is domain-joined',
    ],
    [
      'mixed domainless and domain-joined',
      { containerDefinitions: [container(), container({ name: 'api', gmsa: { credentialSpecRef: 'api01' } })] },
      [resolved(), resolved({ name: 'api01', domainless: true })],
      'spec.taskDefinition.containerDefinitions',
      'a task must not mix domainless and domain-joined GmsaCredentialSpecs',
    ],
    [
      'two AD domains',
      { containerDefinitions: [container(), container({ name: 'api', gmsa: { credentialSpecRef: 'api01' } })] },
      [resolved(), resolved({ name: 'api01', domainDnsName: 'fabrikam.com' })],
      'spec.taskDefinition.containerDefinitions',
      'a task may use only one Active Directory domain; found contoso.com, fabrikam.com',
    ],
  ])('rejects %s', (_name, td, credSpecs, field, message) => {
    expect(check(td, credSpecs)).toContainEqual({ field, message, severity: 'error' });
  });

  it('warns (not errors) for Linux Fargate with an SSM-stored CredSpec', () => {
    const issues = check(
      { runtimePlatform: { operatingSystemFamily: 'LINUX' }, requiresCompatibilities: ['FARGATE'] },
      [resolved({ hostOs: 'Linux', domainless: true, storageKind: 'ssm' })],
    );
    expect(issues).toStrictEqual([
      {
        field: `${C0}.gmsa.credentialSpecRef`,
        message: 'AWS documents Linux on Fargate with the CredSpec in S3; SSM is not documented there',
        severity: 'warning',
      },
    ]);
  });

  it('accepts a Server 2016 hostname equal to the account in another case', () => {
    const td = {
      networkMode: undefined,
      runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' as const },
      containerDefinitions: [container({ hostname: 'webapp01' })],
    };
    expect(check(td, [resolved()])).toStrictEqual([]);
  });
});

import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import {
  checkDocumentSize,
  validateGmsaCredentialSpecSpec,
} from '../../../src/domain/validation/credentialSpecRules.js';
import { credSpecSpec, domainless, SEED_GUID, SEED_SID } from '../../fixtures/builders.js';

const domain = { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SEED_SID, guid: SEED_GUID };

describe('GmsaCredentialSpec validation', () => {
  it('accepts the seed identity', () => {
    expect(validateGmsaCredentialSpecSpec(credSpecSpec())).toStrictEqual([]);
  });

  it.each<[string, Partial<GmsaCredentialSpecSpec>, string, string]>([
    [
      'an account over 15 characters',
      { account: 'WebApplication01' },
      'spec.account',
      '"WebApplication01" is 16 characters; a gMSA sAMAccountName allows at most 15 plus "$"',
    ],
    [
      'an account with the trailing $',
      { account: 'WebApp01$' },
      'spec.account',
      '"WebApp01$" ends with "$"; give the sAMAccountName without the trailing "$"',
    ],
    [
      'an account with a space',
      { account: 'Web App' },
      'spec.account',
      '"Web App" contains a character a sAMAccountName does not allow ("/\\[]:;|=,+*?<>@, "$" or whitespace)',
    ],
    [
      'an account with @',
      { account: 'web@app' },
      'spec.account',
      '"web@app" contains a character a sAMAccountName does not allow ("/\\[]:;|=,+*?<>@, "$" or whitespace)',
    ],
    [
      'an account SID instead of the domain SID',
      { domain: { ...domain, sid: 'S-1-5-21-2554468230-2647958158-2204241789-1105' } },
      'spec.domain.sid',
      '"S-1-5-21-2554468230-2647958158-2204241789-1105" is an account SID (it ends in a RID); use the domain\'s SID, S-1-5-21 and three numbers',
    ],
    [
      'a malformed SID',
      { domain: { ...domain, sid: 'S-1-5-32-544' } },
      'spec.domain.sid',
      '"S-1-5-32-544" is not a domain SID; expected S-1-5-21-<n>-<n>-<n> (Get-ADDomain).DomainSID',
    ],
    [
      'a GUID in braces',
      { domain: { ...domain, guid: `{${SEED_GUID}}` } },
      'spec.domain.guid',
      `"{${SEED_GUID}}" has braces; write the GUID without them`,
    ],
    [
      'a GUID too short',
      { domain: { ...domain, guid: '8665abd4-e947' } },
      'spec.domain.guid',
      '"8665abd4-e947" is not a GUID; expected 8-4-4-4-12 hexadecimal digits (Get-ADDomain).ObjectGUID',
    ],
    [
      'a NetBIOS name of 16 characters',
      { domain: { ...domain, netBiosName: 'CONTOSOCORPORATE' } },
      'spec.domain.netBiosName',
      '"CONTOSOCORPORATE" is 16 characters; a NetBIOS name has 1-15',
    ],
    [
      'a NetBIOS name with a dot',
      { domain: { ...domain, netBiosName: 'contoso.com' } },
      'spec.domain.netBiosName',
      '"contoso.com" contains a character a NetBIOS name does not allow (\\/:*?"<>|. or whitespace)',
    ],
    [
      'a DNS name with an underscore',
      { domain: { ...domain, dnsName: 'con_toso.com' } },
      'spec.domain.dnsName',
      '"con_toso.com" is not a valid DNS name (letters, digits and inner hyphens in dot-separated labels, e.g. contoso.com)',
    ],
    [
      'a DNS label over 63 characters',
      { domain: { ...domain, dnsName: `${'a'.repeat(64)}.com` } },
      'spec.domain.dnsName',
      `label "${'a'.repeat(20)}..." of "${'a'.repeat(64)}.com" is 64 characters; a DNS label allows at most 63`,
    ],
    [
      'two storage kinds',
      { storage: { ssm: { parameterName: '/a' }, s3: { bucket: 'bkt', key: 'k' } } },
      'spec.storage',
      'exactly one of storage.ssm, storage.s3 or storage.localFile must be set (found ssm, s3)',
    ],
    [
      'no storage kind',
      { storage: {} },
      'spec.storage',
      'exactly one of storage.ssm, storage.s3 or storage.localFile must be set (found none)',
    ],
    [
      'localFile on Linux',
      { hostOs: 'Linux', storage: { localFile: { path: 'a.json' } } },
      'spec.storage.localFile',
      'storage.localFile is only supported on Windows hosts; use storage.ssm or storage.s3 for Linux',
    ],
    [
      'a localFile path with forward slashes',
      { storage: { localFile: { path: 'dir/a.json' } } },
      'spec.storage.localFile.path',
      '"dir/a.json" uses "/"; Windows credential spec paths use "\\" separators',
    ],
    [
      'an absolute localFile path',
      { storage: { localFile: { path: 'C:\\specs\\a.json' } } },
      'spec.storage.localFile.path',
      '"C:\\specs\\a.json" is absolute; give a path relative to C:\\ProgramData\\Docker\\CredentialSpecs',
    ],
    [
      'a localFile path escaping the folder',
      { storage: { localFile: { path: '..\\a.json' } } },
      'spec.storage.localFile.path',
      '"..\\a.json" must stay inside C:\\ProgramData\\Docker\\CredentialSpecs (no "." or ".." segments)',
    ],
    [
      'an SSM name starting with aws',
      { storage: { ssm: { parameterName: '/aws/gmsa' } } },
      'spec.storage.ssm.parameterName',
      '"/aws/gmsa" starts with "aws" or "ssm", which AWS reserves',
    ],
    [
      'an SSM name with a space',
      { storage: { ssm: { parameterName: '/gmsa/web app' } } },
      'spec.storage.ssm.parameterName',
      '"/gmsa/web app" is not a valid parameter name (letters, digits, _ . - and / separators)',
    ],
    [
      'an SSM name of 16 levels',
      { storage: { ssm: { parameterName: '/a'.repeat(16) } } },
      'spec.storage.ssm.parameterName',
      `"${'/a'.repeat(16)}" has more than 15 levels; SSM allows at most 15`,
    ],
    [
      'an SSM hierarchy without the leading slash',
      { storage: { ssm: { parameterName: 'gmsa/x' } } },
      'spec.storage.ssm.parameterName',
      '"gmsa/x" has "/" separators but does not start with "/"; hierarchies start with "/"',
    ],
    [
      'an uppercase bucket',
      { storage: { s3: { bucket: 'My-Bucket', key: 'k' } } },
      'spec.storage.s3.bucket',
      '"My-Bucket" is not a valid bucket name (3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit)',
    ],
    [
      'a bucket like an IP address',
      { storage: { s3: { bucket: '192.168.5.4', key: 'k' } } },
      'spec.storage.s3.bucket',
      '"192.168.5.4" is formatted as an IP address, which S3 does not allow',
    ],
    [
      'an S3 key over 1024 bytes',
      { storage: { s3: { bucket: 'bkt', key: 'é'.repeat(513) } } },
      'spec.storage.s3.key',
      'object key is 1026 bytes; 1-1024 allowed',
    ],
    [
      'Linux domainless in SSM',
      { hostOs: 'Linux', domainless: domainless({ store: 'SsmParameter', name: '/gmsa/u' }) },
      'spec.domainless.store',
      'Linux hosts read domainless credentials only from Secrets Manager: set domainless.store to SecretsManager',
    ],
    [
      'an SSM credentials name without leading slash',
      { domainless: domainless({ store: 'SsmParameter', name: 'gmsa-user' }) },
      'spec.domainless.name',
      '"gmsa-user" must be a parameter hierarchy starting with "/", e.g. /gmsa/webapp01/ad-user',
    ],
    [
      'a secret name ending like an ARN suffix',
      { domainless: domainless({ name: 'gmsa/user-abc123' }) },
      'spec.domainless.name',
      '"gmsa/user-abc123" ends with a hyphen and six characters, which Secrets Manager reads as an ARN suffix; rename it',
    ],
    [
      'a secret name with a space',
      { domainless: domainless({ name: 'gmsa user' }) },
      'spec.domainless.name',
      '"gmsa user" is not a valid secret name (1-512 of letters, digits and /_+=.@-)',
    ],
    [
      'a recovery window of 3 days',
      { domainless: domainless({ recoveryWindowDays: 3 }) },
      'spec.domainless.recoveryWindowDays',
      '3 is not allowed; use 0 (delete without recovery) or 7-30',
    ],
    [
      'a malformed KMS key',
      { domainless: domainless({ kmsKeyId: 'my key' }) },
      'spec.domainless.kmsKeyId',
      '"my key" is not a KMS key id, key ARN, alias/<name> or alias ARN',
    ],
    [
      'a KMS alias (it cannot be a policy resource)',
      { domainless: domainless({ kmsKeyId: 'alias/gmsa' }) },
      'spec.domainless.kmsKeyId',
      '"alias/gmsa" is an alias: name the key by its id or key ARN, so the generated policy grants kms:Decrypt on exactly that key',
    ],
    [
      'a KMS alias ARN',
      { storage: { s3: { bucket: 'bkt', key: 'k', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:alias/gmsa' } } },
      'spec.storage.s3.kmsKeyId',
      '"arn:aws:kms:us-east-1:111122223333:alias/gmsa" is an alias: name the key by its id or key ARN, so the generated policy grants kms:Decrypt on exactly that key',
    ],
    [
      'a malformed region',
      { region: 'us_east_1' },
      'spec.region',
      '"us_east_1" is not an AWS region name such as us-east-1',
    ],
    [
      'a reserved tag key',
      { tags: { 'aws:owner': 'x' } },
      'spec.tags["aws:owner"]',
      'tag key "aws:owner" starts with the reserved prefix "aws:"',
    ],
    [
      'our own tag key',
      { tags: { 'ecsgmsa.io/name': 'x' } },
      'spec.tags["ecsgmsa.io/name"]',
      'tag key "ecsgmsa.io/name" starts with the reserved prefix "ecsgmsa.io/"',
    ],
    [
      'a tag value over 256 characters',
      { tags: { team: 'x'.repeat(257) } },
      'spec.tags["team"]',
      'tag value is 257 characters; at most 256 allowed',
    ],
    [
      'a reserved tag key in capitals',
      { tags: { 'AWS:owner': 'x' } },
      'spec.tags["AWS:owner"]',
      'tag key "AWS:owner" starts with the reserved prefix "aws:"',
    ],
    [
      'our own tag key in another letter case',
      { tags: { 'EcsGmsa.IO/cluster': 'x' } },
      'spec.tags["EcsGmsa.IO/cluster"]',
      'tag key "EcsGmsa.IO/cluster" starts with the reserved prefix "ecsgmsa.io/"',
    ],
    [
      'a tag key with a character AWS refuses',
      { tags: { 'cost-center!': 'x' } },
      'spec.tags["cost-center!"]',
      'tag key holds "!", which AWS refuses in tags (letters, digits, spaces and _ . : / = + - @ only)',
    ],
    [
      'a tag value with a comma',
      { tags: { owners: 'a,b' } },
      'spec.tags["owners"]',
      'tag value holds ",", which AWS refuses in tags (letters, digits, spaces and _ . : / = + - @ only)',
    ],
    [
      'a tag value with a control character (shown escaped)',
      { tags: { note: 'line\nbreak' } },
      'spec.tags["note"]',
      'tag value holds "\\n", which AWS refuses in tags (letters, digits, spaces and _ . : / = + - @ only)',
    ],
    [
      'a tag key of 129 characters',
      { tags: { ['k'.repeat(129)]: 'v' } },
      `spec.tags["${'k'.repeat(129)}"]`,
      'tag key is 129 characters; 1-128 allowed',
    ],
    ['an empty tag key', { tags: { '': 'v' } }, 'spec.tags[""]', 'tag key is 0 characters; 1-128 allowed'],
    [
      '7 user tags on an S3 object',
      {
        storage: { s3: { bucket: 'bkt', key: 'k' } },
        tags: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`t${i}`, 'v'])),
      },
      'spec.tags',
      "7 tags; at most 6 fit beside the operator's ownership tags",
    ],
    [
      'an additional account over 15 characters',
      { additionalAccounts: [{ name: 'ReportingService01', scope: 'contoso.com' }] },
      'spec.additionalAccounts[0].name',
      '"ReportingService01" is 18 characters; a gMSA sAMAccountName allows at most 15 plus "$"',
    ],
  ])('rejects %s', (_name, overrides, field, message) => {
    expect(validateGmsaCredentialSpecSpec(credSpecSpec(overrides))).toContainEqual({
      field,
      message,
      severity: 'error',
    });
  });

  it.each<[string, Partial<GmsaCredentialSpecSpec>]>([
    ['a 14-character account', { account: 'WebApplication' }],
    ['a 15-character account (AD allows 15 plus "$")', { account: 'WebApplication1' }],
    ['a 15-character additional account', { additionalAccounts: [{ name: 'ReportingSvc001', scope: 'contoso.com' }] }],
    [
      'Windows domainless in SSM',
      { domainless: domainless({ store: 'SsmParameter', name: '/gmsa/webapp01/ad-user' }) },
    ],
    [
      'Linux domainless in Secrets Manager with S3 storage',
      {
        hostOs: 'Linux',
        storage: { s3: { bucket: 'my-bucket', key: 'gmsa/webapp01.json' } },
        domainless: domainless(),
      },
    ],
    ['a nested local file', { storage: { localFile: { path: 'team-a\\webapp01.json' } } }],
    ['recovery window 0', { domainless: domainless({ recoveryWindowDays: 0 }) }],
    [
      '6 user tags on an S3 object',
      {
        storage: { s3: { bucket: 'bkt', key: 'k' } },
        tags: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`t${i}`, 'v'])),
      },
    ],
    ['a GovCloud region', { region: 'us-gov-west-1' }],
    [
      'tags of every character AWS allows: letters of any script, digits, spaces, _ . : / = + - @, and an empty value',
      { tags: { 'Équipe 漢字_1.a:b/c=d+e-f@g': 'Zoë 2 ü_.:/=+-@', empty: '' } },
    ],
    ['a tag key of 128 and a value of 256 characters', { tags: { ['k'.repeat(128)]: 'v'.repeat(256) } }],
    ['a 256-character value of 2-unit characters (lengths count characters)', { tags: { t: '𝔸'.repeat(256) } }],
    ['a tag key that only contains "aws:" further in', { tags: { 'team:aws:x': 'v' } }],
  ])('accepts %s', (_name, overrides) => {
    expect(validateGmsaCredentialSpecSpec(credSpecSpec(overrides))).toStrictEqual([]);
  });

  it('rejects a CredSpec larger than its SSM tier', () => {
    const big = 'x'.repeat(4097);
    expect(checkDocumentSize(credSpecSpec(), big)).toStrictEqual([
      {
        field: 'spec.storage.ssm',
        message:
          'the CredSpec is 4097 bytes; a Standard parameter holds 4096: set storage.ssm.tier to Advanced or use storage.s3',
        severity: 'error',
      },
    ]);
    expect(
      checkDocumentSize(credSpecSpec({ storage: { ssm: { parameterName: '/a', tier: 'Advanced' } } }), big),
    ).toStrictEqual([]);
  });
});

describe('one parameter per purpose', () => {
  it('refuses the same SSM parameter for the CredSpec and the credentials', async () => {
    const { validateGmsaCredentialSpecSpec } = await import('../../../src/domain/validation/credentialSpecRules.js');
    const spec = {
      hostOs: 'Windows' as const,
      account: 'WebApp01',
      domain: {
        dnsName: 'contoso.com',
        netBiosName: 'CONTOSO',
        sid: 'S-1-5-21-1-2-3',
        guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
      },
      storage: { ssm: { parameterName: '/gmsa/a/x' } },
    };
    const same = validateGmsaCredentialSpecSpec({
      ...spec,
      domainless: { credentialsSecretRef: { name: 's' }, store: 'SsmParameter', name: '/gmsa/a/x' },
    });
    expect(same.map((i) => i.field)).toStrictEqual(['spec.domainless.name']);
    expect(
      validateGmsaCredentialSpecSpec({
        ...spec,
        domainless: { credentialsSecretRef: { name: 's' }, store: 'SsmParameter', name: '/gmsa/a/y' },
      }),
    ).toStrictEqual([]);
  });
});

// Validation of a GmsaCredentialSpec spec on its own: every DOMAIN-RULES.md rule about the identity and its storage.
import * as L from '../../api/limits.js';
import type { DomainlessCredentials, GmsaCredentialSpecSpec } from '../../api/types.js';
import {
  checkAccountName,
  checkDnsName,
  checkDomainSid,
  checkGuid,
  checkKmsKey,
  checkNetBiosName,
  checkRegion,
  checkTagMap,
} from './formats.js';
import { directoryIssues, omittedDomainIssues } from './directoryRules.js';
import { error, type ValidationIssue } from './issue.js';
import {
  checkBucketName,
  checkLocalFilePath,
  checkObjectKey,
  checkSecretName,
  checkSsmParameterName,
} from './storageFormats.js';

type Rule = (spec: GmsaCredentialSpecSpec) => ValidationIssue[];

const identity: Rule = (spec) => {
  const d = spec.domain;
  return [
    ...checkAccountName('spec.account', spec.account),
    ...checkDnsName('spec.domain.dnsName', d.dnsName),
    ...(d.dnsTreeName !== undefined ? checkDnsName('spec.domain.dnsTreeName', d.dnsTreeName) : []),
    ...(d.netBiosName !== undefined ? checkNetBiosName('spec.domain.netBiosName', d.netBiosName) : []),
    ...(d.sid !== undefined ? checkDomainSid('spec.domain.sid', d.sid) : []),
    ...(d.guid !== undefined ? checkGuid('spec.domain.guid', d.guid) : []),
    ...omittedDomainIssues(spec),
  ];
};

const additionalAccounts: Rule = (spec) =>
  (spec.additionalAccounts ?? []).flatMap((a, i) => {
    const field = `spec.additionalAccounts[${i}]`;
    const issues = checkAccountName(`${field}.name`, a.name);
    if (a.scope.length === 0 || a.scope.length > L.DNS_NAME_MAX)
      issues.push(error(`${field}.scope`, 'must be the DNS or NetBIOS name of a domain'));
    return issues;
  });

const storageChoice: Rule = ({ storage, hostOs }) => {
  const set = (['ssm', 's3', 'localFile'] as const).filter((k) => storage[k] !== undefined);
  if (set.length !== 1)
    return [
      error(
        'spec.storage',
        `exactly one of storage.ssm, storage.s3 or storage.localFile must be set (found ${set.length === 0 ? 'none' : set.join(', ')})`,
      ),
    ];
  if (storage.localFile && hostOs !== 'Windows') {
    return [
      error(
        'spec.storage.localFile',
        'storage.localFile is only supported on Windows hosts; use storage.ssm or storage.s3 for Linux',
      ),
    ];
  }
  return [];
};

const storageNames: Rule = ({ storage }) => [
  ...(storage.ssm ? checkSsmParameterName('spec.storage.ssm.parameterName', storage.ssm.parameterName) : []),
  ...(storage.s3
    ? [
        ...checkBucketName('spec.storage.s3.bucket', storage.s3.bucket),
        ...checkObjectKey('spec.storage.s3.key', storage.s3.key),
      ]
    : []),
  ...(storage.s3?.kmsKeyId ? checkKmsKey('spec.storage.s3.kmsKeyId', storage.s3.kmsKeyId) : []),
  ...(storage.localFile ? checkLocalFilePath('spec.storage.localFile.path', storage.localFile.path) : []),
];

function recoveryWindow(d: DomainlessCredentials): ValidationIssue[] {
  const days = d.recoveryWindowDays;
  if (days === undefined || days === 0 || (days >= L.RECOVERY_WINDOW_MIN && days <= L.RECOVERY_WINDOW_MAX)) return [];
  return [
    error(
      'spec.domainless.recoveryWindowDays',
      `${days} is not allowed; use 0 (delete without recovery) or ${L.RECOVERY_WINDOW_MIN}-${L.RECOVERY_WINDOW_MAX}`,
    ),
  ];
}

const domainless: Rule = ({ domainless: d, hostOs }) => {
  if (!d) return [];
  const store = d.store ?? 'SecretsManager';
  const issues: ValidationIssue[] = [];
  if (store === 'SsmParameter' && hostOs === 'Linux') {
    issues.push(
      error(
        'spec.domainless.store',
        'Linux hosts read domainless credentials only from Secrets Manager: set domainless.store to SecretsManager',
      ),
    );
  }
  const nameIssues =
    store === 'SsmParameter'
      ? checkSsmParameterName('spec.domainless.name', d.name, true)
      : checkSecretName('spec.domainless.name', d.name);
  issues.push(...nameIssues, ...recoveryWindow(d));
  if (d.kmsKeyId) issues.push(...checkKmsKey('spec.domainless.kmsKeyId', d.kmsKeyId));
  return issues;
};

/** One parameter cannot hold both the CredSpec (String) and the credentials (SecureString). */
const distinctParameters: Rule = ({ storage, domainless: d }) =>
  d?.store === 'SsmParameter' && storage.ssm?.parameterName === d.name
    ? [
        error(
          'spec.domainless.name',
          `"${d.name}" is also storage.ssm.parameterName: the CredSpec and the AD user credentials need two parameters`,
        ),
      ]
    : [];

const regionAndTags: Rule = ({ region, tags, storage }) => [
  ...(region !== undefined ? checkRegion('spec.region', region) : []),
  ...(tags ? checkTagMap('spec.tags', tags, storage.s3 ? L.MAX_USER_TAGS_S3 : L.MAX_USER_TAGS) : []),
];

const rules: readonly Rule[] = [
  identity,
  additionalAccounts,
  storageChoice,
  storageNames,
  domainless,
  distinctParameters,
  regionAndTags,
  directoryIssues,
];

/** Every error and warning about `spec` on its own (cross-object rules are separate). */
export function validateGmsaCredentialSpecSpec(spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  return rules.flatMap((rule) => rule(spec));
}

/** The rendered document must fit its SSM tier (4 KB Standard, 8 KB Advanced). */
export function checkDocumentSize(spec: GmsaCredentialSpecSpec, bytes: string): ValidationIssue[] {
  if (!spec.storage.ssm) return [];
  const size = Buffer.byteLength(bytes, 'utf8');
  const advanced = spec.storage.ssm.tier === 'Advanced';
  const max = advanced ? L.SSM_ADVANCED_MAX_BYTES : L.SSM_STANDARD_MAX_BYTES;
  if (size <= max) return [];
  const hint = advanced ? 'use storage.s3' : 'set storage.ssm.tier to Advanced or use storage.s3';
  return [
    error(
      'spec.storage.ssm',
      `the CredSpec is ${size} bytes; a ${advanced ? 'Advanced' : 'Standard'} parameter holds ${max}: ${hint}`,
    ),
  ];
}

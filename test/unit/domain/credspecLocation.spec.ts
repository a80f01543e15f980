import { credentialSpecLocation, credentialSpecReference } from '../../../src/domain/credspec/location.js';
import { partitionOf } from '../../../src/domain/partition.js';
import { credSpecSpec, domainless, scope } from '../../fixtures/builders.js';
import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';

describe('CredSpec location and reference', () => {
  // The seed's three credentialSpecs forms, with its placeholders filled in.
  it.each<[string, Partial<GmsaCredentialSpecSpec>, string]>([
    [
      'S3, domainless (seed form 1)',
      { storage: { s3: { bucket: 'my-bucket', key: 'gmsa/webapp01.json' } }, domainless: domainless() },
      'credentialspecdomainless:arn:aws:s3:::my-bucket/gmsa/webapp01.json',
    ],
    [
      'SSM, domainless (seed form 2)',
      { storage: { ssm: { parameterName: 'parameter_name' } }, domainless: domainless() },
      'credentialspecdomainless:arn:aws:ssm:us-east-1:111122223333:parameter/parameter_name',
    ],
    [
      'local file, domain-joined (seed form 3)',
      { storage: { localFile: { path: 'CredentialSpecDir\\CredentialSpecFile.json' } } },
      'credentialspec:file://CredentialSpecDir\\CredentialSpecFile.json',
    ],
    [
      'SSM hierarchy drops the leading slash in the ARN',
      {},
      'credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec',
    ],
    [
      'local file, domainless',
      { storage: { localFile: { path: 'webapp01.json' } }, domainless: domainless() },
      'credentialspecdomainless:file://webapp01.json',
    ],
  ])('%s', (_name, overrides, expected) => {
    const spec = credSpecSpec(overrides);
    expect(credentialSpecReference(spec, credentialSpecLocation(spec, scope))).toBe(expected);
  });

  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('region %s is in partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  it.each([
    ['aws-cn', 'cn-north-1', 'arn:aws-cn:ssm:cn-north-1:111122223333:parameter/gmsa/webapp01/credspec'],
    ['aws-us-gov', 'us-gov-west-1', 'arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/gmsa/webapp01/credspec'],
  ] as const)('SSM ARN in partition %s', (partition, region, arn) => {
    expect(credentialSpecLocation(credSpecSpec(), { ...scope, partition, region }).arn).toBe(arn);
  });

  it('S3 ARNs carry the partition but neither region nor account', () => {
    const spec = credSpecSpec({ storage: { s3: { bucket: 'b-1', key: 'k.json' } } });
    expect(credentialSpecLocation(spec, { ...scope, partition: 'aws-cn', region: 'cn-north-1' }).arn).toBe(
      'arn:aws-cn:s3:::b-1/k.json',
    );
  });
});

import type { CredentialsRecord, StorageLocation } from '../../../src/api/types.js';
import { PREVIOUS_OBJECTS_MAX } from '../../../src/api/limits.js';
import {
  credentialsRecordFromArn,
  keepRetired,
  recordLimitIssues,
  recordsOf,
  transition,
  type Records,
} from '../../../src/controllers/gmsaCredentialSpec/plan.js';

const ssm = (name: string, region = 'us-east-1'): StorageLocation => ({
  kind: 'ssm',
  arn: `arn:aws:ssm:${region}:111122223333:parameter${name}`,
  region,
  parameterName: name,
});
const s3 = (key: string): StorageLocation => ({
  kind: 's3',
  arn: `arn:aws:s3:::b/${key}`,
  region: 'us-east-1',
  bucket: 'b',
  key,
});
const file = (path: string, configMapName = 'web-credspec'): StorageLocation => ({
  kind: 'localFile',
  arn: `file://${path}`,
  region: 'us-east-1',
  configMapName,
});
const secret = (name: string, arn?: string): CredentialsRecord => ({
  store: 'SecretsManager',
  region: 'us-east-1',
  name,
  ...(arn ? { arn } : {}),
});
const param = (name: string): CredentialsRecord => ({ store: 'SsmParameter', region: 'us-east-1', name });

describe('transition: the records written before anything is created', () => {
  it.each<[string, Records, { location: StorageLocation; credentials?: CredentialsRecord }, Records, string[]]>([
    [
      'a first reconcile records the location and credentials, retiring nothing',
      {},
      { location: ssm('/a'), credentials: secret('s') },
      { credentialSpecLocation: ssm('/a'), credentials: secret('s') },
      [],
    ],
    [
      'steady state changes nothing and keeps the known ARN',
      { credentialSpecLocation: ssm('/a'), credentials: secret('s', 'arn:s-AbCdEf') },
      { location: ssm('/a'), credentials: secret('s') },
      { credentialSpecLocation: ssm('/a'), credentials: secret('s', 'arn:s-AbCdEf') },
      [],
    ],
    [
      'a renamed parameter retires the old location',
      { credentialSpecLocation: ssm('/a') },
      { location: ssm('/b') },
      { credentialSpecLocation: ssm('/b') },
      ['SsmParameter/us-east-1//a'],
    ],
    [
      'a region change retires the location in the old region',
      { credentialSpecLocation: ssm('/a') },
      { location: ssm('/a', 'eu-west-1') },
      { credentialSpecLocation: ssm('/a', 'eu-west-1') },
      ['SsmParameter/us-east-1//a'],
    ],
    [
      'a store change (SSM to S3) retires the parameter',
      { credentialSpecLocation: ssm('/a') },
      { location: s3('k.json') },
      { credentialSpecLocation: s3('k.json') },
      ['SsmParameter/us-east-1//a'],
    ],
    [
      'a new localFile path is the same ConfigMap: nothing is retired',
      { credentialSpecLocation: file('a.json') },
      { location: file('b.json') },
      { credentialSpecLocation: file('b.json') },
      [],
    ],
    [
      'returning to a previous location takes it off the previous list',
      { credentialSpecLocation: ssm('/b'), previousLocations: [ssm('/a')] },
      { location: ssm('/a') },
      { credentialSpecLocation: ssm('/a') },
      ['SsmParameter/us-east-1//b'],
    ],
    [
      'renamed credentials retire the old secret',
      { credentialSpecLocation: ssm('/a'), credentials: secret('s', 'arn:s') },
      { location: ssm('/a'), credentials: secret('t') },
      { credentialSpecLocation: ssm('/a'), credentials: secret('t') },
      ['Secret/us-east-1/s'],
    ],
    [
      'a store change of the credentials retires the secret',
      { credentialSpecLocation: ssm('/a'), credentials: secret('s') },
      { location: ssm('/a'), credentials: param('/p') },
      { credentialSpecLocation: ssm('/a'), credentials: param('/p') },
      ['Secret/us-east-1/s'],
    ],
    [
      'removing domainless retires the credentials',
      { credentialSpecLocation: ssm('/a'), credentials: secret('s') },
      { location: ssm('/a') },
      { credentialSpecLocation: ssm('/a') },
      ['Secret/us-east-1/s'],
    ],
    [
      'returning to earlier credentials restores their ARN',
      {
        credentialSpecLocation: ssm('/a'),
        credentials: secret('t'),
        previousCredentials: [secret('s', 'arn:s-AbCdEf')],
      },
      { location: ssm('/a'), credentials: secret('s') },
      { credentialSpecLocation: ssm('/a'), credentials: secret('s', 'arn:s-AbCdEf') },
      ['Secret/us-east-1/t'],
    ],
  ])('%s', (_name, records, desired, next, retiredKeys) => {
    const result = transition(records, desired);
    expect(result.next).toStrictEqual(next);
    expect(
      result.retired.map((r) =>
        `${r.object.type}/${'region' in r.object ? r.object.region : ''}/${'name' in r.object ? r.object.name : ''}`.replace(
          '//',
          '/',
        ),
      ),
    ).toStrictEqual(retiredKeys.map((k) => k.replace('//', '/')));
  });

  it('keeps a retired object that was found ours as previous, of its own kind', () => {
    const { next, retired } = transition(
      { credentialSpecLocation: ssm('/a'), credentials: secret('s') },
      { location: ssm('/b'), credentials: secret('t') },
    );
    const kept = retired.reduce(keepRetired, next);
    expect(kept).toStrictEqual({
      credentialSpecLocation: ssm('/b'),
      credentials: secret('t'),
      previousLocations: [ssm('/a')],
      previousCredentials: [secret('s')],
    });
  });

  it('keeps a retired object once, however often it is retired (a failing reconcile repeats the transition)', () => {
    const first = transition({ credentialSpecLocation: ssm('/a'), credentials: secret('s') }, { location: ssm('/a') });
    const once = first.retired.reduce(keepRetired, first.next);
    const again = transition({ ...once, credentials: secret('s') }, { location: ssm('/a') });
    expect(again.retired.reduce(keepRetired, again.next)).toStrictEqual({
      credentialSpecLocation: ssm('/a'),
      previousCredentials: [secret('s')],
    });
  });

  it('refuses to keep more earlier objects than status holds', () => {
    const full: Records = {
      credentialSpecLocation: ssm('/x'),
      previousLocations: Array.from({ length: PREVIOUS_OBJECTS_MAX + 1 }, (_, i) => ssm(`/p${i}`)),
    };
    expect(recordLimitIssues(full).map((i) => i.field)).toStrictEqual(['spec.storage']);
    expect(recordLimitIssues({ ...full, previousLocations: full.previousLocations?.slice(1) })).toStrictEqual([]);
  });
});

describe('recordsOf: statuses written before credentials were recorded', () => {
  it.each([
    [
      'a Secrets Manager ARN',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:gmsa/team-a/user-AbCdEf',
      {
        store: 'SecretsManager',
        region: 'eu-west-1',
        name: 'gmsa/team-a/user',
        arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:gmsa/team-a/user-AbCdEf',
      },
    ],
    [
      'an SSM parameter ARN',
      'arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/gmsa/team-a/user',
      {
        store: 'SsmParameter',
        region: 'us-gov-west-1',
        name: '/gmsa/team-a/user',
        arn: 'arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/gmsa/team-a/user',
      },
    ],
    ['something else', 'arn:aws:s3:::bucket/key', undefined],
  ])('reads the credentials record back from %s', (_name, arn, record) => {
    expect(credentialsRecordFromArn(arn)).toStrictEqual(record);
    expect(recordsOf({ credentialsArn: arn }).credentials).toStrictEqual(record);
  });

  it('prefers the recorded credentials and drops empty lists', () => {
    expect(
      recordsOf({
        credentials: secret('s'),
        credentialsArn: 'arn:aws:secretsmanager:us-east-1:1:secret:other-AbCdEf',
        previousLocations: [],
      }),
    ).toStrictEqual({ credentials: secret('s') });
  });
});

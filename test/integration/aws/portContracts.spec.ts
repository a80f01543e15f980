// The AWS port contracts against the adapters over moto: the reference the fakes in test/fakes are held
// to (test/unit/fakes/awsPortContracts.spec.ts runs the same cases against them).
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { resetAws, testEnv } from '../../env/connect.js';
import { objectStoreContract } from '../../contracts/objectStore.js';
import { parameterStoreContract } from '../../contracts/parameterStore.js';
import type { PortsUnderTest } from '../../contracts/portsUnderTest.js';
import { secretStoreContract } from '../../contracts/secretStore.js';
import { taskDefinitionsContract } from '../../contracts/taskDefinitions.js';
import { testPorts, uniqueName, type TestPorts } from './awsTestPorts.js';

let t: TestPorts;
let admin: S3Client;
let subject: PortsUnderTest;

beforeAll(async () => {
  await resetAws();
  t = testPorts();
  admin = new S3Client(testEnv().awsClientConfig());
  subject = {
    ports: t.ports,
    region: t.region,
    accountId: '123456789012',
    unique: uniqueName,
    createBucket: async (bucket) => void (await admin.send(new CreateBucketCommand({ Bucket: bucket }))),
  };
});
afterAll(() => {
  t.factory.close();
  admin.destroy();
});

describe('the SSM adapter keeps the ParameterStore contract', () => parameterStoreContract(() => subject));
describe('the Secrets Manager adapter keeps the SecretStore contract', () => secretStoreContract(() => subject));
describe('the S3 adapter keeps the ObjectStore contract', () => objectStoreContract(() => subject));
describe('the ECS adapter keeps the TaskDefinitions contract', () => taskDefinitionsContract(() => subject));

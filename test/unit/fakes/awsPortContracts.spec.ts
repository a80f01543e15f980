// The AWS port contracts against the fakes (test/integration/aws/portContracts.spec.ts runs the same
// cases against the adapters over moto).
import { FakeAws } from '../../fakes/aws.js';
import { objectStoreContract } from '../../contracts/objectStore.js';
import { parameterStoreContract } from '../../contracts/parameterStore.js';
import type { PortsUnderTest } from '../../contracts/portsUnderTest.js';
import { secretStoreContract } from '../../contracts/secretStore.js';
import { taskDefinitionsContract } from '../../contracts/taskDefinitions.js';

function fakes(): PortsUnderTest {
  const aws = new FakeAws();
  const region = 'us-east-1';
  const ports = aws.forRegion(region);
  let seq = 0;
  return {
    ports,
    region,
    accountId: aws.accountId,
    unique: (prefix) => `${prefix}-${(seq += 1)}`,
    createBucket: (bucket) => Promise.resolve(ports.objects.createBucket(bucket)),
  };
}

const subject = fakes();

describe('the fake ParameterStore keeps the contract of the SSM adapter', () => parameterStoreContract(() => subject));
describe('the fake SecretStore keeps the contract of the Secrets Manager adapter', () =>
  secretStoreContract(() => subject));
describe('the fake ObjectStore keeps the contract of the S3 adapter', () => objectStoreContract(() => subject));
describe('the fake TaskDefinitions keep the contract of the ECS adapter', () => taskDefinitionsContract(() => subject));

// Ports over the shared test environment's moto, with every AWS call recorded for assertions.
import type { AwsOutcome } from '../../../src/aws/call.js';
import { createAwsPortsFactory, type ClosableAwsPortsFactory } from '../../../src/aws/factory.js';
import type { AwsPorts } from '../../../src/aws/ports.js';
import { testEnv } from '../../env/connect.js';

export interface RecordedCall {
  service: string;
  operation: string;
  outcome: AwsOutcome;
}

export interface TestPorts {
  ports: AwsPorts;
  region: string;
  factory: ClosableAwsPortsFactory;
  /** Every call made through `ports`, in order. */
  calls: RecordedCall[];
  /** Calls of one operation, e.g. `count('ecs', 'RegisterTaskDefinition')`. */
  count(service: string, operation: string): number;
}

/** A factory against moto with the default rate limits lifted (tests are not benchmarks of the limiter). */
export function testPorts(): TestPorts {
  const env = testEnv();
  const config = env.awsClientConfig();
  const calls: RecordedCall[] = [];
  const factory = createAwsPortsFactory({
    endpoint: config.endpoint,
    credentials: config.credentials,
    limits: { '*': 'unlimited' },
    recorder: (service, operation, outcome) => calls.push({ service, operation, outcome }),
  });
  return {
    ports: factory.forRegion(env.region),
    region: env.region,
    factory,
    calls,
    count: (service, operation) => calls.filter((c) => c.service === service && c.operation === operation).length,
  };
}

let seq = 0;
/** A name unique within this test run, so tests never see each other's objects. */
export function uniqueName(prefix: string): string {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}`;
}

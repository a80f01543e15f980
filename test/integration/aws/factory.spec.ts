import { createAwsPortsFactory } from '../../../src/aws/factory.js';
import type { LimiterClock } from '../../../src/aws/rateBucket.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { testPorts, uniqueName } from './awsTestPorts.js';

describe('createAwsPortsFactory against moto', () => {
  beforeAll(() => resetAws());

  it('hands out the same ports for a region and separate ones per region', async () => {
    const t = testPorts();
    try {
      const east = t.factory.forRegion('us-east-1');
      const west = t.factory.forRegion('us-west-2');
      expect(t.factory.forRegion('us-east-1')).toBe(east);
      expect(west).not.toBe(east);
      const name = `/gmsa/${uniqueName('region')}`;
      await west.parameters.put({ name, value: 'x', type: 'String', overwrite: false });
      await expect(east.parameters.get(name)).resolves.toBeUndefined();
      await expect(west.parameters.get(name)).resolves.toMatchObject({
        arn: `arn:aws:ssm:us-west-2:123456789012:parameter${name}`,
      });
    } finally {
      t.factory.close();
    }
  });

  it('records every call with service, operation and outcome, and nothing else', async () => {
    const t = testPorts();
    try {
      const name = `/gmsa/${uniqueName('rec')}`;
      await t.ports.parameters.put({ name, value: 'secret-ish', type: 'SecureString', overwrite: false });
      await t.ports.parameters.get(`${name}-missing`);
      expect(t.calls).toStrictEqual([
        { service: 'ssm', operation: 'PutParameter', outcome: 'success' },
        { service: 'ssm', operation: 'GetParameter', outcome: 'not_found' },
      ]);
    } finally {
      t.factory.close();
    }
  });

  it('waits on the rate limiter before each call (ssm.PutParameter=2/1 spaces calls 500 ms apart)', async () => {
    const config = testEnv().awsClientConfig();
    const sleeps: number[] = [];
    let now = 0;
    // Time jumps to each timer as it is set: the calls' spacing is what the limiter asked for.
    const clock: LimiterClock = {
      now: () => now,
      schedule: (ms, fn) => {
        sleeps.push(ms);
        now += ms;
        setImmediate(fn);
        return () => undefined;
      },
    };
    const factory = createAwsPortsFactory({
      endpoint: config.endpoint,
      credentials: config.credentials,
      limits: { 'ssm.PutParameter': { qps: 2, burst: 1 } },
      clock,
    });
    try {
      const ports = factory.forRegion(testEnv().region);
      const base = `/gmsa/${uniqueName('rl')}`;
      await Promise.all(
        [1, 2, 3].map((i) =>
          ports.parameters.put({ name: `${base}/${i}`, value: 'x', type: 'String', overwrite: false }),
        ),
      );
      expect(sleeps).toStrictEqual([500, 500]);
    } finally {
      factory.close();
    }
  });
});

// Rate limits learned from AWS's throttling, against moto behind the recording proxy that enforces a quota
// per operation as AWS does. Real time: each case takes seconds.
import { createAwsPortsFactory, type ClosableAwsPortsFactory } from '../../../src/aws/factory.js';
import type { AwsPorts } from '../../../src/aws/ports.js';
import { startAwsProxy, type AwsProxy, type ProxyQuota } from '../../support/awsProxy.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { uniqueName } from './awsTestPorts.js';

interface Rig {
  proxy: AwsProxy;
  factory: ClosableAwsPortsFactory;
  ports: AwsPorts;
  close(): Promise<void>;
}

/** The default limits (learning on) against moto behind a proxy enforcing `quota` on `operation`. */
async function rig(operation: string, quota: ProxyQuota): Promise<Rig> {
  const proxy = await startAwsProxy(testEnv().awsEndpoint);
  proxy.throttleAbove({ [operation]: quota });
  const factory = createAwsPortsFactory({
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  return {
    proxy,
    factory,
    ports: factory.forRegion(testEnv().region),
    close: async () => {
      factory.close();
      await proxy.close();
    },
  };
}

/** Puts `n` String parameters at once, each retried (as the work queue would) until it succeeds. */
async function putMany(ports: AwsPorts, n: number): Promise<void> {
  const base = `/gmsa/${uniqueName('aimd')}`;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      for (;;) {
        try {
          await ports.parameters.put({ name: `${base}/${i}`, value: 'v', type: 'String', overwrite: false });
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }),
  );
}

const throttled = (proxy: AwsProxy): number => proxy.calls.filter((c) => c.throttled).length;

describe('rate limits learned from throttling (through the recording proxy)', () => {
  beforeAll(() => resetAws());

  it('learns from a throttle the SDK retried away: the limit drops even though the call succeeded', async () => {
    const r = await rig('ssm.GetParameter', { qps: 5, burst: 1 });
    try {
      const names = [1, 2, 3].map(() => `/gmsa/${uniqueName('none')}`);
      const results = await Promise.allSettled(names.map((n) => r.ports.parameters.get(n)));
      const retriedAway = names.filter((n, i) => {
        const throttledFirst = r.proxy.calls.some((c) => c.subject === n && c.throttled);
        return results[i]?.status === 'fulfilled' && throttledFirst;
      });
      expect(retriedAway.length).toBeGreaterThan(0);
      expect(r.factory.limits().get(`${testEnv().region}:ssm.reads`)?.qps).toBeLessThan(40);
    } finally {
      await r.close();
    }
  });

  it('uses a raised quota without configuration: 90 PutParameter under an 8/s quota finish well before 3/s allows', async () => {
    const r = await rig('ssm.PutParameter', { qps: 8, burst: 8 });
    try {
      const started = Date.now();
      await putMany(r.ports, 90);
      const seconds = (Date.now() - started) / 1000;
      // A fixed 3/s (burst 3) needs 29 s; learning climbs by 0.3/s each second.
      expect(seconds).toBeLessThan(24);
      expect(r.factory.limits().get(`${testEnv().region}:ssm.PutParameter`)?.qps).toBeGreaterThan(4);
      expect(throttled(r.proxy)).toBeLessThan(90 * 0.15);
    } finally {
      await r.close();
    }
  });

  it('does not storm a lowered quota: under 1/s, throttled answers stay a small share and the limit comes down', async () => {
    const r = await rig('ssm.PutParameter', { qps: 1, burst: 1 });
    try {
      await putMany(r.ports, 20);
      const puts = r.proxy.calls.filter((c) => c.operation === 'PutParameter');
      expect(puts.length - throttled(r.proxy)).toBe(20);
      expect(throttled(r.proxy)).toBeLessThanOrEqual(10);
      expect(r.factory.limits().get(`${testEnv().region}:ssm.PutParameter`)?.qps).toBeLessThan(3);
    } finally {
      await r.close();
    }
  });
});

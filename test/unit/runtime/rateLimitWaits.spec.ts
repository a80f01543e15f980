// A reconcile that waits for an AWS rate-limit slot, as main.ts wires it: the limiter's hooks are the
// reconcile scope's. It says so once, gives its worker slot back, and is cut short by a stop.
import { Writable } from 'node:stream';
import { createAwsRateLimiter, type AwsRateLimiter } from '../../../src/aws/rateLimits.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { Controller } from '../../../src/runtime/controller.js';
import { exponentialBackoff } from '../../../src/runtime/rateLimiters.js';
import { ReconcileScopes, type LongWait } from '../../../src/runtime/reconcileScope.js';
import { done } from '../../../src/runtime/result.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

const silent = createLogger({
  level: 'error',
  format: 'json',
  stream: new Writable({ write: (_chunk, _enc, next) => next() }),
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

interface Rig {
  clock: FakeClock;
  controller: Controller;
  limiter: AwsRateLimiter;
  log: string[];
}

/** One worker; each reconcile registers once (ecs.RegisterTaskDefinition: 1/s, burst 20); waits of 0.5 s announced. */
function rig(): Rig {
  const clock = new FakeClock(0);
  const scopes = new ReconcileScopes();
  const limiter = createAwsRateLimiter({ clock, hooks: { ...scopes.hooks(), noticeMs: 500 } });
  const log: string[] = [];
  const controller = new Controller({
    name: 'task',
    clock,
    rateLimiter: exponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 60_000 }),
    logger: silent,
    metrics: new Metrics({ processMetrics: false }),
    concurrency: 1,
    scopes,
    reconciler: {
      reconcile: async (key) => {
        log.push(`${key}: describe`);
        scopes.reportWaitsWith((wait: LongWait) => {
          log.push(`${key}: status AwsRateLimited ${wait.operation} ~${wait.estimateMs / 1000} s`);
          return Promise.resolve();
        });
        await limiter.acquire('ecs', 'RegisterTaskDefinition');
        log.push(`${key}: register`);
        return done;
      },
    },
  });
  return { clock, controller, limiter, log };
}

describe('a reconcile waiting for an AWS rate-limit slot', () => {
  it('reports the wait once, frees its worker, and registers when its slot comes, without reading again', async () => {
    const r = rig();
    for (let i = 0; i < 20; i++) await r.limiter.acquire('ecs', 'RegisterTaskDefinition'); // the burst is spent
    r.controller.start();
    for (const key of ['a', 'b', 'c']) r.controller.enqueue(key);
    await settle();
    // One worker, yet all three got through their reads and said they wait.
    expect(r.log).toStrictEqual([
      'a: describe',
      'a: status AwsRateLimited ecs.RegisterTaskDefinition ~1 s',
      'b: describe',
      'b: status AwsRateLimited ecs.RegisterTaskDefinition ~2 s',
      'c: describe',
      'c: status AwsRateLimited ecs.RegisterTaskDefinition ~3 s',
    ]);
    for (let s = 0; s < 3; s++) {
      r.clock.advance(1000);
      await settle();
    }
    expect(r.log.filter((l) => l.endsWith('register'))).toStrictEqual(['a: register', 'b: register', 'c: register']);
    expect(r.log.filter((l) => l.endsWith('describe'))).toHaveLength(3);
    await r.controller.stop(1000);
  });

  it('ends the waits at stop, before anything is sent', async () => {
    const r = rig();
    for (let i = 0; i < 20; i++) await r.limiter.acquire('ecs', 'RegisterTaskDefinition');
    r.controller.start();
    r.controller.enqueue('a');
    r.controller.enqueue('b');
    await settle();
    const stopped = r.controller.stop(60_000);
    await settle();
    expect(await stopped).toBe(true);
    expect(r.log.some((l) => l.endsWith('register'))).toBe(false);
  });
});

// The controller loop counts reconciles as controller-runtime does (pkg/internal/controller:
// reconcileHandler and initMetrics), so dashboards and alerts written for controller-runtime work.
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { Controller } from '../../../src/runtime/controller.js';
import { exponentialBackoff } from '../../../src/runtime/rateLimiters.js';
import { done, requeueAfter, TerminalError, type ReconcileResult } from '../../../src/runtime/result.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

const silent = createLogger({
  level: 'error',
  format: 'json',
  stream: new Writable({ write: (_chunk, _enc, next) => next() }),
});

/** Runs one reconcile per key through a real Controller; each key's behaviour is given by `outcomes`. */
async function runOnce(outcomes: Record<string, () => ReconcileResult>): Promise<Metrics> {
  const metrics = new Metrics({ processMetrics: false });
  const seen = new Set<string>();
  const controller = new Controller({
    name: 'widget',
    clock: new FakeClock(),
    rateLimiter: exponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 60_000 }),
    logger: silent,
    metrics,
    reconciler: {
      reconcile: (key) => {
        seen.add(key);
        return Promise.resolve().then(() => outcomes[key]!());
      },
    },
  });
  for (const key of Object.keys(outcomes)) controller.enqueue(key);
  controller.start();
  while (seen.size < Object.keys(outcomes).length || controller.queue.len() > 0)
    await new Promise((r) => setImmediate(r));
  await controller.stop(1000);
  return metrics;
}

/** `name{labels} value` lines of one metric family, sorted. */
async function series(metrics: Metrics, name: string): Promise<string[]> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .map(
      (v) =>
        `${name}{${Object.entries(v.labels)
          .map(([k, l]) => `${k}="${String(l)}"`)
          .join(',')}} ${v.value}`,
    )
    .sort();
}

describe('controller-runtime reconcile metrics', () => {
  it('counts a terminal error as result="error" plus controller_runtime_terminal_reconcile_errors_total', async () => {
    const metrics = await runOnce({
      'ns/invalid': () => {
        throw new TerminalError('spec.account: invalid');
      },
    });
    expect(await series(metrics, 'controller_runtime_reconcile_total')).toEqual([
      'controller_runtime_reconcile_total{controller="widget",result="error"} 1',
      'controller_runtime_reconcile_total{controller="widget",result="requeue"} 0',
      'controller_runtime_reconcile_total{controller="widget",result="requeue_after"} 0',
      'controller_runtime_reconcile_total{controller="widget",result="success"} 0',
    ]);
    expect(await series(metrics, 'controller_runtime_reconcile_errors_total')).toEqual([
      'controller_runtime_reconcile_errors_total{controller="widget"} 1',
    ]);
    expect(await series(metrics, 'controller_runtime_terminal_reconcile_errors_total')).toEqual([
      'controller_runtime_terminal_reconcile_errors_total{controller="widget"} 1',
    ]);
  });

  it('counts each outcome once under controller-runtime label values only', async () => {
    const metrics = await runOnce({
      'ns/ok': () => done,
      'ns/later': () => requeueAfter(30_000),
      'ns/throttled': () => {
        throw new Error('ThrottlingException');
      },
      'ns/invalid': () => {
        throw new TerminalError('invalid');
      },
    });
    expect(await series(metrics, 'controller_runtime_reconcile_total')).toEqual([
      'controller_runtime_reconcile_total{controller="widget",result="error"} 2',
      'controller_runtime_reconcile_total{controller="widget",result="requeue"} 0',
      'controller_runtime_reconcile_total{controller="widget",result="requeue_after"} 1',
      'controller_runtime_reconcile_total{controller="widget",result="success"} 1',
    ]);
    expect(await series(metrics, 'controller_runtime_reconcile_errors_total')).toEqual([
      'controller_runtime_reconcile_errors_total{controller="widget"} 2',
    ]);
    expect(await series(metrics, 'controller_runtime_terminal_reconcile_errors_total')).toEqual([
      'controller_runtime_terminal_reconcile_errors_total{controller="widget"} 1',
    ]);
  });

  it('exports every series at 0 before the first reconcile', async () => {
    const metrics = await runOnce({});
    expect(await series(metrics, 'controller_runtime_reconcile_total')).toHaveLength(4);
    expect(await series(metrics, 'controller_runtime_terminal_reconcile_errors_total')).toEqual([
      'controller_runtime_terminal_reconcile_errors_total{controller="widget"} 0',
    ]);
    expect(await series(metrics, 'controller_runtime_max_concurrent_reconciles')).toEqual([
      'controller_runtime_max_concurrent_reconciles{controller="widget"} 4',
    ]);
    expect(await series(metrics, 'controller_runtime_active_workers')).toEqual([
      'controller_runtime_active_workers{controller="widget"} 0',
    ]);
  });
});

// The controller loop: keys from the work queue, reconciled with bounded concurrency, results mapped in one place.
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from './clock.js';
import type { RateLimiter } from './rateLimiters.js';
import { applyOutcome, TerminalError, type ReconcileResult } from './result.js';
import { WorkQueue } from './workQueue.js';

/** The whole contract of a reconciler: one key in, a result or an error out. Level-based. */
export interface Reconciler {
  reconcile(key: string, log: Logger): Promise<ReconcileResult>;
}

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  clock: Clock;
  rateLimiter: RateLimiter;
  logger: Logger;
  metrics: Metrics;
  /** Reconciles running at once across keys. @default 4 */
  concurrency?: number;
  /** Re-run every key this long after a success. @default 600000 (10 min) */
  resyncPeriodMs?: number;
}

/** Runs one reconciler over a work queue. */
export class Controller {
  readonly queue: WorkQueue;
  private readonly pool: PQueue;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ControllerOptions) {
    this.queue = new WorkQueue({
      clock: options.clock,
      rateLimiter: options.rateLimiter,
      observer: options.metrics.queueObserver(options.name),
    });
    this.pool = new PQueue({ concurrency: options.concurrency ?? 4 });
    options.metrics.controllerStarted(options.name, options.concurrency ?? 4);
  }

  get name(): string {
    return this.options.name;
  }

  /** Queues a key (`namespace/name`). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Starts pulling keys; returns at once. */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops intake and waits up to `timeoutMs` for reconciles in flight. Resolves true when all finished. */
  async stop(timeoutMs: number): Promise<boolean> {
    const drained = this.queue.shutDownWithDrain().then(() => true);
    const timeout = new Promise<boolean>((resolve) => this.options.clock.schedule(timeoutMs, () => resolve(false)));
    const finished = await Promise.race([drained, timeout]);
    await this.running;
    return finished;
  }

  private async loop(): Promise<void> {
    for (;;) {
      await this.pool.onSizeLessThan(1);
      const key = await this.queue.get();
      if (key === undefined) return;
      void this.pool.add(() => this.process(key));
    }
  }

  private async process(key: string): Promise<void> {
    const { name, metrics, clock } = this.options;
    const log = this.options.logger.child({ controller: name, key, reconcileID: randomUUID() });
    const started = clock.now();
    metrics.activeWorkers.inc({ controller: name });
    let outcome: { result?: ReconcileResult; error?: unknown };
    try {
      outcome = { result: await this.options.reconciler.reconcile(key, log) };
      metrics.reconcileSucceeded(name);
    } catch (error: unknown) {
      outcome = { error };
      const terminal = error instanceof TerminalError;
      log[terminal ? 'info' : 'warn']('reconcile failed', {
        error: error instanceof Error ? error.message : String(error),
        terminal,
      });
    } finally {
      metrics.activeWorkers.dec({ controller: name });
      metrics.reconcileTime.observe({ controller: name }, (clock.now() - started) / 1000);
    }
    metrics.reconciled(name, applyOutcome(this.queue, key, outcome, this.options.resyncPeriodMs ?? 600_000));
    this.queue.done(key);
  }
}

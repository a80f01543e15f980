// The controller loop: keys from the work queue, reconciled with bounded concurrency, results mapped in one
// place, periodic re-checks paced by the background budget.
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { BackgroundBudget } from './backgroundBudget.js';
import type { Clock } from './clock.js';
import type { RateLimiter } from './rateLimiters.js';
import { ReconcileScopes, type Scope } from './reconcileScope.js';
import { ResyncScheduler } from './resyncScheduler.js';
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
  /** Reconciles running at once across keys (reconciles parked in a rate-limit wait do not count). @default 4 */
  concurrency?: number;
  /** Re-check every key at most this often after a success (longer when the background budget says so). @default 600000 (10 min) */
  resyncPeriodMs?: number;
  /** The process's reconcile scopes (shared with the AWS layer). @default a private one */
  scopes?: ReconcileScopes;
  /** Paces periodic re-checks by a share of each AWS bucket. @default none: the period alone */
  budget?: BackgroundBudget;
  /** Whether a key's object still exists: re-checks of deleted objects are dropped. @default always */
  exists?(key: string): boolean;
  /** Reconciles that may wait for a rate-limit slot without holding a worker slot (memory bound). @default 1000 */
  maxParked?: number;
}

/** Runs one reconciler over a work queue. */
export class Controller {
  readonly queue: WorkQueue;
  readonly resync: ResyncScheduler;
  private readonly pool: PQueue;
  private readonly scopes: ReconcileScopes;
  /** Aborted by stop(): every reconcile's rate-limit wait ends, also of those not started yet. */
  private readonly stopping = new AbortController();
  private parked = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ControllerOptions) {
    const periodMs = options.resyncPeriodMs ?? 600_000;
    this.queue = new WorkQueue({
      clock: options.clock,
      rateLimiter: options.rateLimiter,
      observer: options.metrics.queueObserver(options.name),
    });
    this.pool = new PQueue({ concurrency: options.concurrency ?? 4 });
    this.scopes = options.scopes ?? new ReconcileScopes();
    this.resync = new ResyncScheduler({
      periodMs,
      clock: options.clock,
      release: (key) => this.queue.add(key),
      ...(options.budget ? { budget: options.budget } : {}),
      ...(options.exists ? { exists: (key: string) => options.exists?.(key) ?? true } : {}),
      maxInFlight: Math.max(1, Math.floor((options.concurrency ?? 4) / 2)),
      onReleased: (sinceMs) => options.metrics.resyncReleased(options.name, sinceMs / 1000),
    });
    options.metrics.controllerStarted(options.name, options.concurrency ?? 4);
    options.metrics.resyncPeriod.set({ controller: options.name }, periodMs / 1000);
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

  /**
   * Stops intake, ends rate-limit waits (nothing was sent for them; the next leader starts over) and waits
   * up to `timeoutMs` for reconciles in flight. Resolves true when all finished.
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.resync.stop();
    const drained = this.queue.shutDownWithDrain().then(() => true);
    this.stopping.abort(new Error('the controller is stopping'));
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
      void this.pool.add(() => this.slot(key));
    }
  }

  /** Holds a worker slot until the reconcile of `key` ends or parks in a rate-limit wait. */
  private slot(key: string): Promise<void> {
    return new Promise<void>((release) => {
      let parked = false;
      const park = (): void => {
        if (parked || this.parked >= (this.options.maxParked ?? 1000)) return;
        parked = true;
        this.parked += 1;
        release();
      };
      void this.process(key, park).finally(() => {
        if (parked) this.parked -= 1;
        release();
      });
    });
  }

  private async process(key: string, park: () => void): Promise<void> {
    const { name, metrics, clock } = this.options;
    const log = this.options.logger.child({ controller: name, key, reconcileID: randomUUID() });
    const scope: Scope = {
      key,
      background: this.resync.begin(key),
      signal: this.stopping.signal,
      calls: new Map(),
      park,
    };
    const started = clock.now();
    metrics.activeWorkers.inc({ controller: name });
    let outcome: { result?: ReconcileResult; error?: unknown };
    try {
      outcome = { result: await this.scopes.run(scope, () => this.options.reconciler.reconcile(key, log)) };
      metrics.reconcileSucceeded(name);
    } catch (error: unknown) {
      outcome = { error };
      const terminal = error instanceof TerminalError;
      log[terminal || this.stopping.signal.aborted ? 'info' : 'warn']('reconcile failed', {
        error: error instanceof Error ? error.message : String(error),
        terminal,
      });
    } finally {
      metrics.activeWorkers.dec({ controller: name });
      metrics.reconcileTime.observe({ controller: name }, (clock.now() - started) / 1000);
    }
    if (scope.background) this.resync.end(key, scope.calls);
    metrics.reconciled(name, applyOutcome(this.queue, key, outcome, this.resync));
    this.queue.done(key);
  }
}

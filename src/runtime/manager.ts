// Runs watchers, controllers, leader election and the ops server as one process lifecycle.
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { startOpsServer, type OpsServer } from '../observability/server.js';
import type { Controller } from './controller.js';
import type { LeaderElector } from './leaderElection.js';

/** Something with a cache that must sync before reconciles start (a Watcher). */
export interface Syncable {
  run(): Promise<void>;
  stop(): void;
  waitForSync(): Promise<void>;
  hasSynced(): boolean;
}

/** What a controller contributes: its loop, the caches it reads, and how to queue every object it owns. */
export interface ControllerRegistration {
  controller: Controller;
  sources: Syncable[];
  /** Queues every existing object (on start and on gaining leadership). */
  enqueueAll(): void;
}

export interface ManagerOptions {
  logger: Logger;
  metrics: Metrics;
  registrations: ControllerRegistration[];
  /** Absent: this replica always leads. */
  elector?: LeaderElector;
  electionName?: string;
  metricsBindAddress: string;
  shutdownTimeoutMs: number;
  /** Called when leadership is lost: stop at once (the process should exit non-zero). */
  onLeadershipLost?: () => void;
}

/**
 * Standby replicas run watchers too (warm caches, ready to lead at once) but no controllers.
 * Readiness: every cache synced, leading or standing by.
 */
export class Manager {
  private server: OpsServer | undefined;
  private readonly sources: Syncable[];
  private started = false;

  constructor(private readonly options: ManagerOptions) {
    this.sources = [...new Set(options.registrations.flatMap((r) => r.sources))];
  }

  /** True once every cache has synced. */
  ready(): boolean {
    return this.sources.every((s) => s.hasSynced());
  }

  get opsPort(): number | undefined {
    return this.server?.port;
  }

  /** Starts everything; resolves once caches are synced and controllers run or stand by. */
  async start(): Promise<void> {
    const { logger, metrics } = this.options;
    if (this.options.metricsBindAddress !== '0') {
      this.server = await startOpsServer({
        bindAddress: this.options.metricsBindAddress,
        ready: () => this.ready(),
        metrics: () => metrics.text(),
      });
      logger.info('ops server listening', { port: this.server.port });
    }
    for (const source of this.sources) void source.run();
    await Promise.all(this.sources.map((s) => s.waitForSync()));
    logger.info('caches synced', { caches: this.sources.length });
    if (this.options.elector) {
      // A standby exports 0, so "no replica leads" is a value an alert can see, not a missing series.
      metrics.leader.set({ name: this.options.electionName ?? 'ecs-gmsa-operator' }, 0);
      this.options.elector.start();
    } else this.startControllers();
  }

  /** Called by the elector when this replica gains the lease. */
  startControllers(): void {
    if (this.started) return;
    this.started = true;
    const name = this.options.electionName ?? 'ecs-gmsa-operator';
    this.options.metrics.leader.set({ name }, 1);
    this.options.logger.info('starting controllers', {
      controllers: this.options.registrations.map((r) => r.controller.name),
    });
    for (const r of this.options.registrations) {
      r.controller.start();
      r.enqueueAll();
    }
  }

  /** Leadership lost: stop taking work at once; in-flight reconciles are abandoned to the next leader. */
  leadershipLost(): void {
    this.options.metrics.leader.set({ name: this.options.electionName ?? 'ecs-gmsa-operator' }, 0);
    this.options.logger.error('leadership lost; stopping');
    for (const r of this.options.registrations) r.controller.queue.shutDown();
    this.options.onLeadershipLost?.();
  }

  /** Graceful stop: no new work, in-flight reconciles finish (bounded), the lease is released. */
  async shutdown(): Promise<boolean> {
    const { logger, shutdownTimeoutMs } = this.options;
    logger.info('shutting down', { timeoutMs: shutdownTimeoutMs });
    const drained = await Promise.all(this.options.registrations.map((r) => r.controller.stop(shutdownTimeoutMs)));
    await this.options.elector?.stop();
    for (const source of this.sources) source.stop();
    await this.server?.close();
    const clean = drained.every(Boolean);
    logger.info('stopped', { clean });
    return clean;
  }
}

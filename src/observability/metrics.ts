// Prometheus metrics with controller-runtime's names, on a registry owned by the process (no global state).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueObserver } from './queueObserver.js';
import {
  CONDITION_STATUSES,
  countConditions,
  WATCHED_CONDITIONS,
  type ObjectWithConditions,
} from './objectConditions.js';

export type AwsOutcome = 'success' | 'not_found' | 'throttled' | 'transient' | 'access_denied' | 'terminal';

/** LDAP operations the directory adapter sends (ecsgmsa_ldap_operations_total's `operation`). */
export type LdapOperationLabel = 'startTLS' | 'bind' | 'search' | 'unbind';

/** How a directory verification ended (ecsgmsa_directory_verifications_total's `outcome`). */
export type DirectoryVerificationLabel = 'verified' | 'failed' | 'unreachable' | 'remembered';

/** How one reconcile ended, as the controller loop maps it to the queue. */
export type ReconcileOutcome = 'success' | 'error' | 'terminal_error' | 'requeue_after';

/**
 * controller-runtime's `result` label values (pkg/internal/controller: labelSuccess, labelError,
 * labelRequeue, labelRequeueAfter). A terminal error is `error` there too, counted besides in
 * controller_runtime_terminal_reconcile_errors_total. `requeue` (Result.Requeue) has no counterpart
 * here and stays 0, as in controller-runtime whenever a reconciler never returns it.
 */
export type ReconcileResultLabel = 'success' | 'error' | 'requeue' | 'requeue_after';
const RESULT_LABELS: readonly ReconcileResultLabel[] = ['error', 'requeue_after', 'requeue', 'success'];

const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const QUEUE_BUCKETS = [0.001, 0.01, 0.1, 1, 10, 60, 300, 1000];

/** The objects of one kind as they are at scrape time (an informer cache's `list`): counted, never named. */
export type ObjectLister = () => Iterable<ObjectWithConditions>;

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Register prom-client's process and Node.js metrics. @default true */
  processMetrics?: boolean;
  /** Milliseconds since the epoch, for the age of the last successful reconcile. @default Date.now */
  now?: () => number;
}

/** Every metric the operator exports. */
export class Metrics {
  readonly registry = new Registry();
  readonly reconcileTotal = new Counter({
    name: 'controller_runtime_reconcile_total',
    help: 'Reconciliations per controller and result.',
    labelNames: ['controller', 'result'],
    registers: [this.registry],
  });
  readonly reconcileErrors = new Counter({
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Reconciliation errors per controller (terminal ones included).',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly terminalReconcileErrors = new Counter({
    name: 'controller_runtime_terminal_reconcile_errors_total',
    help: 'Terminal reconciliation errors per controller (not retried).',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly reconcileTime = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Reconciliation duration per controller.',
    labelNames: ['controller'],
    buckets: RECONCILE_BUCKETS,
    registers: [this.registry],
  });
  readonly activeWorkers = new Gauge({
    name: 'controller_runtime_active_workers',
    help: 'Reconciles running now per controller.',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly maxConcurrent = new Gauge({
    name: 'controller_runtime_max_concurrent_reconciles',
    help: 'Concurrency per controller.',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'workqueue_depth',
    help: 'Keys waiting in the work queue.',
    labelNames: ['name'],
    registers: [this.registry],
  });
  readonly queueAdds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Adds handled by the work queue.',
    labelNames: ['name'],
    registers: [this.registry],
  });
  readonly queueRetries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Rate-limited retries handled by the work queue.',
    labelNames: ['name'],
    registers: [this.registry],
  });
  readonly queueDuration = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'Time a key waits in the queue before being processed.',
    labelNames: ['name'],
    buckets: QUEUE_BUCKETS,
    registers: [this.registry],
  });
  readonly workDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'Time processing a key takes.',
    labelNames: ['name'],
    buckets: QUEUE_BUCKETS,
    registers: [this.registry],
  });
  readonly awsRequests = new Counter({
    name: 'ecsgmsa_aws_api_requests_total',
    help: 'AWS API calls per service, operation and outcome.',
    labelNames: ['service', 'operation', 'outcome'],
    registers: [this.registry],
  });
  readonly ldapOperations = new Counter({
    name: 'ecsgmsa_ldap_operations_total',
    help: 'LDAP operations sent to domain controllers (spec.directory), per operation.',
    labelNames: ['operation'],
    registers: [this.registry],
  });
  readonly directoryVerifications = new Counter<'outcome'>({
    name: 'ecsgmsa_directory_verifications_total',
    help: 'Active Directory verifications per outcome: verified, failed (AD said what to fix), unreachable, remembered (same inputs within the resync period: no LDAP traffic).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly kubeWrites = new Counter({
    name: 'ecsgmsa_kubernetes_writes_total',
    help: 'Kubernetes writes per kind and verb.',
    labelNames: ['kind', 'verb'],
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'leader_election_master_status',
    help: '1 while this replica leads, 0 while it stands by.',
    labelNames: ['name'],
    registers: [this.registry],
  });
  readonly objects = new Gauge({
    name: 'ecsgmsa_objects',
    help: 'Custom resources in the cache per kind, condition (Ready, Stalled, Reconciling) and status (True, False, Unknown), counted at scrape time.',
    labelNames: ['kind', 'condition', 'status'],
    registers: [this.registry],
    collect: () => this.collectObjects(),
  });
  readonly lastSuccessAge = new Gauge({
    name: 'ecsgmsa_last_successful_reconcile_age_seconds',
    help: 'Seconds since a reconcile of this controller last finished without error; absent until the first one (standby replicas reconcile nothing).',
    labelNames: ['controller'],
    registers: [this.registry],
    collect: () => this.collectSuccessAges(),
  });
  readonly resyncPeriod = new Gauge({
    name: 'ecsgmsa_resync_period_seconds',
    help: "Effective period of the periodic re-check of every object per controller: time between two re-checks of an object, smoothed over the latest ones. At least --resync-period; longer when re-checks would use more than --aws-background-share of an AWS API's rate limit.",
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly awsRateLimit = new Gauge({
    name: 'ecsgmsa_aws_rate_limit_qps',
    help: 'Client-side AWS rate limit in force per region and bucket (calls per second), learned from throttling: it starts at the documented quota, rises while AWS accepts more and halves when AWS throttles.',
    labelNames: ['region', 'bucket'],
    registers: [this.registry],
    collect: () => this.collectRateLimits(),
  });
  private rateLimits: () => ReadonlyMap<string, { qps: number }> = () => new Map();
  private readonly objectListers = new Map<string, ObjectLister>();
  private readonly smoothedPeriods = new Map<string, number>();
  private readonly lastSuccessAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(options: MetricsOptions = {}) {
    this.now = options.now ?? Date.now;
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Reports the objects of `kind` in `ecsgmsa_objects` at every scrape (one lister per kind; the last one wins). */
  observeObjects(kind: string, list: ObjectLister): void {
    this.objectListers.set(kind, list);
  }

  /** Reports the AWS rate limits in force (`region:bucket` → limit) at every scrape. */
  observeRateLimits(limits: () => ReadonlyMap<string, { qps: number }>): void {
    this.rateLimits = limits;
  }

  /** Records that a reconcile of `controller` finished without error, now. */
  reconcileSucceeded(controller: string): void {
    this.lastSuccessAt.set(controller, this.now());
  }

  /** A re-check of `controller` was released `seconds` after the object's previous reconcile (smoothed: EWMA over about 20). */
  resyncReleased(controller: string, seconds: number): void {
    const previous = this.smoothedPeriods.get(controller);
    const next = previous === undefined ? seconds : previous + (seconds - previous) / 20;
    this.smoothedPeriods.set(controller, next);
    this.resyncPeriod.set({ controller }, next);
  }

  /** The observer a work queue named `name` reports to. */
  queueObserver(name: string): QueueObserver {
    return {
      added: () => this.queueAdds.inc({ name }),
      retried: () => this.queueRetries.inc({ name }),
      depth: (n) => this.queueDepth.set({ name }, n),
      waited: (ms) => this.queueDuration.observe({ name }, ms / 1000),
      worked: (ms) => this.workDuration.observe({ name }, ms / 1000),
    };
  }

  /** Counts one LDAP operation. */
  ldapCall(operation: LdapOperationLabel): void {
    this.ldapOperations.inc({ operation });
  }

  /** Counts one AWS call. */
  awsCall(service: string, operation: string, outcome: AwsOutcome): void {
    this.awsRequests.inc({ service, operation, outcome });
  }

  /**
   * Creates a controller's series at 0 before its first reconcile, as controller-runtime's
   * initMetrics does, so rates and alerts work from the start.
   */
  controllerStarted(controller: string, concurrency: number): void {
    for (const result of RESULT_LABELS) this.reconcileTotal.inc({ controller, result }, 0);
    this.reconcileErrors.inc({ controller }, 0);
    this.terminalReconcileErrors.inc({ controller }, 0);
    this.maxConcurrent.set({ controller }, concurrency);
    this.activeWorkers.set({ controller }, 0);
  }

  /** Counts one finished reconcile the way controller-runtime's reconcileHandler does. */
  reconciled(controller: string, outcome: ReconcileOutcome): void {
    const failed = outcome === 'error' || outcome === 'terminal_error';
    if (outcome === 'terminal_error') this.terminalReconcileErrors.inc({ controller });
    if (failed) this.reconcileErrors.inc({ controller });
    this.reconcileTotal.inc({ controller, result: failed ? 'error' : outcome });
  }

  private collectObjects(): void {
    for (const [kind, list] of this.objectListers) {
      const counts = countConditions(list());
      for (const condition of WATCHED_CONDITIONS) {
        for (const status of CONDITION_STATUSES)
          this.objects.set({ kind, condition, status }, counts[condition][status]);
      }
    }
  }

  private collectRateLimits(): void {
    for (const [key, limit] of this.rateLimits()) {
      const at = key.indexOf(':');
      this.awsRateLimit.set({ region: key.slice(0, at), bucket: key.slice(at + 1) }, limit.qps);
    }
  }

  private collectSuccessAges(): void {
    for (const [controller, at] of this.lastSuccessAt)
      this.lastSuccessAge.set({ controller }, Math.max(0, (this.now() - at) / 1000));
  }

  /** The exposition text. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

// What moto does not do for ECS services, done in front of it: deployments that roll out.
//
// moto 5.2.5 keeps one deployment per service, created with the service and never replaced: an
// UpdateService to another task definition changes `service.taskDefinition` but neither starts a
// deployment nor changes the existing one's `taskDefinition`; `forceNewDeployment` only renames the
// deployment's id. Its rolloutState is COMPLETED only when MOTO_ECS_SERVICE_RUNNING >= desiredCount at
// creation, else IN_PROGRESS forever; runningCount is that variable (0 here); there is no FAILED, no
// circuit breaker, no rollback and no service event. What moto does do, and the simulator keeps: the
// services, clusters and task definitions themselves, `status`, `desiredCount`, `deploymentController`,
// UpdateService's validation (an unknown task definition, ServiceNotFoundException,
// ClusterNotFoundException) and DescribeServices' `failures` (reason MISSING).
//
// The simulator rewrites moto's DescribeServices and UpdateService answers the way ECS would answer:
// every UpdateService to another revision, or with forceNewDeployment, starts a new PRIMARY deployment;
// a script decides what the newest deployment shows on each describe (IN_PROGRESS with a running count,
// COMPLETED, or FAILED with a reason), and a FAILED deployment of a service with rollback starts a
// deployment of the previous revision, as ECS's circuit breaker does.

/** What the newest deployment of a service shows. */
export type RolloutOutcome =
  | { state: 'IN_PROGRESS'; runningCount?: number }
  | { state: 'COMPLETED' }
  | { state: 'FAILED'; reason: string; rollback?: boolean; failedTasks?: number };

/** The deployment a script judges. */
export interface SimulatedDeployment {
  cluster: string;
  service: string;
  id: string;
  taskDefinition: string;
  desiredCount: number;
  /** Milliseconds since the deployment started. */
  ageMs: number;
  /** Started by forceNewDeployment (same revision). */
  forced: boolean;
}

/** Decides on each describe what a deployment the simulator started shows. */
export type RolloutScript = (d: SimulatedDeployment) => RolloutOutcome;

/** The sandbox's script: a deployment runs its tasks one by one over `durationMs`, then completes. */
export function timedRollouts(durationMs: number): RolloutScript {
  return (d) =>
    d.ageMs >= durationMs
      ? { state: 'COMPLETED' }
      : { state: 'IN_PROGRESS', runningCount: Math.floor((d.desiredCount * d.ageMs) / durationMs) };
}

interface Deployment {
  id: string;
  taskDefinition: string;
  createdAtMs: number;
  forced: boolean;
  /** The outcome once it stopped changing (COMPLETED or FAILED); a deployment moto made is COMPLETED. */
  final?: RolloutOutcome;
  /** Tasks running while IN_PROGRESS. */
  running?: number;
  status: 'PRIMARY' | 'ACTIVE';
}

interface ServiceState {
  deployments: Deployment[];
  /** deploymentCircuitBreaker.rollback as reported: true once a script rolled this service back. */
  rollback: boolean;
}

type Json = Record<string, unknown>;

/** A rewrite of one response body. */
export type ResponseRewrite = (status: number, body: string) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export class EcsRolloutSimulator {
  private readonly services = new Map<string, ServiceState>();
  private seq = 0;

  /**
   * @param script what the newest deployment shows on each describe.
   * @param now the clock of deployment ages. @default Date.now
   */
  constructor(
    private script: RolloutScript,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the script (the next describe follows it). */
  setScript(script: RolloutScript): void {
    this.script = script;
  }

  /** Forgets every service (after the emulator's state was reset). */
  reset(): void {
    this.services.clear();
  }

  /** The rewrite of an ECS response for `operation`, or `undefined` when the simulator leaves it alone. */
  rewriteFor(operation: string, requestBody: string): ResponseRewrite | undefined {
    if (operation !== 'DescribeServices' && operation !== 'UpdateService') return undefined;
    const request = JSON.parse(requestBody || '{}') as Json;
    return (status, body) => {
      if (status !== 200) return body;
      const answer = JSON.parse(body) as Json;
      if (operation === 'UpdateService') answer.service = this.updated(request, answer.service as Json);
      else answer.services = ((answer.services as Json[] | undefined) ?? []).map((s) => this.view(s));
      return JSON.stringify(answer);
    };
  }

  private key(s: Json): string {
    const cluster = str(s.clusterArn).split('/').pop() ?? '';
    return `${cluster}/${str(s.serviceName)}`;
  }

  /** The state of a service first seen now: moto's one deployment, taken as completed long ago. */
  private state(s: Json, taskDefinition = str(s.taskDefinition)): ServiceState {
    const existing = this.services.get(this.key(s));
    if (existing) return existing;
    const first = ((s.deployments as Json[] | undefined) ?? [])[0];
    const created: ServiceState = {
      rollback: false,
      deployments: [
        {
          id: str(first?.id) || this.nextId(),
          taskDefinition,
          createdAtMs: 0,
          forced: false,
          final: { state: 'COMPLETED' },
          status: 'PRIMARY',
        },
      ],
    };
    this.services.set(this.key(s), created);
    return created;
  }

  private nextId(): string {
    this.seq += 1;
    return `ecs-svc/sim-${this.seq}`;
  }

  private start(state: ServiceState, taskDefinition: string, forced: boolean): void {
    for (const d of state.deployments) d.status = 'ACTIVE';
    state.deployments.unshift({
      id: this.nextId(),
      taskDefinition,
      createdAtMs: this.now(),
      forced,
      status: 'PRIMARY',
    });
  }

  private updated(request: Json, s: Json): Json {
    // moto's deployment still names the revision the service had before this update.
    const before = str(((s.deployments as Json[] | undefined) ?? [])[0]?.taskDefinition) || str(s.taskDefinition);
    const state = this.state(s, before);
    const td = str(request.taskDefinition) || str(s.taskDefinition);
    if (request.forceNewDeployment === true || td !== state.deployments[0]?.taskDefinition)
      this.start(state, td, request.forceNewDeployment === true);
    return this.render(s, state);
  }

  private view(s: Json): Json {
    const state = this.state(s);
    this.advance(s, state);
    return this.render(s, state);
  }

  /** Asks the script about the newest deployment; a FAILED one with rollback starts the previous revision. */
  private advance(s: Json, state: ServiceState): void {
    const newest = state.deployments[0];
    if (!newest || newest.final) return;
    const outcome = this.script({
      cluster: this.key(s).split('/')[0] ?? '',
      service: str(s.serviceName),
      id: newest.id,
      taskDefinition: newest.taskDefinition,
      desiredCount: num(s.desiredCount),
      ageMs: this.now() - newest.createdAtMs,
      forced: newest.forced,
    });
    if (outcome.state === 'IN_PROGRESS') {
      newest.running = outcome.runningCount ?? 0;
      return;
    }
    newest.final = outcome;
    const previous = state.deployments.find((d) => d !== newest && d.final?.state === 'COMPLETED');
    if (outcome.state === 'FAILED' && outcome.rollback && previous) {
      state.rollback = true;
      this.start(state, previous.taskDefinition, false);
      const rolledBack = state.deployments[0];
      if (rolledBack) rolledBack.final = { state: 'COMPLETED' };
    }
  }

  /** moto's service with the simulated deployments, counts and revision. */
  private render(s: Json, state: ServiceState): Json {
    const desired = num(s.desiredCount);
    const primary = state.deployments[0];
    // ECS drops replaced deployments once the primary completed; failed ones stay visible here.
    const shown = state.deployments.filter(
      (d) => d === primary || d.final?.state === 'FAILED' || primary?.final?.state !== 'COMPLETED',
    );
    const deployments = shown.map((d) => this.deploymentJson(d, desired));
    const sum = (field: string): number => deployments.reduce((n, d) => n + num(d[field]), 0);
    return {
      ...s,
      taskDefinition: primary?.taskDefinition ?? s.taskDefinition,
      deployments,
      runningCount: sum('runningCount'),
      pendingCount: sum('pendingCount'),
      deploymentConfiguration: {
        ...(s.deploymentConfiguration ?? {}),
        deploymentCircuitBreaker: { enable: true, rollback: state.rollback },
      },
    };
  }

  private deploymentJson(d: Deployment, desired: number): Json {
    const outcome = d.final ?? { state: 'IN_PROGRESS' as const };
    const running = outcome.state === 'COMPLETED' ? desired : outcome.state === 'FAILED' ? 0 : (d.running ?? 0);
    const failed = outcome.state === 'FAILED' ? (outcome.failedTasks ?? Math.max(1, desired)) : 0;
    const reason =
      outcome.state === 'FAILED'
        ? outcome.reason
        : `ECS deployment ${d.id} ${outcome.state === 'COMPLETED' ? 'completed' : 'in progress'}.`;
    return {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinition,
      desiredCount: desired,
      runningCount: running,
      pendingCount: outcome.state === 'IN_PROGRESS' ? desired - running : 0,
      failedTasks: failed,
      rolloutState: outcome.state,
      rolloutStateReason: reason,
      createdAt: d.createdAtMs / 1000,
      updatedAt: this.now() / 1000,
    };
  }
}

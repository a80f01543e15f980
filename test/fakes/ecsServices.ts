// An in-memory ECS service store with ECS's deployment semantics, for unit tests of the rollout: an
// UpdateService to another revision (or with forceNewDeployment) starts a new PRIMARY deployment that is
// IN_PROGRESS until the test completes or fails it; a failure with rollback starts a deployment of the
// previous revision. Every call is logged.
import type { DescribedService, EcsServices, ServiceDeployment } from '../../src/aws/ports.js';

export const tdArn = (family: string, revision: number): string =>
  `arn:aws:ecs:us-east-1:111122223333:task-definition/${family}:${revision}`;

interface FakeService {
  status: string;
  taskDefinition: string;
  deploymentController: string;
  circuitBreakerRollback: boolean;
  desiredCount: number;
  deployments: ServiceDeployment[];
}

export type FakeCall =
  | { op: 'describe'; cluster: string; services: string[] }
  | { op: 'update'; cluster: string; service: string; taskDefinition: string; forceNewDeployment: boolean };

export class FakeEcsServices implements EcsServices {
  readonly calls: FakeCall[] = [];
  private readonly services = new Map<string, FakeService>();
  private seq = 0;
  /** Called before each update is applied (a test can throw from it, or look at what was recorded). */
  beforeUpdate: (() => void) | undefined;

  /** An existing service running `taskDefinition` with one COMPLETED deployment. */
  add(
    cluster: string,
    service: string,
    taskDefinition: string,
    options: { desiredCount?: number; deploymentController?: string; rollback?: boolean; status?: string } = {},
  ): void {
    const desiredCount = options.desiredCount ?? 2;
    this.services.set(`${cluster}/${service}`, {
      status: options.status ?? 'ACTIVE',
      taskDefinition,
      deploymentController: options.deploymentController ?? 'ECS',
      circuitBreakerRollback: options.rollback ?? false,
      desiredCount,
      deployments: [this.deployment(taskDefinition, desiredCount, 'COMPLETED')],
    });
  }

  private deployment(td: string, desired: number, state: 'IN_PROGRESS' | 'COMPLETED'): ServiceDeployment {
    this.seq += 1;
    const done = state === 'COMPLETED';
    return {
      id: `ecs-svc/${this.seq}`,
      status: 'PRIMARY',
      taskDefinition: td,
      desiredCount: desired,
      runningCount: done ? desired : 0,
      pendingCount: done ? 0 : desired,
      failedTasks: 0,
      rolloutState: state,
      rolloutStateReason: `ECS deployment ecs-svc/${this.seq} ${done ? 'completed' : 'in progress'}.`,
    };
  }

  private get(key: string): FakeService {
    const s = this.services.get(key);
    if (!s) throw new Error(`no fake service ${key}`);
    return s;
  }

  private start(s: FakeService, td: string): void {
    for (const d of s.deployments) d.status = 'ACTIVE';
    s.deployments.unshift(this.deployment(td, s.desiredCount, 'IN_PROGRESS'));
    s.taskDefinition = td;
  }

  /** The PRIMARY deployment reaches COMPLETED and the older ones drain away. */
  complete(key: string): void {
    const s = this.get(key);
    const primary = s.deployments[0];
    if (!primary) return;
    Object.assign(primary, { rolloutState: 'COMPLETED', runningCount: primary.desiredCount, pendingCount: 0 });
    s.deployments = [primary];
  }

  /** The PRIMARY deployment FAILED; with the service's rollback on, a deployment of the previous revision starts. */
  fail(key: string, reason: string): void {
    const s = this.get(key);
    const [failed, previous] = s.deployments;
    if (!failed) return;
    Object.assign(failed, { rolloutState: 'FAILED', rolloutStateReason: reason, failedTasks: 3, pendingCount: 0 });
    if (s.circuitBreakerRollback && previous) this.start(s, previous.taskDefinition);
  }

  /** Someone else (a human, another tool) updates the service. */
  updateOutOfBand(key: string, td: string, force = false): void {
    const s = this.get(key);
    if (force || td !== s.taskDefinition) this.start(s, td);
  }

  primaryOf(key: string): ServiceDeployment | undefined {
    return this.get(key).deployments[0];
  }

  describe(cluster: string, services: readonly string[]): Promise<Map<string, DescribedService | undefined>> {
    this.calls.push({ op: 'describe', cluster, services: [...services] });
    return Promise.resolve(new Map(services.map((name) => [name, this.view(cluster, name)])));
  }

  update(input: {
    cluster: string;
    service: string;
    taskDefinition: string;
    forceNewDeployment: boolean;
  }): Promise<DescribedService | undefined> {
    this.beforeUpdate?.();
    this.calls.push({ op: 'update', ...input });
    const s = this.services.get(`${input.cluster}/${input.service}`);
    if (!s || s.status !== 'ACTIVE') return Promise.resolve(undefined);
    if (input.forceNewDeployment || input.taskDefinition !== s.taskDefinition) this.start(s, input.taskDefinition);
    return Promise.resolve(this.view(input.cluster, input.service));
  }

  private view(cluster: string, service: string): DescribedService | undefined {
    const s = this.services.get(`${cluster}/${service}`);
    if (!s) return undefined;
    return {
      cluster,
      service,
      arn: `arn:aws:ecs:us-east-1:111122223333:service/${cluster}/${service}`,
      status: s.status,
      taskDefinition: s.taskDefinition,
      deploymentController: s.deploymentController,
      deployments: structuredClone(s.deployments),
      circuitBreakerRollback: s.circuitBreakerRollback,
    };
  }

  /** Calls of one kind. */
  count(op: FakeCall['op']): number {
    return this.calls.filter((c) => c.op === op).length;
  }
}

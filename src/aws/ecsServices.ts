// EcsServices over ECS: DescribeServices in batches of 10 per cluster, single-attempt UpdateService.
import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs';
import { codeIn, lookupAws, required, type CallContext } from './call.js';
import type { EcsClients } from './ecs.js';
import type { DescribedService, EcsServices, ServiceDeployment } from './ports.js';
import { ecsSdk } from './sdk.js';

const { DescribeServicesCommand, UpdateServiceCommand } = ecsSdk;

/** DescribeServices takes at most this many services per call. */
export const DESCRIBE_SERVICES_BATCH = 10;

/** ECS's answers for "there is no such (active) service or cluster": a value, not an error. */
const MISSING_CODES = ['ClusterNotFoundException', 'ServiceNotFoundException', 'ServiceNotActiveException'];

const ROLLOUT_STATES: readonly NonNullable<ServiceDeployment['rolloutState']>[] = [
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
];

/** Splits `items` into consecutive runs of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function deploymentOf(d: Deployment): ServiceDeployment {
  const rolloutState = ROLLOUT_STATES.find((s) => s === d.rolloutState);
  return {
    id: d.id ?? '',
    status: d.status ?? '',
    taskDefinition: d.taskDefinition ?? '',
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    ...(rolloutState ? { rolloutState } : {}),
    ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
  };
}

/** PRIMARY first, then the order ECS gave. */
function primaryFirst(deployments: ServiceDeployment[]): ServiceDeployment[] {
  return [...deployments.filter((d) => d.status === 'PRIMARY'), ...deployments.filter((d) => d.status !== 'PRIMARY')];
}

/** The adapter: what ECS answered, reduced to what the rollout reads. */
export class EcsServiceAdapter implements EcsServices {
  constructor(
    private readonly clients: EcsClients,
    private readonly ctx: CallContext,
  ) {}

  private described(s: Service, cluster: string, operation: string): DescribedService {
    const at = (field: string): { operation: string; field: string } => ({ operation, field: `service.${field}` });
    return {
      cluster,
      service: required(s.serviceName, this.ctx, at('serviceName')),
      arn: required(s.serviceArn, this.ctx, at('serviceArn')),
      status: s.status ?? 'ACTIVE',
      ...(s.taskDefinition ? { taskDefinition: s.taskDefinition } : {}),
      deploymentController: s.deploymentController?.type ?? 'ECS',
      deployments: primaryFirst((s.deployments ?? []).map(deploymentOf)),
      circuitBreakerRollback: s.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true,
    };
  }

  private async describeBatch(client: ECSClient, cluster: string, names: string[]): Promise<DescribedService[]> {
    const command = new DescribeServicesCommand({ cluster, services: names });
    const out = await lookupAws(this.ctx, 'DescribeServices', () => client.send(command), {
      missing: codeIn('ClusterNotFoundException'),
    });
    // A missing service is listed under `failures` (reason MISSING): it simply has no entry here.
    return (out?.services ?? []).map((s) => this.described(s, cluster, 'DescribeServices'));
  }

  async describe(cluster: string, services: readonly string[]): Promise<Map<string, DescribedService | undefined>> {
    const found = new Map<string, DescribedService | undefined>(services.map((name) => [name, undefined]));
    for (const batch of batches([...new Set(services)], DESCRIBE_SERVICES_BATCH)) {
      for (const s of await this.describeBatch(this.clients.ecs, cluster, batch))
        if (found.has(s.service)) found.set(s.service, s);
    }
    return found;
  }

  async update(input: {
    cluster: string;
    service: string;
    taskDefinition: string;
    forceNewDeployment: boolean;
  }): Promise<DescribedService | undefined> {
    const command = new UpdateServiceCommand({
      cluster: input.cluster,
      service: input.service,
      taskDefinition: input.taskDefinition,
      forceNewDeployment: input.forceNewDeployment,
    });
    const out = await lookupAws(this.ctx, 'UpdateService', () => this.clients.ecsSingleAttempt.send(command), {
      missing: codeIn(...MISSING_CODES),
    });
    if (out === undefined) return undefined;
    return this.described(
      required(out.service, this.ctx, { operation: 'UpdateService', field: 'service' }),
      input.cluster,
      'UpdateService',
    );
  }
}

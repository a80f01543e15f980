// AwsPortsFactory: one set of SDK clients, one rate limiter and four adapters per region, created on first use.
import { noopRecorder, type AwsCallRecorder, type CallContext } from './call.js';
import { createAwsClients, destroyAwsClients, type AwsClientOptions, type AwsClients } from './clients.js';
import { EcsTaskDefinitions } from './ecs.js';
import { EcsServiceAdapter } from './ecsServices.js';
import type { AwsPorts, AwsPortsFactory } from './ports.js';
import type { AwsService } from './rateLimitDefaults.js';
import { createAwsRateLimiter, type AwsRateLimiter, type RateLimitOverrides } from './rateLimits.js';
import { S3ObjectStore } from './s3.js';
import { SecretsManagerStore } from './secretsManager.js';
import { SsmParameterStore } from './ssm.js';
import type { SleepClock } from './tokenBucket.js';

/** Options of {@link createAwsPortsFactory}: client options without the region, plus limits and metrics. */
export interface AwsPortsFactoryOptions extends Omit<AwsClientOptions, 'region'> {
  /** Overrides of the default per-API rate limits (parseRateLimitOverrides). @default {} (the defaults) */
  limits?: RateLimitOverrides;
  /** Counts every call by service, operation and outcome. @default records nothing */
  recorder?: AwsCallRecorder;
  /** Clock of the rate limiters. @default the system clock */
  clock?: SleepClock;
}

/** A factory whose clients can be closed (shutdown, tests). */
export interface ClosableAwsPortsFactory extends AwsPortsFactory {
  /** Closes every region's clients; ports handed out before must not be used afterwards. */
  close(): void;
}

function portsFor(clients: AwsClients, limiter: AwsRateLimiter, recorder: AwsCallRecorder): AwsPorts {
  const ctx = (service: AwsService): CallContext => ({ service, limiter, recorder });
  return {
    parameters: new SsmParameterStore(clients.ssm, ctx('ssm')),
    secrets: new SecretsManagerStore(clients.secretsManager, ctx('secretsmanager')),
    objects: new S3ObjectStore(clients.s3, ctx('s3')),
    taskDefinitions: new EcsTaskDefinitions(clients, ctx('ecs')),
    services: new EcsServiceAdapter(clients, ctx('ecs')),
  };
}

/**
 * Creates the factory. Rate limits apply per region (AWS's quotas are per account and region), so each
 * region gets its own limiter; the same region always returns the same ports.
 */
export function createAwsPortsFactory(options: AwsPortsFactoryOptions = {}): ClosableAwsPortsFactory {
  const { limits, recorder, clock, ...clientOptions } = options;
  const regions = new Map<string, { clients: AwsClients; ports: AwsPorts }>();
  return {
    forRegion(region: string): AwsPorts {
      const existing = regions.get(region);
      if (existing) return existing.ports;
      const clients = createAwsClients({ ...clientOptions, region });
      const limiter = createAwsRateLimiter({ ...(limits ? { overrides: limits } : {}), ...(clock ? { clock } : {}) });
      const entry = { clients, ports: portsFor(clients, limiter, recorder ?? noopRecorder) };
      regions.set(region, entry);
      return entry.ports;
    },
    close(): void {
      for (const entry of regions.values()) destroyAwsClients(entry.clients);
      regions.clear();
    },
  };
}

// AwsPortsFactory: one set of SDK clients, one rate limiter and four adapters per region, created on first use.
import { limitAttempts, type LimitableClient } from './attemptLimiter.js';
import { noopRecorder, type AwsCallRecorder, type CallContext } from './call.js';
import { createAwsClients, destroyAwsClients, type AwsClientOptions, type AwsClients } from './clients.js';
import { EcsTaskDefinitions } from './ecs.js';
import { EcsServiceAdapter } from './ecsServices.js';
import type { AwsPorts, AwsPortsFactory } from './ports.js';
import type { AwsService } from './rateLimitDefaults.js';
import type { LimiterClock, RateLimit } from './rateBucket.js';
import { createAwsRateLimiter, type AwsRateLimiter, type LimiterHooks, type RateLimitOverrides } from './rateLimits.js';
import { S3ObjectStore } from './s3.js';
import { SecretsManagerStore } from './secretsManager.js';
import { SsmParameterStore } from './ssm.js';

/** Options of {@link createAwsPortsFactory}: client options without the region, plus limits and metrics. */
export interface AwsPortsFactoryOptions extends Omit<AwsClientOptions, 'region'> {
  /** Overrides of the default per-API rate limits (parseRateLimitOverrides). @default {} (the defaults) */
  limits?: RateLimitOverrides;
  /** Counts every call by service, operation and outcome. @default records nothing */
  recorder?: AwsCallRecorder;
  /** Clock of the rate limiters. @default the system clock */
  clock?: LimiterClock;
  /** How the limiters announce long waits, honour aborts and report calls. @default none */
  limiterHooks?: LimiterHooks;
}

/** A factory whose clients can be closed (shutdown, tests). */
export interface ClosableAwsPortsFactory extends AwsPortsFactory {
  /** The limit in force per bucket of every region used so far (`region:bucket` → limit), learned from throttling. */
  limits(): ReadonlyMap<string, RateLimit>;
  /** What periodic re-checks take their share of, per `region:bucket` (AwsRateLimiter.backgroundLimits). */
  backgroundLimits(): ReadonlyMap<string, RateLimit>;
  /** Closes every region's clients; ports handed out before must not be used afterwards. */
  close(): void;
}

/** Puts the region's limiter in front of every attempt of every client of the region, SDK retries included. */
function limitClients(clients: AwsClients, limiter: AwsRateLimiter): void {
  const pairs: [AwsService, LimitableClient][] = [
    ['ssm', clients.ssm],
    ['secretsmanager', clients.secretsManager],
    ['s3', clients.s3],
    ['ecs', clients.ecs],
    ['ecs', clients.ecsSingleAttempt],
  ];
  for (const [service, client] of pairs) limitAttempts(client, service, limiter);
}

function portsFor(clients: AwsClients, recorder: AwsCallRecorder): AwsPorts {
  const ctx = (service: AwsService): CallContext => ({ service, recorder });
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
  const { limits, recorder, clock, limiterHooks, ...clientOptions } = options;
  const regions = new Map<string, { clients: AwsClients; limiter: AwsRateLimiter; ports: AwsPorts }>();
  return {
    forRegion(region: string): AwsPorts {
      const existing = regions.get(region);
      if (existing) return existing.ports;
      const clients = createAwsClients({ ...clientOptions, region });
      const limiter = createAwsRateLimiter({
        region,
        ...(limits ? { overrides: limits } : {}),
        ...(clock ? { clock } : {}),
        ...(limiterHooks ? { hooks: limiterHooks } : {}),
      });
      limitClients(clients, limiter);
      const entry = { clients, limiter, ports: portsFor(clients, recorder ?? noopRecorder) };
      regions.set(region, entry);
      return entry.ports;
    },
    limits(): ReadonlyMap<string, RateLimit> {
      return new Map([...regions.values()].flatMap((entry) => [...entry.limiter.limits()]));
    },
    backgroundLimits(): ReadonlyMap<string, RateLimit> {
      return new Map([...regions.values()].flatMap((entry) => [...entry.limiter.backgroundLimits()]));
    },
    close(): void {
      for (const entry of regions.values()) destroyAwsClients(entry.clients);
      regions.clear();
    },
  };
}

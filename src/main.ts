// Composition root: configuration → clients → controllers → signals. The only place that wires things
// together; every other module receives what it needs.
import { ECS_GMSA_TASK_KIND, GMSA_CREDENTIAL_SPEC_KIND } from './api/group.js';
import { setUpAws } from './aws/setup.js';
import { runProgram } from './cli/program.js';
import { runCommand } from './cli/runCommand.js';
import { loadTenancyConfig } from './cli/tenancyConfig.js';
import { createShared, type ControllerEnv } from './controllers/caches.js';
import { ecsGmsaTaskController } from './controllers/ecsGmsaTask/index.js';
import { gmsaCredentialSpecController } from './controllers/gmsaCredentialSpec/index.js';
import { dnsServersResolver, ldapDirectoryVerifier, type DirectoryVerifier } from './directory/index.js';
import { BackgroundBudget } from './runtime/backgroundBudget.js';
import type { ControllerFactory, RunContext } from './runtime/context.js';
import { ReconcileScopes } from './runtime/reconcileScope.js';

/** What the controllers get from a run: explicit pieces, never the whole context. */
function controllerEnv(context: RunContext, background: Pick<ControllerEnv, 'scopes' | 'budget'>): ControllerEnv {
  const { config } = context;
  return {
    ...background,
    http: context.http,
    clock: context.clock,
    logger: context.logger,
    metrics: context.metrics,
    identity: context.identity,
    namespaces: config.namespaces,
    defaultRegion: config.region,
    clusterName: config.clusterName,
    concurrency: config.concurrency,
    resyncPeriodMs: config.resyncPeriodMs,
    recheckMs: config.accessDeniedRecheckMs,
    rolloutPollMs: config.rolloutPollIntervalMs,
    operator: { namespace: config.operatorNamespace, serviceAccount: config.operatorServiceAccount },
  };
}

/**
 * The Active Directory port: LDAP goes only where spec.directory points and tenancy allows; DNS through
 * --directory-dns-server when given, else the system resolver.
 */
function directoryVerifier(context: RunContext): DirectoryVerifier {
  const servers = context.config.directoryDnsServers;
  return ldapDirectoryVerifier({
    ...(servers.length > 0 ? { resolver: dnsServersResolver(servers) } : {}),
    counter: { record: (operation) => context.metrics.ldapCall(operation) },
  });
}

/** The operator's controllers for a run: tenancy settings, the AWS ports, the shared caches, both controllers. */
export const operatorFactory: ControllerFactory = async (context) => {
  const { config, logger, metrics } = context;
  const { config: tenancy, problem } = await loadTenancyConfig(config);
  if (!tenancy) throw new Error(`--tenancy-policy ${problem?.file ?? ''}: ${problem?.message ?? 'unusable'}`);
  if (tenancy.singleTenant) {
    logger.warn(
      'SINGLE-TENANT MODE: --single-tenant turns tenancy confinement off; every namespace may name any AWS resource and use host access. Use it only where every namespace belongs to one trusted team.',
    );
  }
  // The reconcile scopes are the AWS limiter's call context: long waits are reported in status, aborted
  // at shutdown, and the calls of periodic re-checks are charged to their share of each bucket.
  const scopes = new ReconcileScopes();
  const aws = setUpAws({
    ...(config.awsEndpointUrl ? { endpoint: config.awsEndpointUrl } : {}),
    ...(config.awsStaticCredentials ? { credentials: config.awsStaticCredentials } : {}),
    rateLimits: config.awsRateLimits,
    recorder: (service, operation, outcome) => metrics.awsCall(service, operation, outcome),
    limiterHooks: scopes.hooks(),
    ...(config.logLevel === 'debug' ? { sdkLog: logger.child({ component: 'aws-sdk' }) } : {}),
  });
  const budget = new BackgroundBudget({
    share: config.awsBackgroundShare,
    rateOf: (bucket) => aws.factory.backgroundLimits().get(bucket)?.qps,
    clock: context.clock,
  });
  metrics.observeRateLimits(() => aws.factory.limits());
  const shared = createShared(controllerEnv(context, { scopes, budget }), aws, tenancy, directoryVerifier(context));
  metrics.observeObjects(GMSA_CREDENTIAL_SPEC_KIND, () => shared.credSpecs.list());
  metrics.observeObjects(ECS_GMSA_TASK_KIND, () => shared.tasks.list());
  return [gmsaCredentialSpecController(shared), ecsGmsaTaskController(shared)];
};

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(
    argv,
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
    [runCommand(operatorFactory)],
  );
}

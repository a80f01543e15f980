// Builds both controllers for a run: AWS ports, the tenancy policy, shared caches, registrations.
import { ECS_GMSA_TASK_KIND, GMSA_CREDENTIAL_SPEC_KIND } from '../api/group.js';
import { accountIdResolver } from '../aws/accountId.js';
import { createAwsPortsFactory } from '../aws/factory.js';
import { parseRateLimitOverrides } from '../aws/rateLimits.js';
import type { RunContext } from '../cli/runCommand.js';
import type { TenancyConfig } from '../domain/tenancy/policy.js';
import type { ControllerRegistration } from '../runtime/manager.js';
import { ecsGmsaTaskController } from './ecsGmsaTask/index.js';
import { gmsaCredentialSpecController } from './gmsaCredentialSpec/index.js';
import { createShared } from './shared.js';

/** Static credentials from the environment only with an explicit endpoint (tests, sandbox); else the SDK chain. */
function endpointCredentials(context: RunContext): { accessKeyId: string; secretAccessKey: string } | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  return context.config.awsEndpointUrl && accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

/** Every controller of the operator, confining namespaces as `tenancy` says. */
export function operatorControllers(context: RunContext, tenancy: TenancyConfig): ControllerRegistration[] {
  const { config, metrics } = context;
  const limits = parseRateLimitOverrides(config.awsRateLimits);
  if (!limits.limits) throw new Error(`--aws-rate-limit: ${limits.errors.join('; ')}`);
  const recorder = (service: string, operation: string, outcome: Parameters<typeof metrics.awsCall>[2]): void => metrics.awsCall(service, operation, outcome);
  const credentials = endpointCredentials(context);
  const endpoint = config.awsEndpointUrl ? { endpoint: config.awsEndpointUrl } : {};
  const sdkLog = context.logger.child({ component: 'aws-sdk' });
  const sdkLogger = config.logLevel === 'debug' ? { debug: (...c: unknown[]) => sdkLog.debug('sdk', { entry: c }), info: (...c: unknown[]) => sdkLog.debug('sdk', { entry: c }), warn: (...c: unknown[]) => sdkLog.warn('sdk', { entry: c }), error: (...c: unknown[]) => sdkLog.warn('sdk', { entry: c }) } : undefined;
  const factory = createAwsPortsFactory({ ...endpoint, ...(credentials ? { credentials } : {}), ...(sdkLogger ? { sdkLogger } : {}), limits: limits.limits, recorder });
  const accountId = accountIdResolver({ ...endpoint, ...(credentials ? { credentials } : {}), recorder });
  const shared = createShared(context, { factory, accountId }, tenancy);
  metrics.observeObjects(GMSA_CREDENTIAL_SPEC_KIND, () => shared.credSpecs.list());
  metrics.observeObjects(ECS_GMSA_TASK_KIND, () => shared.tasks.list());
  return [gmsaCredentialSpecController(shared), ecsGmsaTaskController(shared)];
}

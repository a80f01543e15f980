// The AWS account id of the operator's credentials (STS GetCallerIdentity), once per partition.
import type { AwsCallRecorder } from './call.js';
import type { StaticCredentials } from './clients.js';
import { classifyAwsError, toAwsError } from './errors.js';
import { stsSdk } from './sdk.js';

const { GetCallerIdentityCommand, STSClient } = stsSdk;

export interface AccountIdOptions {
  endpoint?: string;
  credentials?: StaticCredentials;
  recorder?: AwsCallRecorder;
}

/** A region's partition key: credentials belong to one account per partition. */
function partitionKey(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const OUTCOME = {
  throttled: 'throttled',
  transient: 'transient',
  'access-denied': 'access_denied',
  terminal: 'terminal',
} as const;

/**
 * Resolves the account id for a region, calling STS once per partition; a failure is not cached
 * (the next reconcile asks again).
 */
export function accountIdResolver(options: AccountIdOptions = {}): (region: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (region) => {
    const key = partitionKey(region);
    const cached = cache.get(key);
    if (cached) return cached;
    const client = new STSClient({
      region,
      maxAttempts: 3,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    const pending = client
      .send(new GetCallerIdentityCommand({}))
      .then((out) => {
        options.recorder?.('sts', 'GetCallerIdentity', 'success');
        if (!out.Account) throw new Error('STS GetCallerIdentity returned no account');
        return out.Account;
      })
      .catch((err: unknown) => {
        cache.delete(key);
        options.recorder?.('sts', 'GetCallerIdentity', OUTCOME[classifyAwsError(err)]);
        throw toAwsError(err, { service: 'sts', operation: 'GetCallerIdentity' });
      })
      .finally(() => client.destroy());
    cache.set(key, pending);
    return pending;
  };
}

// The rate limiter in the SDK's own pipeline: every attempt, the SDK's retries included, waits for a slot
// and teaches the limiter what AWS answered. Placed after the retry step and before signing, so a long
// wait never sends a stale signature and a retry of a throttled call queues like any other call.
import { classifyAwsError } from './errors.js';
import type { AwsService } from './rateLimitDefaults.js';
import type { AwsRateLimiter } from './rateLimits.js';

/**
 * What one attempt told us about the rate: AWS answered it (a "not found" or a refusal is an answer too),
 * throttled it, or failed in a way that says nothing about the rate (5xx, network).
 */
export type AttemptOutcome = 'accepted' | 'throttled' | 'other';

/** An SDK v3 client: anything with a middleware stack. */
export interface LimitableClient {
  middlewareStack: object;
}

type Handler = (args: unknown) => Promise<unknown>;

/** The one overload of `middlewareStack.addRelativeTo` used here (the SDK's own types are a transitive dependency). */
type AddRelativeTo = (
  middleware: (next: Handler, context: { commandName?: string }) => Handler,
  options: { name: string; relation: 'before'; toMiddleware: string; override: true },
) => void;

/** The operation of an SDK command name (`GetParameterCommand` → `GetParameter`). */
export function operationOf(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

/** The outcome of a failed attempt, from the one error classification. */
export function attemptOutcomeOf(err: unknown): AttemptOutcome {
  const kind = classifyAwsError(err);
  return kind === 'throttled' ? 'throttled' : kind === 'transient' ? 'other' : 'accepted';
}

/** Puts `limiter` in front of every attempt `client` makes for `service`. */
export function limitAttempts(client: LimitableClient, service: AwsService, limiter: AwsRateLimiter): void {
  const stack = client.middlewareStack as { addRelativeTo: AddRelativeTo };
  stack.addRelativeTo(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      await limiter.acquire(service, operation);
      try {
        const out = await next(args);
        limiter.feedback(service, operation, 'accepted');
        return out;
      } catch (err: unknown) {
        limiter.feedback(service, operation, attemptOutcomeOf(err));
        throw err;
      }
    },
    // The signing step runs after the retry step: just before it is inside the retry loop.
    { name: 'ecsgmsaRateLimit', relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true },
  );
}

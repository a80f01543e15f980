// The BlockedError a promise must reject with (an ensure* refusing): anything else fails the test.
import { BlockedError } from '../../src/controllers/common/outcome.js';

/** Awaits `promise` and returns the BlockedError it rejected with; throws if it resolved or rejected otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<BlockedError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BlockedError)) throw new Error(`expected a BlockedError, got ${String(err)}`);
  return err;
}

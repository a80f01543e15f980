// Test helpers for the AWS layer: SDK-shaped errors, Node network errors and a sleep clock on FakeClock.
import { FakeClock } from '../../fixtures/fakeClock.js';

/** An error shaped like an SDK v3 service exception (name = code, $fault, $metadata). */
export function sdkError(
  code: string,
  options: { status?: number; message?: string; fault?: 'client' | 'server'; attempts?: number; s3Code?: boolean } = {},
): Error {
  const err = new Error(options.message ?? `${code} happened`);
  return Object.assign(err, {
    name: code,
    $fault: options.fault ?? ((options.status ?? 400) >= 500 ? 'server' : 'client'),
    $metadata: { httpStatusCode: options.status ?? 400, requestId: 'req-1', attempts: options.attempts ?? 1 },
    ...(options.s3Code ? { Code: code } : {}),
  });
}

/** A Node system error as the HTTP handler surfaces it (no HTTP answer). */
export function nodeError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect', $metadata: { attempts: 3 } });
}

/** A limiter clock whose timers fire only when the test advances it. */
export function fakeLimiterClock(start = 0): FakeClock {
  return new FakeClock(start);
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

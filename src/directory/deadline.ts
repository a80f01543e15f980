// A time limit around one promise, with a typed error instead of a library's message text.
import { DirectoryError } from './errors.js';

/** Resolves as `work` does, or rejects with an `unreachable` DirectoryError after `ms` and runs `onTimeout`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DirectoryError('unreachable', `${what} timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // The losing promise must not surface as an unhandled rejection.
    work.catch(() => undefined);
  }
}

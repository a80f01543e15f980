// Writes a status and, when the apiserver refuses it, says so in an event: a refused status write must
// never become a silent retry loop with an empty status.
import { KubeApiError } from '../kube/errors.js';
import type { EventRecorder, EventSubject } from '../kube/events.js';

/** The status writer of one kind (ObjectClient). */
export interface StatusWriter<T> {
  writeStatus(obj: T, status: unknown): Promise<boolean>;
}

/**
 * Writes `status` when it changed (true when written). A refusal by the apiserver is recorded as a
 * Warning event `StatusWriteFailed` naming the apiserver's reason, then rethrown for a backoff retry.
 */
export async function writeStatusOrReport<T extends EventSubject>(client: StatusWriter<T>, events: EventRecorder, obj: T, status: unknown): Promise<boolean> {
  try {
    return await client.writeStatus(obj, status);
  } catch (err: unknown) {
    if (err instanceof KubeApiError) await events.record(obj, 'Warning', 'StatusWriteFailed', `the apiserver refused the status update (${err.status} ${err.reason}): ${err.message}; retrying`);
    throw err;
  }
}

// Kubernetes API errors as values with the server's status code and reason.

/** A failed Kubernetes API call: HTTP status plus the metav1.Status reason and message. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** True for an API error with one of `statuses`. */
export function isStatus(err: unknown, ...statuses: number[]): err is KubeApiError {
  return err instanceof KubeApiError && statuses.includes(err.status);
}

/** 404. */
export const isNotFound = (err: unknown): err is KubeApiError => isStatus(err, 404);

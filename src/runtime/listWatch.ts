// The port a watcher lists and watches through; src/kube implements it over the API server.

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

/** A running watch; `stop` closes it (its `onDone` still fires once). */
export interface WatchHandle {
  stop(): void;
}

export interface WatchRequest<T> {
  resourceVersion: string;
  /** Server-side timeout: the server closes the watch after this many seconds. */
  timeoutSeconds: number;
  onEvent(type: WatchEventType, object: T): void;
  /** Called once when the watch ends: `undefined` for a clean close, else the error. */
  onDone(err: unknown): void;
}

export interface ListOptions<T> {
  /**
   * Applied to each item as its page arrives, so a list never holds every object in full (managedFields
   * and all) at once; the returned items are the transformed ones.
   */
  transform?: (obj: T) => T;
}

export interface ListWatch<T> {
  /** Lists every object (paginated inside) with the collection's resourceVersion. */
  list(options?: ListOptions<T>): Promise<ListResult<T>>;
  /** Starts a watch from `resourceVersion` with bookmarks enabled. */
  watch(request: WatchRequest<T>): Promise<WatchHandle>;
}

/** A watch error event or close meaning the resourceVersion is too old: relist. */
export class ResourceExpiredError extends Error {
  override readonly name = 'ResourceExpiredError';
}

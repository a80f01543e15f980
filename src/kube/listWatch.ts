// ListWatch over the API server: paginated lists and bookmark-enabled watches, optionally metadata-only.
import type {
  ListOptions,
  ListResult,
  ListWatch,
  WatchEventType,
  WatchHandle,
  WatchRequest,
} from '../runtime/listWatch.js';
import type { KubeHttp } from './http.js';
import { collectionPath, type ResourceType } from './resources.js';

export interface ListWatchOptions {
  type: ResourceType;
  /** Limit to one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  /** Receive PartialObjectMetadata only (e.g. Secrets: learn of changes without caching data). */
  metadataOnly?: boolean;
  /** Page size of lists. @default 500 */
  pageSize?: number;
}

const META_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const META_WATCH = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

interface ListPage<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

function listPage<T>(http: KubeHttp, path: string, options: ListWatchOptions, token?: string): Promise<ListPage<T>> {
  return http.request<ListPage<T>>({
    method: 'GET',
    path,
    query: { limit: options.pageSize ?? 500, continue: token, labelSelector: options.labelSelector },
    ...(options.metadataOnly ? { accept: META_LIST } : {}),
    timeoutMs: 60_000,
  });
}

/** A ListWatch for one resource type. */
export function apiListWatch<T>(http: KubeHttp, options: ListWatchOptions): ListWatch<T> {
  const path = collectionPath(options.type, options.namespace);
  return {
    async list(listOptions: ListOptions<T> = {}): Promise<ListResult<T>> {
      const transform = listOptions.transform ?? ((obj: T): T => obj);
      const items: T[] = [];
      let token: string | undefined;
      let resourceVersion = '';
      do {
        const page = await listPage<T>(http, path, options, token);
        for (const item of page.items ?? []) items.push(transform(item));
        token = page.metadata?.continue || undefined;
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      } while (token);
      return { items, resourceVersion };
    },
    async watch(request: WatchRequest<T>): Promise<WatchHandle> {
      return http.stream(
        {
          method: 'GET',
          path,
          query: {
            watch: true,
            resourceVersion: request.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: request.timeoutSeconds,
            labelSelector: options.labelSelector,
          },
          ...(options.metadataOnly ? { accept: META_WATCH } : {}),
          timeoutMs: (request.timeoutSeconds + 60) * 1000,
        },
        (line) => {
          const event = line as { type?: WatchEventType; object?: T };
          if (event.type && event.object) request.onEvent(event.type, event.object);
        },
        (err) => request.onDone(err),
      );
    },
  };
}

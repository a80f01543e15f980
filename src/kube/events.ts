// Records events.k8s.io/v1 Events on our objects, deduplicated, so `kubectl describe` tells the story.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import { EventDedup } from './eventDedup.js';
import type { KubeHttp } from './http.js';
import { collectionPath, EVENTS } from './resources.js';

/** The object an event is about. */
export interface EventSubject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Emits unless the same (object, type, reason, message) was emitted within the dedup window. */
  record(subject: EventSubject, type: EventType, reason: string, message: string): Promise<void>;
}

export interface EventRecorderOptions {
  http: KubeHttp;
  clock: Clock;
  /** reportingController. @default 'ecsgmsa.io/operator' */
  controller?: string;
  /** reportingInstance, e.g. the pod name. */
  instance: string;
  /** Identical events within this window are dropped. @default 600000 (10 min) */
  dedupWindowMs?: number;
  /** Events remembered for deduplication at most (the oldest forgotten first). @default 10000 */
  dedupCapacity?: number;
  onError?: (err: unknown) => void;
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** An EventRecorder writing to the API server. Failures are reported, never thrown: events are best effort. */
export function kubeEventRecorder(options: EventRecorderOptions): EventRecorder {
  const recent = new EventDedup({
    windowMs: options.dedupWindowMs ?? 600_000,
    ...(options.dedupCapacity !== undefined ? { capacity: options.dedupCapacity } : {}),
  });
  return {
    async record(subject, type, reason, message) {
      const now = options.clock.now();
      const key = JSON.stringify([
        subject.metadata.uid ?? subject.metadata.name,
        subject.metadata.namespace,
        type,
        reason,
        message,
      ]);
      if (!recent.firstInWindow(key, now)) return;
      const namespace = subject.metadata.namespace ?? 'default';
      const body = {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: `${subject.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
        eventTime: microTime(now),
        reportingController: options.controller ?? 'ecsgmsa.io/operator',
        reportingInstance: options.instance,
        action: reason,
        reason,
        note: message.slice(0, 1024),
        type,
        regarding: {
          apiVersion: subject.apiVersion,
          kind: subject.kind,
          name: subject.metadata.name,
          namespace,
          uid: subject.metadata.uid,
          resourceVersion: subject.metadata.resourceVersion,
        },
      };
      try {
        await options.http.request({ method: 'POST', path: collectionPath(EVENTS, namespace), body, timeoutMs: 5000 });
      } catch (err: unknown) {
        recent.forget(key);
        options.onError?.(err);
      }
    },
  };
}

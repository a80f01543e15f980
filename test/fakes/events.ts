// An event recorder that keeps what it recorded (the real one is best effort and never throws, nor does this).
import type { EventReason } from '../../src/api/conditions.js';
import type { Events } from '../../src/controllers/common/lifecycle.js';
import type { EventSubject, EventType } from '../../src/kube/events.js';

/** One recorded event. */
export interface RecordedEvent {
  /** `namespace/name` of the object it is about. */
  object: string;
  type: EventType;
  reason: EventReason;
  message: string;
}

/** Events in memory. */
export class FakeEvents implements Events {
  readonly recorded: RecordedEvent[] = [];

  record(subject: EventSubject, type: EventType, reason: EventReason, message: string): Promise<void> {
    const object = `${subject.metadata.namespace ?? ''}/${subject.metadata.name}`;
    this.recorded.push({ object, type, reason, message });
    return Promise.resolve();
  }

  /** `Type Reason` of every event, in order (`['Normal CredentialSpecStored']`). */
  summary(): string[] {
    return this.recorded.map((e) => `${e.type} ${e.reason}`);
  }
}

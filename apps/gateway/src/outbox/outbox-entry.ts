import type { TopicName } from '@followup/contracts';

/** An event whose state change is stored but whose publication the broker has not acknowledged yet. */
export interface PendingEvent {
  topic: TopicName;
  key: string;
  event: { event_id: string; request_id: string };
  markPublished(): Promise<void>;
}

/**
 * A collection that records "this change still needs announcing" in the same write as the change
 * itself (FerretDB has no multi-document transactions), so a crash between the write and the publish
 * loses nothing: the relay finds the marker and publishes again.
 */
export interface OutboxSource {
  readonly name: string;
  findStale(olderThan: Date, limit: number): Promise<PendingEvent[]>;
}

export const OUTBOX_SOURCES = Symbol('OUTBOX_SOURCES');

import { Schema } from 'mongoose';
import type { TopicName } from '@followup/contracts';

/** An event to publish, as an outbox keeps it: topic, partition key and the event itself. */
export interface OutboxMessage {
  topic: TopicName;
  key: string;
  event: { event_id: string; request_id?: string };
}

/** The fields a document carries while its events are not yet acknowledged by the broker. */
export interface OutboxMarker {
  outbox: OutboxMessage[];
  outbox_pending: true;
  outbox_at: Date;
}

/** The index the relay's query uses (withOutbox adds it). */
export const OUTBOX_INDEX = { outbox_pending: 1, outbox_at: 1 } as const;

/** The fields a document has once its events are published. */
export const OUTBOX_CLEARED = { outbox: null, outbox_pending: false } as const;

/**
 * The marker to write in the SAME write as the state change the messages announce (FerretDB has no
 * multi-document transactions): spread it into the insert or the `$set`. A crash before the publish loses
 * nothing: the relay finds `outbox_pending` and publishes the stored events, with the same ids.
 */
export function outboxMarker(messages: OutboxMessage[], at: Date = new Date()): OutboxMarker {
  return { outbox: messages, outbox_pending: true, outbox_at: at };
}

/**
 * Adds the outbox fields to a collection's schema, and the index the relay's query uses. The query is an
 * equality on `outbox_pending` because FerretDB serves only equalities from an index (a GIN bitmap scan);
 * `outbox: { $ne: null }` or a range on a date alone would scan the collection there.
 */
export function withOutbox<S extends Schema>(schema: S): S {
  schema.add({
    outbox: { type: [Schema.Types.Mixed], default: undefined },
    outbox_pending: { type: Boolean },
    outbox_at: { type: Date },
  });
  schema.index(OUTBOX_INDEX);
  return schema;
}

/** The outbox fields as a record class declares them (withOutbox adds them to its schema). */
export interface OutboxFields {
  outbox?: OutboxMessage[] | null;
  outbox_pending?: boolean;
  outbox_at?: Date;
}

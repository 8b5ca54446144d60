import { Injectable } from '@nestjs/common';
import { FilterQuery, Model } from 'mongoose';
import { EventPublisher } from '../event-publisher';
import { OUTBOX_CLEARED, OutboxFields, OutboxMessage } from './outbox-message';

/** A document whose outbox marker is still set: what to publish, and how to clear the marker afterwards. */
export interface DueOutbox {
  messages: OutboxMessage[];
  clear(): Promise<void>;
}

/**
 * Where the relay finds markers left behind by a failed publish or a crash: one per collection. Most are a
 * CollectionOutbox; a collection whose writes must all go through its own guard provides its own `clear`.
 */
export interface OutboxSource {
  readonly name: string;
  findDue(olderThan: Date, limit: number): Promise<DueOutbox[]>;
}

/** The one filter that clears a marker: only the marker of these messages, not a newer one written meanwhile. */
export function sameOutboxMarker(messages: OutboxMessage[]): Record<string, string> {
  return { 'outbox.0.event.event_id': messages[0].event.event_id };
}

/** The outbox markers of one collection (its schema passed through withOutbox), found by the outbox index. */
export class CollectionOutbox<T extends OutboxFields> implements OutboxSource {
  readonly name: string;

  constructor(private readonly model: Model<T>) {
    this.name = model.collection.collectionName;
  }

  async findDue(olderThan: Date, limit: number): Promise<DueOutbox[]> {
    const due = await this.model
      .find({ outbox_pending: true, outbox_at: { $lt: olderThan } } as FilterQuery<T>, { _id: 1, outbox: 1 })
      .limit(limit)
      .lean<{ _id: unknown; outbox?: OutboxMessage[] | null }[]>()
      .exec();
    return due.flatMap(({ _id, outbox }) =>
      outbox && outbox.length > 0 ? [{ messages: outbox, clear: () => this.clear({ _id } as FilterQuery<T>, outbox) }] : [],
    );
  }

  /** Clears the marker of `messages` on the document `filter` names (one conditional update). */
  async clear(filter: FilterQuery<T>, messages: OutboxMessage[]): Promise<void> {
    await this.model
      .updateOne({ ...filter, ...sameOutboxMarker(messages) } as FilterQuery<T>, { $set: OUTBOX_CLEARED }, { timestamps: false })
      .exec();
  }
}

/**
 * Publishes the events of outbox markers and then clears them (see outboxMarker): right after the state
 * change (`deliver`), and for the markers a source finds due (`relay`, run by the OutboxRelay).
 */
@Injectable()
export class Outbox {
  constructor(private readonly publisher: EventPublisher) {}

  /** Publishes `messages` (stored as the marker of the document `filter` names) in one batch, then clears the marker. */
  async deliver<T extends OutboxFields>(model: Model<T>, filter: FilterQuery<T>, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.publisher.publishAll(messages);
    await new CollectionOutbox(model).clear(filter, messages);
  }

  /** Publishes every due marker of the source (one batch to the broker), then clears them; returns how many. */
  async relay(source: OutboxSource, olderThan: Date, limit: number): Promise<number> {
    const due = await source.findDue(olderThan, limit);
    if (due.length === 0) return 0;
    await this.publisher.publishAll(due.flatMap((document) => document.messages));
    await Promise.all(due.map((document) => document.clear()));
    return due.length;
  }
}

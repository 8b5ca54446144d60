import { Injectable } from '@nestjs/common';
import { EventPublisher, OutboxMessage, PublishFailedError } from '@followup/messaging';
import { RecommendationRequestRepository } from './recommendation-request.repository';
import { VersionedRecommendation } from './recommendation-versions';

/**
 * Publishes the event a recommendation record was just written with as its outbox, and clears the outbox once the
 * broker acknowledged it. A publish Kafka refuses is left to the outbox relay, which finds the record by its marker.
 */
@Injectable()
export class RecordOutboxPublisher {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /** Publishes now, or answers the error that deferred it to the relay. `stored`: the record as written, which saves a read. */
  async publish(
    tenant: string,
    recommendationId: string,
    { topic, key, event }: OutboxMessage,
    stored: VersionedRecommendation,
  ): Promise<PublishFailedError | undefined> {
    try {
      await this.publisher.publish(topic, key, event);
      await this.requests.markPublished(tenant, recommendationId, event.event_id, stored);
      return undefined;
    } catch (error) {
      if (!(error instanceof PublishFailedError)) throw error;
      return error;
    }
  }
}

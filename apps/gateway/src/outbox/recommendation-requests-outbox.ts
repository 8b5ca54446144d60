import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { OutboxRelay } from '@followup/messaging';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { RecommendationsModule } from '../recommendations/recommendations.module';

/**
 * The recommendation requests' outbox as a source of the service's one relay (libs/messaging): every write to
 * a request record goes through its own guard, so it finds and clears its markers itself (`findStale`).
 */
@Injectable()
class RecommendationRequestsOutbox implements OnModuleInit {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.relay.register({
      name: this.requests.name,
      findDue: async (olderThan, limit) =>
        (await this.requests.findStale(olderThan, limit)).map(({ topic, key, event, markPublished }) => ({
          messages: [{ topic, key, event }],
          clear: markPublished,
        })),
    });
  }
}

@Module({ imports: [RecommendationsModule], providers: [RecommendationRequestsOutbox] })
export class RecommendationRequestsOutboxModule {}

import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationFailedEvent, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';

@Controller()
export class RecommendationOutcomesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly recordOutcome: RecordRecommendationOutcomeUseCase,
  ) {}

  @EventPattern(Topics.RecommendationGenerated)
  onGenerated(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationGeneratedEvent, raw, context, (event) =>
      this.recordOutcome.execute({
        tenant: event.tenant,
        recommendationId: event.payload.recommendation_id,
        outcome: {
          status: 'completed',
          result: event.payload.result,
          confidence: event.payload.confidence,
          channel_ranking: event.payload.channel_ranking,
        },
        attempt: event.payload.attempt,
        revisionOf: event.payload.revision_of,
      }),
    );
  }

  @EventPattern(Topics.RecommendationFailed)
  onFailed(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationFailedEvent, raw, context, (event) =>
      this.recordOutcome.execute({
        tenant: event.tenant,
        recommendationId: event.payload.recommendation_id,
        outcome: { status: 'failed', error: event.payload.error },
        attempt: event.payload.attempt,
      }),
    );
  }
}

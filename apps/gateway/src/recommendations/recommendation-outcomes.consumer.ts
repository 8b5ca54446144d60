import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationFailedEvent, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { answerFromFailed, answerFromGenerated } from './recommender-answers';
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
      this.recordOutcome.execute(answerFromGenerated(event)),
    );
  }

  @EventPattern(Topics.RecommendationFailed)
  onFailed(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationFailedEvent, raw, context, (event) =>
      this.recordOutcome.execute(answerFromFailed(event)),
    );
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationRequestedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { RetriedRevisions } from '../feedback/retried-revisions';
import { GenerateRecommendationUseCase } from './generate-recommendation.use-case';

@Controller()
export class RecommendationRequestsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly generate: GenerateRecommendationUseCase,
    private readonly retriedRevisions: RetriedRevisions,
  ) {}

  @EventPattern(Topics.RecommendationRequested)
  onRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationRequestedEvent, raw, context, async (event) =>
      this.generate.execute(event, await this.retriedRevisions.of(event)),
    );
  }
}

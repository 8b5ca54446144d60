import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationReviewedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { ReanalyzeRejectedUseCase } from './reanalyze-rejected.use-case';

@Controller()
export class ReviewsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly reanalyze: ReanalyzeRejectedUseCase,
  ) {}

  @EventPattern(Topics.RecommendationReviewed)
  onReviewed(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationReviewedEvent, raw, context, (event) => this.reanalyze.execute(event));
  }
}

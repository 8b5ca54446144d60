import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationFailedEvent, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { answerFromFailed, answerFromGenerated, answerKeyOf } from './recommender-answers';
import { RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';

/**
 * The durable group's arrival of every answer. An answer to a request waiting in this process was usually recorded by
 * its reply consumer (InstanceReplyListener) before the group's paced fetch brings it: it is then skipped before
 * validation, as recording it again would change nothing.
 */
@Controller()
export class RecommendationOutcomesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly recordOutcome: RecordRecommendationOutcomeUseCase,
  ) {}

  @EventPattern(Topics.RecommendationGenerated)
  async onGenerated(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    if (this.recordOutcome.hasRecorded(answerKeyOf(raw))) return;
    return this.consumer.consume(RecommendationGeneratedEvent, raw, context, (event) =>
      this.recordOutcome.execute(answerFromGenerated(event)),
    );
  }

  @EventPattern(Topics.RecommendationFailed)
  async onFailed(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    if (this.recordOutcome.hasRecorded(answerKeyOf(raw))) return;
    return this.consumer.consume(RecommendationFailedEvent, raw, context, (event) => this.recordOutcome.execute(answerFromFailed(event)));
  }
}

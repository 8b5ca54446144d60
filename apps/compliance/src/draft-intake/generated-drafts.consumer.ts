import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { ReceiveGeneratedDraftUseCase } from './receive-generated-draft.use-case';

@Controller()
export class GeneratedDraftsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly receiveDraft: ReceiveGeneratedDraftUseCase,
  ) {}

  @EventPattern(Topics.RecommendationGenerated)
  onGenerated(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationGeneratedEvent, raw, context, (event) => this.receiveDraft.execute(event));
  }
}

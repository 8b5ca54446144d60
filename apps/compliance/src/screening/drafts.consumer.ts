import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { RecommendationGeneratedEvent, RecommendationReviewedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { ScreenDraftUseCase } from './screen-draft.use-case';

/** Every generated draft is screened (informational), and every approved draft before delivery (gating). */
@Controller()
export class DraftsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly screenDraft: ScreenDraftUseCase,
  ) {}

  @EventPattern(Topics.RecommendationGenerated)
  onGenerated(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationGeneratedEvent, raw, context, (event) =>
      this.screenDraft.execute({
        tenant: event.tenant,
        requestId: event.request_id,
        sourceEventId: event.event_id,
        recommendationId: event.payload.recommendation_id,
        leadId: event.payload.lead_id,
        stage: 'generated',
        draftMessage: event.payload.result.draft_message,
      }),
    );
  }

  @EventPattern(Topics.RecommendationReviewed)
  onReviewed(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(RecommendationReviewedEvent, raw, context, async (event) => {
      if (event.payload.decision === 'rejected') return;
      if (!event.payload.draft_message) throw new Error('an approval without draft_message cannot be screened');
      await this.screenDraft.execute({
        tenant: event.tenant,
        requestId: event.request_id,
        sourceEventId: event.event_id,
        recommendationId: event.payload.recommendation_id,
        leadId: event.payload.lead_id,
        stage: 'pre_delivery',
        draftMessage: event.payload.draft_message,
        channelRanking: event.payload.channel_ranking,
      });
    });
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import {
  DeadLetterEvent,
  DeliveryAttemptedEvent,
  DraftScreenedEvent,
  EngagementLoggedEvent,
  ErasureCompletedEvent,
  EscalationRaisedEvent,
  EventEnvelope,
  LeadUpsertedEvent,
  NotificationRequestedEvent,
  RecommendationFailedEvent,
  RecommendationGeneratedEvent,
  RecommendationRequestedEvent,
  RecommendationReviewedEvent,
  Topics,
} from '@followup/contracts';
import { runWithLogContext } from '@followup/logging';
import { describeValidationErrors, EventConsumer } from '@followup/messaging';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

/** Every workflow topic (not the audit topic itself), each validated against its own event class before it is recorded. */
@Controller()
export class WorkflowEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly recordEvent: RecordAuditEventUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(WorkflowEventsConsumer.name);
  }

  @EventPattern(Topics.LeadUpserted)
  onLeadUpserted(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(LeadUpsertedEvent, raw, context);
  }

  @EventPattern(Topics.RecommendationRequested)
  onRecommendationRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(RecommendationRequestedEvent, raw, context);
  }

  @EventPattern(Topics.RecommendationGenerated)
  onRecommendationGenerated(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(RecommendationGeneratedEvent, raw, context);
  }

  @EventPattern(Topics.RecommendationFailed)
  onRecommendationFailed(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(RecommendationFailedEvent, raw, context);
  }

  @EventPattern(Topics.EngagementLogged)
  onEngagementLogged(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(EngagementLoggedEvent, raw, context);
  }

  @EventPattern(Topics.RecommendationReviewed)
  onRecommendationReviewed(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(RecommendationReviewedEvent, raw, context);
  }

  @EventPattern(Topics.DraftScreened)
  onDraftScreened(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(DraftScreenedEvent, raw, context);
  }

  @EventPattern(Topics.ComplianceEscalation)
  onComplianceEscalation(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(EscalationRaisedEvent, raw, context);
  }

  @EventPattern(Topics.DeliveryAttempted)
  onDeliveryAttempted(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(DeliveryAttemptedEvent, raw, context);
  }

  @EventPattern(Topics.NotificationRequested)
  onNotificationRequested(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(NotificationRequestedEvent, raw, context);
  }

  /** Each service's confirmation of an erasure: counts per store, chained like any event (the request is chained by the erasure module). */
  @EventPattern(Topics.ErasureCompleted)
  onErasureCompleted(@Payload() raw: unknown, @Ctx() context: KafkaContext) {
    return this.record(ErasureCompletedEvent, raw, context);
  }

  /** A dead letter that is itself malformed cannot be dead-lettered again: it is logged and skipped. */
  @EventPattern(Topics.DeadLetter)
  async onDeadLetter(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    const deadLetter = plainToInstance(DeadLetterEvent, raw);
    const problems = typeof raw === 'object' && raw !== null ? describeValidationErrors(await validate(deadLetter)) : ['not a JSON object'];
    if (problems.length > 0) {
      this.logger.error(
        { error_code: 'MALFORMED_DEAD_LETTER', details: { problems, offset: context.getMessage().offset } },
        'malformed dead letter skipped',
      );
      return;
    }
    const requestId = typeof deadLetter.request_id === 'string' ? deadLetter.request_id : undefined;
    await runWithLogContext({ request_id: requestId, topic: context.getTopic(), event_type: 'dead_letter' }, async () => {
      await this.recordEvent.recordDeadLetter(context.getTopic(), deadLetter);
    });
  }

  private record<E extends EventEnvelope<object>>(eventClass: new () => E, raw: unknown, context: KafkaContext): Promise<void> {
    return this.consumer.consume(eventClass, raw, context, async (event) => {
      await this.recordEvent.execute(context.getTopic(), event);
    });
  }
}

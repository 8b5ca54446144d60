import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import {
  DeadLetterEvent,
  EventEnvelope,
  LeadUpsertedEvent,
  RecommendationFailedEvent,
  RecommendationGeneratedEvent,
  RecommendationRequestedEvent,
  Topics,
  TopicName,
} from '@followup/contracts';
import { describeValidationErrors, EventConsumer } from '@followup/messaging';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

/** Every workflow topic, each validated against its own event class before it is recorded. */
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

  /** A dead letter that is itself malformed cannot be dead-lettered again: it is logged and skipped. */
  @EventPattern(Topics.DeadLetter)
  async onDeadLetter(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    const deadLetter = plainToInstance(DeadLetterEvent, raw);
    const problems = typeof raw === 'object' && raw !== null ? describeValidationErrors(await validate(deadLetter)) : ['not a JSON object'];
    if (problems.length > 0) {
      this.logger.error({ problems, offset: context.getMessage().offset }, 'malformed dead letter skipped');
      return;
    }
    await this.recordEvent.recordDeadLetter(Topics.DeadLetter, deadLetter);
  }

  private record<E extends EventEnvelope<object>>(eventClass: new () => E, raw: unknown, context: KafkaContext): Promise<void> {
    return this.consumer.consume(eventClass, raw, context, async (event) => {
      await this.recordEvent.execute(context.getTopic() as TopicName, event);
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import { SERVICE_NAME } from '@followup/config';
import { DeadLetterEvent, DeadLetterReason, EventEnvelope, Topics } from '@followup/contracts';
import { runWithLogContext } from '@followup/logging';
import { EventPublisher } from './event-publisher';
import { eventInstance, isJsonObject } from './event-instance';
import { isTransientInfrastructureError } from './transient-errors';
import { describeValidationErrors } from './validation-problems';

type EventClass<E> = new () => E;

interface WorkflowIds {
  recommendation_id?: unknown;
  lead_id?: unknown;
  lead?: { lead_id?: unknown };
}

/** Where a consumed message came from: Nest's KafkaContext, or the same read from a kafkajs batch. */
export type MessageContext = Pick<KafkaContext, 'getTopic' | 'getPartition' | 'getMessage'>;

export type CheckedEvent<E> =
  { problem?: undefined; event: E } | { problem: 'unparseable' | 'validation_failed'; problems: string[]; requestId?: string };

/** A message value as an instance of its event class, or what is wrong with it. */
export async function checkEvent<E extends EventEnvelope<object>>(eventClass: EventClass<E>, raw: unknown): Promise<CheckedEvent<E>> {
  if (!isJsonObject(raw)) {
    return { problem: 'unparseable', problems: ['message value is not a JSON object'] };
  }
  const event = eventInstance(eventClass, raw);
  const problems = describeValidationErrors(await validate(event, { forbidUnknownValues: true }));
  if (problems.length > 0) {
    return { problem: 'validation_failed', problems, requestId: typeof event.request_id === 'string' ? event.request_id : undefined };
  }
  return { event };
}

/**
 * What every Kafka handler does around its use case: validate the event against its class, run the use
 * case with the event's ids in every log line, dead-letter what is invalid or fails for a reason of its
 * own, and rethrow infrastructure outages so kafkajs redelivers instead of committing the offset.
 */
@Injectable()
export class EventConsumer {
  private deadLettered = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.logger.setContext(EventConsumer.name);
  }

  get deadLetterCount(): number {
    return this.deadLettered;
  }

  async consume<E extends EventEnvelope<object>>(
    eventClass: EventClass<E>,
    raw: unknown,
    context: MessageContext,
    handle: (event: E) => Promise<void>,
  ): Promise<void> {
    const checked = await checkEvent(eventClass, raw);
    if (checked.problem !== undefined) {
      return this.deadLetter(context, checked.problem, checked.problems, checked.requestId);
    }
    const { event } = checked;
    const requestId = event.request_id;
    const ids = (event.payload ?? {}) as WorkflowIds;
    const bindings = {
      request_id: event.request_id,
      tenant: event.tenant,
      topic: context.getTopic(),
      event_type: event.event_type,
      recommendation_id: typeof ids.recommendation_id === 'string' ? ids.recommendation_id : undefined,
      lead_id: typeof ids.lead_id === 'string' ? ids.lead_id : typeof ids.lead?.lead_id === 'string' ? ids.lead.lead_id : undefined,
    };
    await runWithLogContext(bindings, async () => {
      try {
        await handle(event);
      } catch (error) {
        if (isTransientInfrastructureError(error)) {
          this.logger.warn({ error_name: (error as Error).name }, 'infrastructure unavailable; event will be redelivered');
          throw error;
        }
        this.logger.error({ error_name: (error as Error).name, error_message: (error as Error).message }, 'event processing failed');
        await this.deadLetter(context, 'processing_failed', [(error as Error).message], requestId);
      }
    });
  }

  private async deadLetter(context: MessageContext, reason: DeadLetterReason, problems: string[], requestId: string | undefined) {
    const message = context.getMessage();
    const deadLetter: DeadLetterEvent = {
      consumer: this.service,
      source_topic: context.getTopic(),
      source_partition: context.getPartition(),
      source_offset: message.offset,
      reason,
      problems,
      request_id: requestId,
      original_value:
        message.value === null ? '' : Buffer.isBuffer(message.value) ? message.value.toString('utf8') : JSON.stringify(message.value),
      dead_lettered_at: new Date().toISOString(),
    };
    await this.publisher.publish(Topics.DeadLetter, `${deadLetter.source_topic}:${deadLetter.source_partition}`, deadLetter);
    this.deadLettered += 1;
    this.logger.warn(
      {
        reason,
        problems,
        source_topic: deadLetter.source_topic,
        source_offset: deadLetter.source_offset,
        dead_letter_count: this.deadLettered,
      },
      'event dead-lettered',
    );
  }
}

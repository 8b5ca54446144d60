import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { KafkaParser } from '@nestjs/microservices';
import { EachBatchPayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, SERVICE_NAME } from '@followup/config';
import { ErasureCompletedEvent, ErasureRequestedEvent, ServiceName, TopicName, Topics } from '@followup/contracts';
import { BatchConsumer, BatchConsumerSettings } from './batch-consumer';
import { EventConsumer, MessageContext } from './event-consumer';
import { VIEW_MAX_SILENCE_MS } from './event-fed-view';
import { createEvent } from './event-factory';
import { EventPublisher } from './event-publisher';
import { CONSUMER_FETCH_WAIT_MS, topicGroupId } from './kafka-options';

/** What a service holds of a lead, erased in its own database: returns per store how many records changed. */
export abstract class LeadErasureStore {
  abstract erase(tenant: string, leadId: string): Promise<Record<string, number>>;
}

/**
 * How long after its first pass an erasure passes again: by then every instance's in-memory view that still answers
 * (EventFedView: it has fetched within VIEW_MAX_SILENCE_MS, and a fetch waits at most CONSUMER_FETCH_WAIT_MS) holds the
 * request, so a write of the lead's data after that knows the lead is erased, and a write before it is swept.
 */
export const SECOND_ERASURE_PASS_AFTER_MS = VIEW_MAX_SILENCE_MS + CONSUMER_FETCH_WAIT_MS;
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * A service's share of `npm run audit:erase`: erases what its LeadErasureStore holds of the lead, twice
 * (SECOND_ERASURE_PASS_AFTER_MS apart, so what work in flight at the first pass wrote of the lead is erased by the
 * second, see each store), then confirms on the completion topic with the counts (never a value). A redelivered
 * request erases nothing more and confirms again.
 */
@Injectable()
export class EraseLeadUseCase {
  /** SECOND_ERASURE_PASS_AFTER_MS; a unit test shortens it. */
  secondPassAfterMs = SECOND_ERASURE_PASS_AFTER_MS;

  constructor(
    private readonly store: LeadErasureStore,
    private readonly publisher: EventPublisher,
    private readonly logger: PinoLogger,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {
    this.logger.setContext(EraseLeadUseCase.name);
  }

  /**
   * `heartbeat`: the consumer group's, beaten every second of the wait, so the group keeps its member (kafkajs beats
   * only between batches). The wait holds the consumer for its length: the erasure topic's own group's, which reads nothing else.
   */
  async execute(request: ErasureRequestedEvent, heartbeat: () => Promise<void>): Promise<void> {
    const { erasure_id, lead_id } = request.payload;
    const first = await this.store.erase(request.tenant, lead_id);
    for (let waited = 0; waited < this.secondPassAfterMs; waited += HEARTBEAT_EVERY_MS) {
      await sleep(Math.min(HEARTBEAT_EVERY_MS, this.secondPassAfterMs - waited));
      await heartbeat();
    }
    const erased = summed(first, await this.store.erase(request.tenant, lead_id));
    const context = { request_id: request.request_id, tenant: request.tenant, actor: { kind: 'service' as const, id: this.service } };
    // one completion per erasure and service: a redelivered request's second report (nothing left to erase) is the same event
    const completed = createEvent(
      ErasureCompletedEvent,
      this.service,
      context,
      {
        erasure_id,
        lead_id,
        service: this.service,
        erased: Object.entries(erased).map(([store, count]) => ({ store, count })),
        completed_at: new Date().toISOString(),
      },
      erasure_id,
    );
    await this.publisher.publish(Topics.ErasureCompleted, lead_id, completed);
    this.logger.info({ erasure_id, erased }, 'lead erased');
  }
}

/** How many requests of a batch are carried out at once (a backlog, e.g. a new group reading the topic from its start). */
const ERASURES_AT_ONCE = 8;

/**
 * How a service reads the erasure requests: with the topic's own group (the catalog's `consumerGroupSuffix`), which
 * reads nothing else, so the wait between an erasure's two passes holds up none of the service's other work.
 */
export function erasureRequestsReading(environment: Environment, service: ServiceName): BatchConsumerSettings {
  return {
    service,
    clientId: `followup-${service}-erasure`,
    groupId: topicGroupId(environment, service, Topics.ErasureRequested),
    topics: [Topics.ErasureRequested],
    partitionsConsumedConcurrently: 1,
    pacing: 'batched',
  };
}

/**
 * The erasure requests as every service but audit (which chains each request first) reads them
 * (erasureRequestsReading): the service's durable group goes on with every other lead's work while an erasure waits.
 * Up to ERASURES_AT_ONCE requests are carried out side by side.
 */
@Injectable()
export class ErasureRequestsConsumer extends BatchConsumer {
  private readonly parser = new KafkaParser();

  constructor(
    private readonly events: EventConsumer,
    private readonly eraseLead: EraseLeadUseCase,
    environment: Environment,
    logger: PinoLogger,
    @Inject(SERVICE_NAME) service: ServiceName,
  ) {
    super(environment, erasureRequestsReading(environment, service), logger);
    logger.setContext(ErasureRequestsConsumer.name);
  }

  protected async onBatch({ batch, heartbeat, resolveOffset }: EachBatchPayload, topic: TopicName): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += ERASURES_AT_ONCE) {
      const messages = batch.messages.slice(start, start + ERASURES_AT_ONCE);
      await Promise.all(
        messages.map((message) => {
          const decoded = this.parser.parse<ReturnType<MessageContext['getMessage']>>({ ...message, topic, partition: batch.partition });
          const context: MessageContext = { getTopic: () => topic, getPartition: () => batch.partition, getMessage: () => decoded };
          return this.events.consume(ErasureRequestedEvent, decoded.value, context, (event) => this.eraseLead.execute(event, heartbeat));
        }),
      );
      resolveOffset(messages[messages.length - 1].offset);
    }
  }
}

/** Two passes' counts per store, added. */
function summed(first: Record<string, number>, second: Record<string, number>): Record<string, number> {
  const total = { ...first };
  for (const [store, count] of Object.entries(second)) total[store] = (total[store] ?? 0) + count;
  return total;
}

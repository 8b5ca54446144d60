import { Injectable } from '@nestjs/common';
import { KafkaParser } from '@nestjs/microservices';
import { validate } from 'class-validator';
import { Batch } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DeadLetterEvent, ErasureRequestedEvent, EventEnvelope, TopicName, Topics } from '@followup/contracts';
import { runWithLogContext } from '@followup/logging';
import {
  describeValidationErrors,
  EraseLeadUseCase,
  ErasedLeads,
  ErasedLeadsView,
  EventConsumer,
  eventInstance,
  isJsonObject,
  isTransientInfrastructureError,
  MessageContext,
} from '@followup/messaging';
import { AuditEntry, auditEntryOf, deadLetterEntryOf } from '../audit-trail/audit-entry';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { RecordAuditEventsUseCase } from '../audit-trail/record-audit-events.use-case';
import { slicesOf } from '../slices-of';
import { WORKFLOW_EVENT_CLASSES } from './workflow-topics';

/**
 * Events recorded per write: a large fetch (a backlog) is recorded in slices, each write bounded. The produce requests
 * are bounded by EventPublisher (MAX_SEND_BYTES), which a count cannot do: sizes vary, and publishes made together merge.
 */
const MAX_EVENTS_PER_WRITE = 500;

/** One partition's batch of a fetch, with its logical topic. */
export type FetchedBatch = Pick<Batch, 'partition' | 'messages'> & { topic: TopicName };

/** One message of a fetch, decoded as Nest's Kafka server decodes it (so a dead letter carries the same value). */
interface Fetched {
  raw: unknown;
  context: MessageContext;
}

/** An event ready to be recorded with the rest of its slice, how to record it on its own, and what follows once it is. */
interface Recordable {
  entry: AuditEntry;
  /** Records it on its own (dead-lettered when that fails for a reason of its own); true once recorded. */
  recordAlone: (erased: ErasedLeads) => Promise<boolean>;
  /** Runs once the whole fetch is recorded: an erasure comes after every text of its lead that came with it. */
  afterRecorded?: (heartbeat: () => Promise<void>) => Promise<void>;
}

/**
 * Records what one fetch of the first stage brought, from every topic-partition at once: each event validated
 * against its topic's class (the invalid dead-lettered as by every consumer), then one insert of all their texts
 * and one produce request to the chain input; erasure requests are carried out once every slice of the fetch is
 * recorded (a backlog's later slice may hold texts of the erased lead). The texts of leads erased before are stored
 * as tombstones: which leads those are is asked once per fetch (ErasedLeadsView). Should the write fail
 * for a reason of its own, the events are recorded one at a time, so only the one that fails is dead-lettered; an
 * outage is rethrown, for redelivery.
 */
@Injectable()
export class RecordFetchUseCase {
  private readonly parser = new KafkaParser();

  constructor(
    private readonly consumer: EventConsumer,
    private readonly recordEvents: RecordAuditEventsUseCase,
    private readonly eraseLead: EraseLeadUseCase,
    private readonly erasedLeads: ErasedLeadsView,
    private readonly chained: AuditRecordRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordFetchUseCase.name);
  }

  async execute(batches: readonly FetchedBatch[], heartbeat: () => Promise<void>): Promise<void> {
    const fetched = batches.flatMap(({ topic, partition, messages }) =>
      messages.map((message): Fetched => {
        const decoded = this.parser.parse<ReturnType<MessageContext['getMessage']>>({ ...message, topic, partition });
        return { raw: decoded.value, context: { getTopic: () => topic, getPartition: () => partition, getMessage: () => decoded } };
      }),
    );
    const slices: Recordable[][] = [];
    for (const slice of slicesOf(fetched, MAX_EVENTS_PER_WRITE)) {
      const recordables = await Promise.all(slice.map((item) => this.recordableOf(item)));
      slices.push(recordables.filter((recordable): recordable is Recordable => recordable !== undefined));
    }
    const entries = slices.flat().map(({ entry }) => entry);
    const recommendationLeads = await this.recommendationLeadsOf(entries);
    const leadIds = [
      ...entries.flatMap((entry) => (entry.drafts.length > 0 && entry.record.lead_id ? [entry.record.lead_id] : [])),
      ...recommendationLeads.values(),
    ];
    const erased = await this.erasedLeads.among(leadIds);
    // a text naming only a recommendation of a lead erased before is that lead's: stored as a tombstone, digested under
    // a key kept nowhere; of a lead not erased, it stays the recommendation's, which the lead's erasure reaches
    for (const [entry, leadId] of recommendationLeads) if (erased.has(entry.record.tenant, leadId)) entry.record.lead_id = leadId;
    const followUps: NonNullable<Recordable['afterRecorded']>[] = [];
    for (const recordables of slices) {
      const recorded = await this.recordSlice(recordables, erased);
      followUps.push(...recorded.flatMap(({ afterRecorded }) => (afterRecorded ? [afterRecorded] : [])));
      await heartbeat();
    }
    // side by side: each erasure waits between its two passes (beating the group's heartbeat meanwhile)
    await Promise.all(followUps.map((followUp) => followUp(heartbeat)));
  }

  /**
   * The lead of each entry whose texts name a recommendation but no lead (a dead letter, a notification), as the
   * recommendation's chained records name it: one query per tenant, only when there are such entries.
   */
  private async recommendationLeadsOf(entries: readonly AuditEntry[]): Promise<Map<AuditEntry, string>> {
    const unattributed = entries.filter(({ drafts, record }) => drafts.length > 0 && !record.lead_id && record.recommendation_id);
    const found = new Map<AuditEntry, string>();
    for (const tenant of new Set(unattributed.map(({ record }) => record.tenant))) {
      const ofTenant = unattributed.filter(({ record }) => record.tenant === tenant);
      const leads = await this.chained.leadsOfRecommendations(
        tenant,
        ofTenant.map(({ record }) => record.recommendation_id!),
      );
      for (const entry of ofTenant) {
        const leadId = leads.get(entry.record.recommendation_id!);
        if (leadId) found.set(entry, leadId);
      }
    }
    return found;
  }

  /** Records the slice's events; answers those recorded (all of them, unless some were dead-lettered alone). */
  private async recordSlice(recordables: readonly Recordable[], erased: ErasedLeads): Promise<Recordable[]> {
    // an erasure request is chained before the confirmations of it that came in the same fetch
    const inChainOrder = [
      ...recordables.filter(({ entry }) => entry.record.source_topic === Topics.ErasureRequested),
      ...recordables.filter(({ entry }) => entry.record.source_topic !== Topics.ErasureRequested),
    ];
    if (await this.recordTogether(inChainOrder, erased)) return inChainOrder;
    const recorded: Recordable[] = [];
    for (const recordable of inChainOrder) if (await recordable.recordAlone(erased)) recorded.push(recordable);
    return recorded;
  }

  /** One write for all: false if it failed for a reason of its own (then each is recorded alone); an outage is rethrown. */
  private async recordTogether(recordables: readonly Recordable[], erased: ErasedLeads): Promise<boolean> {
    try {
      await this.recordEvents.execute(
        recordables.map(({ entry }) => entry),
        erased,
      );
      return true;
    } catch (error) {
      if (isTransientInfrastructureError(error)) {
        const requestIds = [...new Set(recordables.map(({ entry }) => entry.record.request_id).filter((id) => id !== undefined))];
        this.logger.warn(
          { error_name: (error as Error).name, events: recordables.length, request_ids: requestIds },
          'infrastructure unavailable; events will be redelivered',
        );
        throw error;
      }
      this.logger.warn(
        { error_name: (error as Error).name, events: recordables.length },
        'events not recorded together; recording them one by one',
      );
      return false;
    }
  }

  /** The event's entry, or undefined for one dead-lettered (or a malformed dead letter, skipped). */
  private async recordableOf({ raw, context }: Fetched): Promise<Recordable | undefined> {
    const topic = context.getTopic();
    if (topic === Topics.DeadLetter) return this.deadLetterRecordableOf(raw, context);
    if (topic === Topics.ErasureRequested) return this.erasureRecordableOf(raw, context);
    const eventClass = WORKFLOW_EVENT_CLASSES.get(topic as TopicName)!;
    const entry = await this.entryOf(eventClass, raw, context);
    return entry && { entry, recordAlone: (erased) => this.recordedAlone(eventClass, raw, context, entry, erased) };
  }

  /** Records the entry through the consumer's handling (an error of its own dead-letters the event); true once recorded. */
  private async recordedAlone<E extends EventEnvelope<object>>(
    eventClass: new () => E,
    raw: unknown,
    context: MessageContext,
    entry: AuditEntry,
    erased: ErasedLeads,
  ): Promise<boolean> {
    let recorded = false;
    await this.consumer.consume(eventClass, raw, context, async () => {
      await this.recordEvents.execute([entry], erased);
      recorded = true;
    });
    return recorded;
  }

  /** Validated (or dead-lettered) as by every consumer. */
  private async entryOf<E extends EventEnvelope<object>>(
    eventClass: new () => E,
    raw: unknown,
    context: MessageContext,
  ): Promise<AuditEntry | undefined> {
    let entry: AuditEntry | undefined;
    await this.consumer.consume(eventClass, raw, context, async (event) => {
      entry = auditEntryOf(context.getTopic(), event);
    });
    return entry;
  }

  /** The request is chained (lead id, tenant, services; no PII), then the lead's restricted texts are erased and the erasure confirmed like every service. */
  private async erasureRecordableOf(raw: unknown, context: MessageContext): Promise<Recordable | undefined> {
    const entry = await this.entryOf(ErasureRequestedEvent, raw, context);
    return (
      entry && {
        entry,
        recordAlone: (erased) => this.recordedAlone(ErasureRequestedEvent, raw, context, entry, erased),
        afterRecorded: (heartbeat) =>
          this.consumer.consume(ErasureRequestedEvent, raw, context, (event) => this.eraseLead.execute(event, heartbeat)),
      }
    );
  }

  /** A dead letter that is itself malformed cannot be dead-lettered again: it is logged and skipped. */
  private async deadLetterRecordableOf(raw: unknown, context: MessageContext): Promise<Recordable | undefined> {
    const deadLetter = isJsonObject(raw) ? eventInstance(DeadLetterEvent, raw) : undefined;
    const problems = deadLetter ? describeValidationErrors(await validate(deadLetter)) : ['not a JSON object'];
    if (!deadLetter || problems.length > 0) {
      this.logger.error(
        { error_code: 'MALFORMED_DEAD_LETTER', details: { problems, offset: context.getMessage().offset } },
        'malformed dead letter skipped',
      );
      return undefined;
    }
    const entry = deadLetterEntryOf(context.getTopic(), deadLetter);
    const bindings = {
      request_id: typeof deadLetter.request_id === 'string' ? deadLetter.request_id : undefined,
      topic: context.getTopic(),
      event_type: 'dead_letter',
    };
    return {
      entry,
      recordAlone: async (erased) => {
        await runWithLogContext(bindings, () => this.recordEvents.execute([entry], erased));
        return true;
      },
    };
  }
}

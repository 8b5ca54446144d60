import { Injectable } from '@nestjs/common';
import { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { TOPIC_CATALOG, Topics } from '@followup/contracts';
import { BatchConsumer, topicGroupIdOf } from '@followup/messaging';
import { slicesOf } from '../slices-of';
import { RecordToChain } from './audit-chain-appender';
import { ChainRecordsUseCase } from './chain-records.use-case';

/** Records chained per insertMany: a large fetch is chained in slices, each committed before the next. */
const MAX_RECORDS_PER_APPEND = 500;

/** The record a chain input message carries, or undefined for one that is not (only audit writes the topic). */
export function recordToChainOf(message: Pick<KafkaMessage, 'value'>): RecordToChain | undefined {
  try {
    const value: unknown = JSON.parse(message.value?.toString('utf8') ?? '');
    const record = value as Partial<RecordToChain>;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return typeof record.tenant === 'string' && typeof record.event_id === 'string' ? (value as RecordToChain) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the chain input, keyed by tenant, with a consumer group of its own: whichever audit instance owns a
 * tenant's partition chains that tenant, a batch at a time, so instances do not contend for a chain head. A
 * batch is committed only once chained and published; a batch redelivered after a crash or a rebalance finds
 * its events chained (unique event ids) and publishes those records again.
 */
@Injectable()
export class AuditChainConsumer extends BatchConsumer {
  constructor(
    private readonly chainRecords: ChainRecordsUseCase,
    environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'audit',
        clientId: 'followup-audit-chain',
        groupId: topicGroupIdOf(
          environment.KAFKA_TOPIC_PREFIX,
          'audit',
          TOPIC_CATALOG.find((topic) => topic.name === Topics.AuditChainInput)!,
        ),
        topics: [Topics.AuditChainInput],
        partitionsConsumedConcurrently: 3,
        pacing: 'background',
      },
      logger,
    );
    this.logger.setContext(AuditChainConsumer.name);
  }

  protected async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const slice of slicesOf(batch.messages, MAX_RECORDS_PER_APPEND)) {
      if (!isRunning() || isStale()) return;
      const records: RecordToChain[] = [];
      for (const message of slice) {
        const record = recordToChainOf(message);
        if (record) records.push(record);
        else this.logger.error({ error_code: 'MALFORMED_CHAIN_INPUT', details: { offset: message.offset } }, 'chain input skipped');
      }
      if (records.length > 0) await this.chainRecords.execute(records);
      resolveOffset(slice[slice.length - 1].offset);
      await heartbeat();
    }
  }
}

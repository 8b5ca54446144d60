import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { TOPIC_CATALOG, Topics } from '@followup/contracts';
import { kafkaClientConfig, topicGroupIdOf } from '@followup/messaging';
import { RecordToChain } from './audit-chain-appender';
import { ChainRecordsUseCase } from './chain-records.use-case';

/** Records chained per insertMany: a large fetch is chained in slices, each committed before the next. */
const MAX_RECORDS_PER_APPEND = 500;
const RESTART_DELAY_MS = 2_000;
/**
 * A fetch waits up to this long for more input unless a megabyte is there: several events (a recommendation's
 * request, generation and screening) are chained and published together, at a fraction of a second's delay.
 */
const FETCH_WAIT_MS = 250;
const FETCH_MIN_BYTES = 1024 * 1024;

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
export class AuditChainConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private stopped = false;
  private markJoined!: () => void;
  /** Settles once this instance has joined the group (and holds its share of the partitions). */
  readonly joined = new Promise<void>((resolve) => (this.markJoined = resolve));

  constructor(
    private readonly chainRecords: ChainRecordsUseCase,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AuditChainConsumer.name);
  }

  onApplicationBootstrap(): void {
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect();
  }

  /** Keeps trying while the broker is away: without this consumer nothing is chained. */
  private async start(): Promise<void> {
    const spec = TOPIC_CATALOG.find((topic) => topic.name === Topics.AuditChainInput)!;
    const kafka = new Kafka(kafkaClientConfig(this.environment, 'audit', 'followup-audit-chain'));
    while (!this.stopped) {
      const consumer = kafka.consumer({
        groupId: topicGroupIdOf(this.environment.KAFKA_TOPIC_PREFIX, 'audit', spec),
        allowAutoTopicCreation: false,
        sessionTimeout: 15_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
        minBytes: FETCH_MIN_BYTES,
        maxWaitTimeInMs: FETCH_WAIT_MS,
      });
      this.consumer = consumer;
      try {
        const stopListening = consumer.on(consumer.events.GROUP_JOIN, () => {
          stopListening();
          this.markJoined();
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [Topics.AuditChainInput], fromBeginning: true });
        await consumer.run({
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 3,
          eachBatch: (payload) => this.onBatch(payload),
        });
        return;
      } catch (error) {
        this.logger.warn({ error_name: (error as Error).name }, 'audit chain consumer not started; retrying');
        await consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      }
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += MAX_RECORDS_PER_APPEND) {
      if (!isRunning() || isStale()) return;
      const slice = batch.messages.slice(start, start + MAX_RECORDS_PER_APPEND);
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

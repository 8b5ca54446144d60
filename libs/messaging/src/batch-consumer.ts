import { BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, within } from '@followup/config';
import { ServiceName, TopicName } from '@followup/contracts';
import { busTopic, logicalTopic } from './bus-topics';
import type { KafkaFactory } from './instance-consumer';
import { CONSUMER_FETCH_WAIT_MS, FetchPacing, kafkaClientConfig, OFFSET_COMMIT_INTERVAL_MS, pacedRun } from './kafka-options';
import { ShutdownStop } from './shutdown-stop';

const RESTART_DELAY_MS = 2_000;
/**
 * How long a stop waits for a start under way. With the broker away kafkajs goes on retrying the connection, whatever
 * the disconnect, for about 40 s (kafkaClientConfig's retries), longer than a process is given to stop.
 */
const STOP_WAITS_FOR_START_MS = 5_000;

export interface BatchConsumerSettings {
  service: ServiceName;
  clientId: string;
  groupId: string;
  topics: readonly TopicName[];
  /** How many partitions' batches of a fetch are handled at once (kafkajs starts them in the same tick). */
  partitionsConsumedConcurrently: number;
  /** How its fetches are paced (FetchPacing): several events come in one fetch and are handled together. */
  pacing: Exclude<FetchPacing, 'at_once'>;
}

/**
 * A kafkajs consumer reading a group's topics a fetch at a time with `eachBatch`, kept trying while the broker is
 * away: without it nothing is consumed. Its fetches are paced (`pacing`): several events of a recommendation (its
 * request, generation and screening) come in one fetch and are handled together. Offsets are resolved by the
 * handler and committed by kafkajs on an interval, only after the call for their batch returned, so a crash
 * redelivers what was not handled. Starts with the application; stops as the shutdown begins, beside the service's
 * other consumers (ShutdownStop).
 */
export abstract class BatchConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private consumer?: Consumer;
  private stopped = false;
  /** The start loop (`run`): settles once a consumer has started, or the loop gave up for a stop. */
  private starting: Promise<void> = Promise.resolve();
  /** Ends the wait between two tries to start, for a stop. */
  private endRestartDelay?: () => void;
  /**
   * Disconnects the consumer, and waits for the start loop (up to STOP_WAITS_FOR_START_MS): kafkajs connects again,
   * and goes on consuming, a consumer disconnected half-way through its start, which `run` then disconnects at the next
   * step of its start. So nothing of it is left once the shutdown ends (a batch handled with the database closed, a
   * member that never left its group).
   */
  private readonly shutdown = new ShutdownStop(async () => {
    this.stopped = true;
    this.endRestartDelay?.();
    await this.consumer?.disconnect();
    await within(this.starting, STOP_WAITS_FOR_START_MS, () => undefined);
  });
  private markJoined!: () => void;
  /** Settles once this instance has joined the group (and holds its share of the partitions). */
  readonly joined = new Promise<void>((resolve) => (this.markJoined = resolve));

  protected constructor(
    private readonly environment: Environment,
    private readonly settings: BatchConsumerSettings,
    private readonly batchLogger: PinoLogger,
    private readonly kafkaOf: KafkaFactory = (config) => new Kafka(config),
  ) {}

  /**
   * Handles one partition's batch and resolves the offsets it handled; kafkajs commits them once this returns.
   * `topic` is the batch's logical topic (`payload.batch.topic` is its name on the bus).
   */
  protected abstract onBatch(payload: EachBatchPayload, topic: TopicName): Promise<void>;

  /** Starts in the background, see `joined`. */
  onApplicationBootstrap(): void {
    this.starting = this.run();
  }

  beforeApplicationShutdown(): void {
    this.shutdown.begin();
  }

  onApplicationShutdown(): Promise<void> {
    return this.shutdown.finish();
  }

  private async run(): Promise<void> {
    const { service, clientId, groupId, topics, partitionsConsumedConcurrently, pacing } = this.settings;
    const kafka = this.kafkaOf(kafkaClientConfig(this.environment, service, clientId));
    while (!this.stopped) {
      const consumer = kafka.consumer({
        groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 15_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
        maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
      });
      this.consumer = consumer;
      try {
        const stopListening = consumer.on(consumer.events.GROUP_JOIN, () => {
          stopListening();
          this.markJoined();
        });
        await consumer.connect();
        if (!this.stopped) {
          await consumer.subscribe({ topics: topics.map((topic) => busTopic(this.environment, topic)), fromBeginning: true });
        }
        if (!this.stopped) {
          await consumer.run({
            eachBatchAutoResolve: false,
            autoCommitInterval: OFFSET_COMMIT_INTERVAL_MS,
            partitionsConsumedConcurrently,
            ...pacedRun(pacing),
            eachBatch: (payload) => this.onBatch(payload, logicalTopic(this.environment, payload.batch.topic)),
          });
        }
        // a stop during the start: see `shutdown`
        if (this.stopped) await consumer.disconnect();
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        if (this.stopped) return;
        this.batchLogger.warn({ error_name: (error as Error).name, group: groupId }, 'batch consumer not started; retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RESTART_DELAY_MS);
          this.endRestartDelay = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}

import { Admin, Consumer, EachMessagePayload, Kafka, KafkaConfig } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { Environment, instanceId } from '@followup/config';
import { ServiceName, TopicName } from '@followup/contracts';
import { busTopic } from './bus-topics';
import { CONSUMER_FETCH_WAIT_MS, instanceGroupId, kafkaClientConfig } from './kafka-options';

/** Where a partition of a topic (its name on the bus) is read from next. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface InstanceConsumerSettings {
  service: ServiceName;
  /** Names the consumer in its group, client id and logs: `lead-directory`, `replies`. */
  name: string;
  topics: readonly TopicName[];
}

export interface InstanceConsumerHandlers {
  /** Where each partition starts, asked anew at every start, before the consumer joins. */
  startPositions(admin: Admin): Promise<PartitionPosition[]>;
  /** One message, in partition order. */
  receive(payload: EachMessagePayload): Promise<void>;
  /** Each fetch started or finished: the group is joined and the start positions are in place. */
  fetching(): void;
  /** Once the consumer runs (a view loads its collection here); a failure starts everything again. */
  running?(): Promise<void>;
  /** Before a start after kafkajs gave the consumer up, or after a failed start: what was built on it is stale. */
  restarting?(): void;
}

const RESTART_DELAY_MS = 2_000;

/** Builds the kafkajs client of one start; a test passes its own. */
export type KafkaFactory = (config: KafkaConfig) => Pick<Kafka, 'admin' | 'consumer'>;

/**
 * A consumer of this process's own (`instanceGroupId`): every instance reads every partition of its topics, nothing is
 * ever committed, so it starts where `startPositions` says and keeps its positions itself, seeking them again on every
 * group join (a rebalance drops kafkajs's positions, and the group has no commits to fall back on). When kafkajs gives
 * the consumer up (a crash it does not restart after) it is started again, in a new group, from fresh start positions.
 * The services' in-memory views (EventFedView) and the gateway's reply listener read through it.
 */
export class InstanceConsumer {
  private consumer?: Consumer;
  private stopped = false;
  /** Ends the wait of the consumer that runs now (`runUntilGivenUp`): called by `stop` and by kafkajs giving it up. */
  private endRun?: () => void;

  constructor(
    private readonly environment: Environment,
    private readonly settings: InstanceConsumerSettings,
    private readonly handlers: InstanceConsumerHandlers,
    private readonly logger: PinoLogger,
    private readonly kafkaOf: KafkaFactory = (config) => new Kafka(config),
  ) {}

  /** Runs until `stop`, in the background. */
  start(): void {
    void this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endRun?.();
    await this.consumer?.disconnect();
  }

  private async run(): Promise<void> {
    const { service, name } = this.settings;
    while (!this.stopped) {
      const appId = `${instanceId(service)}-${randomUUID().slice(0, 8)}`;
      try {
        const kafka = this.kafkaOf(kafkaClientConfig(this.environment, service, `followup-${service}-${name}-${appId}`));
        await this.runUntilGivenUp(kafka, instanceGroupId(this.environment, service, name, appId));
      } catch (error) {
        this.logger.warn({ consumer: name, error_name: (error as Error).name }, 'instance consumer not started; retrying');
      }
      await this.consumer?.disconnect().catch(() => undefined);
      this.consumer = undefined;
      if (this.stopped) return;
      this.handlers.restarting?.();
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS).unref());
    }
  }

  /** Settles when kafkajs gives the consumer up or `stop` is called. */
  private async runUntilGivenUp(kafka: Pick<Kafka, 'admin' | 'consumer'>, groupId: string): Promise<void> {
    const { name } = this.settings;
    const admin = kafka.admin();
    await admin.connect();
    let positions: Map<string, PartitionPosition>;
    try {
      positions = new Map(
        (await this.handlers.startPositions(admin)).map((position) => [`${position.topic}:${position.partition}`, position]),
      );
    } finally {
      await admin.disconnect();
    }
    if (this.stopped) return;

    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
    });
    this.consumer = consumer;
    // a consumer given up whose disconnect failed may still fire: what it reports no longer counts
    const current = () => this.consumer === consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const position of positions.values()) consumer.seek(position);
    });
    consumer.on(consumer.events.FETCH_START, () => current() && this.handlers.fetching());
    consumer.on(consumer.events.FETCH, () => current() && this.handlers.fetching());
    const ended = new Promise<void>((resolve) => (this.endRun = resolve));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !current()) return;
      this.logger.warn({ consumer: name, error_name: payload.error.name }, 'instance consumer given up; starting it again');
      this.endRun?.();
    });

    await consumer.connect();
    await consumer.subscribe({ topics: this.settings.topics.map((topic) => busTopic(this.environment, topic)), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async (payload) => {
        if (!current()) return;
        await this.handlers.receive(payload);
        const { topic, partition, message } = payload;
        positions.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(message.offset) + 1n).toString() });
      },
    });
    // a stop while the consumer was connecting raced that connection: run() disconnects it once this returns
    if (this.stopped) return;
    await this.handlers.running?.();
    await ended;
  }
}

/** The partitions' ends now: a consumer starting there reads only what is published from now on. */
export async function topicEnds(admin: Admin, topics: readonly string[]): Promise<PartitionPosition[]> {
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, ends: await admin.fetchTopicOffsets(topic) })));
  return ends.flatMap(({ topic, ends: partitions }) => partitions.map(({ partition, high }) => ({ topic, partition, offset: high })));
}

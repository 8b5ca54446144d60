import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, EachMessagePayload } from '@nestjs/microservices/external/kafka.interface';
import { TopicName } from '@followup/contracts';
import { busTopic, logicalTopic, TopicNamespace } from './bus-topics';
import { handleByKey } from './key-lanes';

/**
 * How many keys (leads) of one partition's batch are handled at once. Side by side, their handlers' writes and
 * publishes go out together (GroupInsert, the publisher's group commit); the bound keeps a backlog's batch from
 * starting hundreds of handlers at once, and what a service asks of others at once (the LLM endpoint, the
 * providers) to this times the partitions consumed concurrently (3): 24 per instance, where it was 3.
 */
export const KEYS_HANDLED_AT_ONCE = 8;

/**
 * Nest's Kafka server with the deployment's topic names kept at the boundary: it subscribes to the bus names of
 * the handlers' topics (`@EventPattern(Topics.X)`, logical) and hands each message on with its logical topic, so
 * handlers, `KafkaContext.getTopic()` and the dead letters made from it never see the prefix.
 *
 * It consumes a fetch at a time (`eachBatch`): within a partition's batch one key's messages are handled in order
 * and different keys side by side (handleByKey). The offset resolved, as handling goes on, is the last one handled
 * without a gap (kafkajs commits it on its interval), and a failure (an outage the handler rethrew) is thrown on,
 * as kafkajs's own one-message-at-a-time loop would, so the batch is fetched again from there.
 */
export class LogicalTopicKafkaServer extends ServerKafka {
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly namespace: TopicNamespace,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((topic) => busTopic(this.namespace, topic as TopicName));
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({ ...this.options.run, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  override handleMessage(payload: EachMessagePayload): Promise<unknown> {
    return super.handleMessage({ ...payload, topic: logicalTopic(this.namespace, payload.topic) });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const { failed } = await handleByKey(
      batch.messages,
      {
        handle: async (message) => void (await this.handleMessage({ topic, partition, message, heartbeat, pause })),
        handledUpTo: resolveOffset,
        afterEach: heartbeat,
        proceed: () => isRunning() && !isStale(),
      },
      KEYS_HANDLED_AT_ONCE,
    );
    if (failed !== undefined) throw failed.error;
  }
}

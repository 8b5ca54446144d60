import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload } from '@nestjs/microservices/external/kafka.interface';
import { TopicName } from '@followup/contracts';
import { busTopic, logicalTopic, TopicNamespace } from './bus-topics';

/**
 * Nest's Kafka server with the deployment's topic names kept at the boundary: it subscribes to the bus names of
 * the handlers' topics (`@EventPattern(Topics.X)`, logical) and hands each message on with its logical topic, so
 * handlers, `KafkaContext.getTopic()` and the dead letters made from it never see the prefix.
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
    await consumer.run({ ...this.options.run, eachMessage: this.getMessageHandler() });
  }

  override handleMessage(payload: EachMessagePayload): Promise<unknown> {
    return super.handleMessage({ ...payload, topic: logicalTopic(this.namespace, payload.topic) });
  }
}

import { KafkaOptions, Transport } from '@nestjs/microservices';
import { KafkaConfig, logLevel, Partitioners } from 'kafkajs';
import { Environment, kafkaBrokers } from '@followup/config';
import { ServiceName } from '@followup/contracts';

export function kafkaClientConfig(environment: Environment, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: kafkaBrokers(environment),
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
  };
}

/** The service's durable consumer group, namespaced with the topic prefix so test runs never share one. */
export function consumerGroupId(environment: Environment, service: ServiceName): string {
  return `${environment.KAFKA_TOPIC_PREFIX}followup-${service}`;
}

/**
 * Options for the service's Kafka consumer (Nest's Kafka server). A new group starts from the beginning
 * of each topic so events published before a service's first start are not skipped; offsets are
 * committed by kafkajs only for messages whose handler resolved.
 */
export function kafkaConsumerOptions(environment: Environment, service: ServiceName): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: kafkaClientConfig(environment, `followup-${service}-consumer`),
      consumer: {
        groupId: consumerGroupId(environment, service),
        allowAutoTopicCreation: false,
        sessionTimeout: 15_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 20_000,
      },
      subscribe: { fromBeginning: true },
      run: { partitionsConsumedConcurrently: 3 },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
    },
  };
}

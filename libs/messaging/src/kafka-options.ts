import { CustomStrategy, KafkaOptions } from '@nestjs/microservices';
import { KafkaConfig, logLevel, Partitioners, SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { developmentDefaultRefusal, Environment, InvalidEnvironmentError, kafkaBrokers } from '@followup/config';
import { ServiceName, TOPIC_CATALOG, TopicName, TopicSpec } from '@followup/contracts';
import { LogicalTopicKafkaServer } from './logical-topic-kafka-server';

/** Who a Kafka client authenticates as: one of the services, or the admin that provisions topics and ACLs (tools too). */
export type KafkaPrincipal = ServiceName | 'admin';

export function kafkaUsername(principal: KafkaPrincipal): string {
  return `followup-${principal}`;
}

/** Public like the development JWT secret; scripts/infra/infra.sh registers the same passwords on the local broker. */
export function developmentKafkaPassword(username: string): string {
  return `${username}-development-password`;
}

/**
 * The SASL credentials: KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD when set, otherwise the principal's development
 * credentials, which only a development or test process on loopback may use (like the development JWT secret).
 */
export function kafkaSasl(environment: Environment, principal: KafkaPrincipal): SASLOptions {
  const mechanism = environment.KAFKA_SASL_MECHANISM;
  if (environment.KAFKA_SASL_USERNAME) {
    return { mechanism, username: environment.KAFKA_SASL_USERNAME, password: environment.KAFKA_SASL_PASSWORD ?? '' };
  }
  const refusal = developmentDefaultRefusal(environment);
  if (refusal !== undefined) {
    throw new InvalidEnvironmentError(
      `KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: required, the development credentials are refused (${refusal})`,
    );
  }
  const username = kafkaUsername(principal);
  return { mechanism, username, password: developmentKafkaPassword(username) };
}

export function kafkaClientConfig(environment: Environment, principal: KafkaPrincipal, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: kafkaBrokers(environment),
    sasl: kafkaSasl(environment, principal),
    ssl: environment.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(environment.KAFKA_SSL_CA_FILE, 'utf8')] } : environment.KAFKA_SSL,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
  };
}

/** A service's durable consumer group, namespaced with the topic prefix so test runs never share one. */
export function groupIdOf(prefix: string, service: ServiceName): string {
  return `${prefix}followup-${service}`;
}

export function consumerGroupId(environment: Environment, service: ServiceName): string {
  return groupIdOf(environment.KAFKA_TOPIC_PREFIX, service);
}

/** The group a service reads a topic with: the topic's own group when the catalog names one, else its durable group. */
export function topicGroupIdOf(prefix: string, service: ServiceName, topic: Pick<TopicSpec, 'consumerGroupSuffix'>): string {
  return topic.consumerGroupSuffix ? `${groupIdOf(prefix, service)}-${topic.consumerGroupSuffix}` : groupIdOf(prefix, service);
}

/** The group a service reads the catalog's `topic` with (topicGroupIdOf). */
export function topicGroupId(environment: Environment, service: ServiceName, topic: TopicName): string {
  const spec = TOPIC_CATALOG.find((candidate) => candidate.name === topic);
  if (spec === undefined) throw new Error(`${topic} is not in the topic catalog`);
  return topicGroupIdOf(environment.KAFKA_TOPIC_PREFIX, service, spec);
}

/**
 * The start of every per-instance group of a service (the gateway's reply listener, each event-fed view); the broker
 * grants the service these by prefix.
 */
export function instanceGroupPrefixOf(prefix: string, service: ServiceName): string {
  return `${groupIdOf(prefix, service)}-instance-`;
}

/** One app's own group for `purpose` (`replies`, a view's name): it reads every partition itself and never commits. */
export function instanceGroupId(environment: Environment, service: ServiceName, purpose: string, appId: string): string {
  return `${instanceGroupPrefixOf(environment.KAFKA_TOPIC_PREFIX, service)}${purpose}-${appId}`;
}

/**
 * How long a fetch waits on the broker for new records (kafkajs's default is 5 s). A consumer stops, leaves its group
 * and rejoins a rebalance only between fetches, so this bounds a shutdown and the wait of another instance joining
 * the group; records still arrive as soon as the broker has them. Idle, a consumer asks once a second.
 */
export const CONSUMER_FETCH_WAIT_MS = 1_000;

/**
 * How a consumer paces its fetches; each waits on the broker up to CONSUMER_FETCH_WAIT_MS for a first record.
 * - `at_once`: it fetches again as soon as a fetch's batches are handled. For the consumers on the way of an HTTP
 *   answer: the recommender's (a recommendation request) and the gateway's reply listener; and event-fed views.
 * - `batched`: it fetches from a broker at most every 250 ms (kafkajs's runner, patched: `minFetchInterval`, set by
 *   pacedRun). For the service groups whose work a person or a send waits on (the gateway's durable settle,
 *   compliance, delivery): at load one fetch brings the events of many recommendations, whose handlers then share
 *   their writes and publishes, where a fetch per event cost the broker a request to serve and the consumer a response
 *   to decode (measured in docs/PROOF.md).
 * - `background`: the same, at most once a second. For the audit trail's two stages, which nothing waits on: each
 *   batch costs them an insert, a chain head update and a produce request, so a longer window shares those among more
 *   events whenever more than one arrives in a second (measured in docs/PROOF.md), for a trail up to a second later
 *   per stage.
 * After a fetch that waited on the broker that long (a quiet topic) the next goes at once, so a lone event is handled
 * as it comes and an idle consumer asks once a second.
 */
export type FetchPacing = 'at_once' | 'batched' | 'background';

const MIN_FETCH_INTERVAL_MS: Record<FetchPacing, number | undefined> = { at_once: undefined, batched: 250, background: 1_000 };

/** The kafkajs `run` settings of a consumer paced so. */
export function pacedRun(pacing: FetchPacing): { minFetchInterval?: number } {
  const minFetchInterval = MIN_FETCH_INTERVAL_MS[pacing];
  return minFetchInterval === undefined ? {} : { minFetchInterval };
}

/**
 * How often a consumer commits the offsets of the messages its handlers finished (kafkajs's `autoCommitInterval`,
 * patched to be respected at the end of a batch too and checked before each fetch, so an idle consumer commits its
 * last ones within a fetch wait). Committing after every batch cost one OffsetCommit request per message at moderate
 * load. A crash redelivers what was handled since the last commit (a second's worth at most), which every handler
 * takes twice without harm.
 */
export const OFFSET_COMMIT_INTERVAL_MS = 500;

/**
 * The service's Kafka consumer (Nest's Kafka server, on the deployment's topic names). A new group starts from the
 * beginning of each topic so events published before a service's first start are not skipped; offsets are
 * committed by kafkajs, on an interval, only for messages whose handler resolved.
 */
export function kafkaConsumerServer(environment: Environment, service: ServiceName, pacing: FetchPacing): CustomStrategy {
  return { strategy: new LogicalTopicKafkaServer(kafkaConsumerOptions(environment, service, pacing), environment) };
}

function kafkaConsumerOptions(environment: Environment, service: ServiceName, pacing: FetchPacing): Required<KafkaOptions>['options'] {
  return {
    postfixId: '',
    client: kafkaClientConfig(environment, service, `followup-${service}-consumer`),
    consumer: {
      groupId: consumerGroupId(environment, service),
      allowAutoTopicCreation: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 20_000,
      maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
    },
    subscribe: { fromBeginning: true },
    run: { partitionsConsumedConcurrently: 3, autoCommitInterval: OFFSET_COMMIT_INTERVAL_MS, ...pacedRun(pacing) },
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
  };
}

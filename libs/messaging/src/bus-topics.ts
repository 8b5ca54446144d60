import type { Environment } from '@followup/config';
import { TopicName, Topics } from '@followup/contracts';

/** What names a deployment's topics on the broker: KAFKA_TOPIC_PREFIX (tests give each run its own). */
export type TopicNamespace = Pick<Environment, 'KAFKA_TOPIC_PREFIX'>;

const TOPIC_NAMES: ReadonlySet<string> = new Set(Object.values(Topics));

/**
 * A topic's name on the broker. Inside the services a topic is always its logical name (`Topics.X`); only what
 * talks to Kafka itself (the publisher, the consumers, provisioning, tools) uses this name.
 */
export function busTopic(namespace: TopicNamespace, topic: TopicName): string {
  return `${namespace.KAFKA_TOPIC_PREFIX}${topic}`;
}

/** The logical name of a topic read from the broker; a name outside the deployment's prefix or the catalog is refused. */
export function logicalTopic(namespace: TopicNamespace, name: string): TopicName {
  const prefix = namespace.KAFKA_TOPIC_PREFIX;
  const logical = name.startsWith(prefix) ? name.slice(prefix.length) : '';
  if (!TOPIC_NAMES.has(logical)) throw new Error(`${name} is not a topic of this deployment (topic prefix "${prefix}")`);
  return logical as TopicName;
}

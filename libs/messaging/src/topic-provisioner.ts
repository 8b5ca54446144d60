import { Admin, Kafka, KafkaJSAggregateError, logLevel } from 'kafkajs';
import { Environment } from '@followup/config';
import { TOPIC_CATALOG, TopicSpec } from '@followup/contracts';
import { kafkaClientConfig } from './kafka-options';

/** Several services start at once and race to create the same topics; losing that race is fine. */
function createdConcurrently(error: unknown): boolean {
  return (
    error instanceof KafkaJSAggregateError && error.errors.every((cause) => (cause as { type?: string }).type === 'TOPIC_ALREADY_EXISTS')
  );
}

const LEADER_WAIT_MS = 30_000;

/**
 * Whoever created them, the topics are usable only once each partition has a leader; a service that lost
 * the creation race would otherwise subscribe too early and fail with "does not host this topic-partition".
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    const metadata = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = metadata?.topics.every(
      (topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`Kafka topics have no leader after ${LEADER_WAIT_MS} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Creates every catalog topic with its partition count and retention, or leaves it as it is, then waits until
 * every catalog topic has its leaders. Idempotent, so each service runs it at start-up instead of relying on
 * the broker's auto-creation defaults.
 */
export async function provisionTopics(environment: Environment, clientId: string): Promise<void> {
  const admin = new Kafka({ ...kafkaClientConfig(environment, `${clientId}-admin`), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPIC_CATALOG.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) await createTopics(admin, missing);
    await waitForLeaders(
      admin,
      TOPIC_CATALOG.map((topic) => topic.name),
    );
  } finally {
    await admin.disconnect();
  }
}

async function createTopics(admin: Admin, topics: TopicSpec[]): Promise<void> {
  await admin
    .createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: -1,
        configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
      })),
    })
    .catch((error: unknown) => {
      if (!createdConcurrently(error)) throw error;
    });
}

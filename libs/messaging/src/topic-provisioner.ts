import { Kafka, KafkaJSAggregateError, logLevel } from 'kafkajs';
import { Environment } from '@followup/config';
import { TOPIC_CATALOG } from '@followup/contracts';
import { kafkaClientConfig } from './kafka-options';

/** Several services start at once and race to create the same topics; losing that race is fine. */
function createdConcurrently(error: unknown): boolean {
  return (
    error instanceof KafkaJSAggregateError && error.errors.every((cause) => (cause as { type?: string }).type === 'TOPIC_ALREADY_EXISTS')
  );
}

/**
 * Creates every catalog topic with its partition count and retention, or leaves it as it is. Idempotent,
 * so each service runs it at start-up instead of relying on the broker's auto-creation defaults.
 */
export async function provisionTopics(environment: Environment, clientId: string): Promise<void> {
  const admin = new Kafka({ ...kafkaClientConfig(environment, `${clientId}-admin`), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPIC_CATALOG.filter((topic) => !existing.has(topic.name));
    if (missing.length === 0) return;
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: -1,
          configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
        })),
      })
      .catch((error: unknown) => {
        if (!createdConcurrently(error)) throw error;
      });
  } finally {
    await admin.disconnect();
  }
}

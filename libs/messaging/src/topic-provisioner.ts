import { Admin, Kafka, KafkaJSAggregateError, logLevel } from 'kafkajs';
import { Environment } from '@followup/config';
import { ServiceName, TOPIC_CATALOG, TopicSpec } from '@followup/contracts';
import { busAcls, readersOf } from './bus-acls';
import { busTopic } from './bus-topics';
import { kafkaClientConfig, KafkaPrincipal } from './kafka-options';

/** Two provisioners of one deployment (a test's stack and its process stack) may race to create a topic; losing is fine. */
function createdConcurrently(error: unknown): boolean {
  return (
    error instanceof KafkaJSAggregateError && error.errors.every((cause) => (cause as { type?: string }).type === 'TOPIC_ALREADY_EXISTS')
  );
}

const LEADER_WAIT_MS = 30_000;

/**
 * Topics are usable only once each partition has a leader; a consumer that subscribed earlier would fail with
 * "does not host this topic-partition". Polls the metadata through any error until LEADER_WAIT_MS: kafkajs's
 * `createTopics({ waitForLeaders: true })` retries only "leader not available", and a broker still propagating new
 * topics may answer "does not host this topic-partition" instead (seen with two test files creating topics at once).
 */
export async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    const metadata = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = metadata?.topics.every(
      (topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
    );
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka topics missing, not readable or without a leader after ${LEADER_WAIT_MS} ms: ${topics.join(', ')} (provisioned with npm run kafka:provision?)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function withAdminClient(
  environment: Environment,
  principal: KafkaPrincipal,
  clientId: string,
  work: (admin: Admin) => Promise<void>,
) {
  const admin = new Kafka({ ...kafkaClientConfig(environment, principal, clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * As the admin principal: creates every catalog topic that is missing (with its partitions and retention), grants
 * each service the ACLs the catalog gives it, and waits until every partition has a leader. Idempotent. The
 * services hold no admin rights, so whoever starts them runs this first (`npm start`, the test stacks, the
 * process stack, docker compose's `bus-setup`; by hand: `npm run kafka:provision`).
 */
export async function provisionBus(environment: Environment): Promise<void> {
  await withAdminClient(environment, 'admin', 'followup-provisioner', async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = TOPIC_CATALOG.filter((topic) => !existing.has(busTopic(environment, topic.name)));
    if (missing.length > 0) await createTopics(admin, environment, missing);
    await admin.createAcls({ acl: busAcls(TOPIC_CATALOG, environment) });
    await waitForLeaders(
      admin,
      TOPIC_CATALOG.map((topic) => busTopic(environment, topic.name)),
    );
  });
}

/** A service's start-up: waits, with its own credentials, until the topics it produces or consumes are there with leaders. */
export async function awaitServiceTopics(environment: Environment, service: ServiceName): Promise<void> {
  const topics = TOPIC_CATALOG.filter((topic) => topic.producers.includes(service) || readersOf(topic).includes(service));
  await withAdminClient(environment, service, `followup-${service}-startup`, (admin) =>
    waitForLeaders(
      admin,
      topics.map((topic) => busTopic(environment, topic.name)),
    ),
  );
}

/** Leaves the wait for leaders to waitForLeaders, which provisionBus runs right after. */
async function createTopics(admin: Admin, environment: Environment, topics: TopicSpec[]): Promise<void> {
  await admin
    .createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({
        topic: busTopic(environment, topic.name),
        numPartitions: topic.partitions,
        replicationFactor: -1,
        configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
      })),
    })
    .catch((error: unknown) => {
      if (!createdConcurrently(error)) throw error;
    });
}

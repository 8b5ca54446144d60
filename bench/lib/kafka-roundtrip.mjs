// The raw Kafka request-reply baseline: this process produces a request (keyed like the services' events,
// carrying a correlation id) and waits for the responder process's reply on the reply topic, matched by
// correlation id. Two hops through the broker, like a recommendation (requested → recommender → generated
// → gateway), with none of the services' work: the floor the recommendation latency is compared with.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { startChild } from './child.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the two topics, starts the responder process and this side's producer and reply consumer, and
 * waits until a round trip succeeds. Returns `operation()` (one round trip, resolves `{ status: 200 }`),
 * the responder's pid, and `close()`. `client`: kafkajs settings (brokers, the admin principal's credentials).
 */
export async function startKafkaRoundTrip({ client, prefix, partitions = 3, keys, payload, timeoutMs = 10_000 }) {
  const requestTopic = `${prefix}bench.rtt.request`;
  const replyTopic = `${prefix}bench.rtt.reply`;
  const kafka = new Kafka({ ...client, clientId: 'bench-kafka-driver', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [requestTopic, replyTopic].map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
  await admin.disconnect();

  const responder = await startChild(
    join(import.meta.dirname, 'kafka-responder.mjs'),
    [requestTopic, replyTopic, `${prefix}bench-rtt-responder`],
    { env: { BENCH_KAFKA_CLIENT: JSON.stringify(client) } },
  );
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({
    groupId: `${prefix}bench-rtt-driver`,
    allowAutoTopicCreation: false,
    sessionTimeout: 15_000,
    heartbeatInterval: 1_000,
  });
  const waiting = new Map();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: replyTopic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const id = message.headers?.['x-correlation-id']?.toString();
      const entry = id && waiting.get(id);
      if (!entry) return;
      JSON.parse(message.value.toString('utf8'));
      waiting.delete(id);
      clearTimeout(entry.timer);
      entry.resolve({ status: 200 });
    },
  });

  let next = 0;
  const operation = () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('round trip timed out'));
      }, timeoutMs);
      waiting.set(id, { resolve, timer });
      const key = keys[next++ % keys.length];
      producer.send({ topic: requestTopic, messages: [{ key, value: JSON.stringify({ correlation_id: id, payload }) }] }).catch((error) => {
        waiting.delete(id);
        clearTimeout(timer);
        reject(error);
      });
    });

  // Ready once one round trip per key comes back (every partition's consumer on both sides is live).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await Promise.all(
      keys.map(() =>
        operation().then(
          () => true,
          () => false,
        ),
      ),
    );
    if (ok.every(Boolean)) break;
    if (Date.now() > deadline) throw new Error('the Kafka round trip never completed');
    await sleep(250);
  }

  return {
    operation,
    responderPid: responder.pid,
    async close() {
      for (const entry of waiting.values()) clearTimeout(entry.timer);
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await responder.stop();
    },
  };
}

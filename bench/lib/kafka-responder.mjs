// The raw Kafka baseline's other side: a separate process that consumes the request topic and, for each
// message, produces a reply of similar size to the reply topic with the same key and correlation id. It is
// set up like the services' consumers (kafkajs, a consumer group, 3 partitions consumed concurrently,
// offsets committed by kafkajs after each message, acks from all replicas on produce) but does no work.
// `node bench/lib/kafka-responder.mjs <request topic> <reply topic> <group id>` with the kafkajs settings (brokers,
// credentials) as JSON in BENCH_KAFKA_CLIENT, not on the command line; prints `{"ready":true}` once its group has
// its partitions.
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const [requestTopic, replyTopic, groupId] = process.argv.slice(2);
const kafka = new Kafka({ ...JSON.parse(process.env.BENCH_KAFKA_CLIENT), clientId: 'bench-kafka-responder', logLevel: logLevel.NOTHING });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 15_000, heartbeatInterval: 1_000 });

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: requestTopic, fromBeginning: true });
consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write(`${JSON.stringify({ ready: true })}\n`));
await consumer.run({
  partitionsConsumedConcurrently: 3,
  eachMessage: async ({ message }) => {
    const request = JSON.parse(message.value.toString('utf8'));
    const reply = { correlation_id: request.correlation_id, status: 'completed', result: request.payload };
    await producer.send({
      topic: replyTopic,
      messages: [{ key: message.key, value: JSON.stringify(reply), headers: { 'x-correlation-id': request.correlation_id } }],
    });
  },
});

const stop = async () => {
  await consumer.disconnect().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

import { KafkaContext } from '@nestjs/microservices';
import { Topics } from '@followup/contracts';
import { LogicalTopicKafkaServer } from './logical-topic-kafka-server';

function fakeConsumer() {
  return { subscribe: jest.fn(async () => undefined), run: jest.fn(async () => undefined) };
}

/** One partition's batch of a fetch, as kafkajs hands it to `eachBatch`, with the offsets the server resolves. */
function batchOn(topic: string, values: string[]) {
  const resolved: string[] = [];
  return {
    resolved,
    payload: {
      batch: {
        topic,
        partition: 2,
        messages: values.map((value, index) => ({
          key: Buffer.from('LD-1'),
          value: Buffer.from(value),
          headers: {},
          offset: String(7 + index),
          timestamp: '0',
          attributes: 0,
        })),
      },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      isRunning: () => true,
      isStale: () => false,
    },
  };
}

describe('LogicalTopicKafkaServer', () => {
  const server = new LogicalTopicKafkaServer(
    { subscribe: { fromBeginning: true }, run: { partitionsConsumedConcurrently: 3 } },
    { KAFKA_TOPIC_PREFIX: 'it-5.' },
  );
  const handled: [string, unknown][] = [];
  server.addHandler(
    Topics.LeadUpserted,
    async (data: unknown, context: KafkaContext) => void handled.push([context.getTopic(), data]),
    true,
  );
  server.addHandler(Topics.DeadLetter, async () => undefined, true);
  const suppressions: unknown[] = [];
  server.addHandler(
    Topics.SuppressionChanged,
    async (data: { fail?: boolean }) => {
      if (data.fail) throw new Error('database away');
      suppressions.push(data);
    },
    true,
  );

  it('resolves the messages handled before a failure and throws it on, starting nothing after it', async () => {
    const consumer = fakeConsumer();
    await server.bindEvents(consumer as never);
    const [[run]] = consumer.run.mock.calls as unknown as [[{ eachBatch: (payload: unknown) => Promise<void> }]];

    const changes = batchOn('it-5.followup.delivery.suppression.v1', ['{"n":1}', '{"fail":true}', '{"n":3}']);
    await expect(run.eachBatch(changes.payload)).rejects.toThrow('database away');
    expect(suppressions).toEqual([{ n: 1 }]);
    expect(changes.resolved).toEqual(['7']);
  });

  it("subscribes to the handlers' topics by their names on the bus", async () => {
    const consumer = fakeConsumer();
    await server.bindEvents(consumer as never);

    expect(consumer.subscribe).toHaveBeenCalledWith({
      fromBeginning: true,
      topics: ['it-5.followup.lead.upserted.v1', 'it-5.followup.deadletter.v1', 'it-5.followup.delivery.suppression.v1'],
    });
    expect(consumer.run).toHaveBeenCalledWith(expect.objectContaining({ partitionsConsumedConcurrently: 3 }));
  });

  it('hands each message of a batch to its handler with the logical topic and resolves the last one handled', async () => {
    const consumer = fakeConsumer();
    await server.bindEvents(consumer as never);
    const [[run]] = consumer.run.mock.calls as unknown as [
      [{ eachBatchAutoResolve: boolean; eachBatch: (payload: unknown) => Promise<void> }],
    ];
    expect(run.eachBatchAutoResolve).toBe(false);

    const upserts = batchOn('it-5.followup.lead.upserted.v1', ['{"lead":1}', '{"lead":2}']);
    await run.eachBatch(upserts.payload);
    expect(handled).toEqual([
      ['followup.lead.upserted.v1', { lead: 1 }],
      ['followup.lead.upserted.v1', { lead: 2 }],
    ]);
    expect(upserts.resolved).toEqual(['7', '8']);

    const foreign = batchOn('it-6.followup.lead.upserted.v1', ['{"lead":3}']);
    await expect(run.eachBatch(foreign.payload)).rejects.toThrow('not a topic of this deployment');
    expect(handled).toHaveLength(2);
    expect(foreign.resolved).toEqual([]);
  });
});

import { KafkaContext } from '@nestjs/microservices';
import { Topics } from '@followup/contracts';
import { LogicalTopicKafkaServer } from './logical-topic-kafka-server';

function fakeConsumer() {
  return { subscribe: jest.fn(async () => undefined), run: jest.fn(async () => undefined) };
}

function messageOn(topic: string, value: string) {
  return {
    topic,
    partition: 2,
    message: { key: Buffer.from('LD-1'), value: Buffer.from(value), headers: {}, offset: '7', timestamp: '0', attributes: 0 },
    heartbeat: async () => undefined,
    pause: () => () => undefined,
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

  it("subscribes to the handlers' topics by their names on the bus", async () => {
    const consumer = fakeConsumer();
    await server.bindEvents(consumer as never);

    expect(consumer.subscribe).toHaveBeenCalledWith({
      fromBeginning: true,
      topics: ['it-5.followup.lead.upserted.v1', 'it-5.followup.deadletter.v1'],
    });
    expect(consumer.run).toHaveBeenCalledWith(expect.objectContaining({ partitionsConsumedConcurrently: 3 }));
  });

  it('hands a message to its handler with the logical topic, and refuses one from outside the prefix', async () => {
    const consumer = fakeConsumer();
    await server.bindEvents(consumer as never);
    const [[{ eachMessage }]] = consumer.run.mock.calls as unknown as [[{ eachMessage: (payload: unknown) => Promise<void> }]];

    await eachMessage(messageOn('it-5.followup.lead.upserted.v1', '{"lead":1}'));
    expect(handled).toEqual([['followup.lead.upserted.v1', { lead: 1 }]]);

    await expect(eachMessage(messageOn('it-6.followup.lead.upserted.v1', '{"lead":2}'))).rejects.toThrow('not a topic of this deployment');
    expect(handled).toHaveLength(1);
  });
});

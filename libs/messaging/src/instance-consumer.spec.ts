import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { InstanceConsumer, InstanceConsumerHandlers, KafkaFactory } from './instance-consumer';

type Listener = (event: { payload: Record<string, unknown> }) => void;

/** A kafkajs consumer that does nothing by itself: the test fires its events. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'join', FETCH_START: 'fetch_start', FETCH: 'fetch', CRASH: 'crash' };
  readonly listeners = new Map<string, Listener[]>();
  readonly seeks: Array<{ topic: string; partition: number; offset: string }> = [];
  eachMessage?: (payload: unknown) => Promise<void>;
  disconnected = false;

  constructor(readonly groupId: string) {}

  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () => undefined;
  }
  fire(event: string, payload: Record<string, unknown> = {}) {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }
  async connect() {}
  async subscribe() {}
  async run({ eachMessage }: { eachMessage: (payload: unknown) => Promise<void> }) {
    this.eachMessage = eachMessage;
  }
  seek(position: { topic: string; partition: number; offset: string }) {
    this.seeks.push(position);
  }
  async disconnect() {
    this.disconnected = true;
  }
  async deliver(topic: string, partition: number, offset: string) {
    await this.eachMessage!({ topic, partition, message: { offset, value: null, headers: {} } });
  }
}

const environment = {
  KAFKA_TOPIC_PREFIX: 'p.',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'gateway',
  KAFKA_SASL_PASSWORD: 'secret',
} as unknown as Environment;
const logger = { warn: jest.fn() } as unknown as PinoLogger;
const settle = () => new Promise((resolve) => setImmediate(resolve));

function harness(starts: Array<Array<{ topic: string; partition: number; offset: string }>>) {
  const consumers: FakeConsumer[] = [];
  const calls: string[] = [];
  const failing = { receive: false };
  const handlers: InstanceConsumerHandlers = {
    startPositions: async () => {
      calls.push('startPositions');
      return starts.shift() ?? [];
    },
    receive: async () => {
      if (failing.receive) throw new Error('database away');
    },
    fetching: () => calls.push('fetching'),
    running: async () => {
      calls.push('running');
    },
    restarting: () => calls.push('restarting'),
  };
  const kafkaOf: KafkaFactory = () =>
    ({
      admin: () => ({ connect: async () => undefined, disconnect: async () => undefined }),
      consumer: ({ groupId }: { groupId: string }) => {
        const consumer = new FakeConsumer(groupId);
        consumers.push(consumer);
        return consumer;
      },
    }) as unknown as ReturnType<KafkaFactory>;
  const instance = new InstanceConsumer(environment, { service: 'gateway', name: 'replies', topics: [] }, handlers, logger, kafkaOf);
  return { instance, consumers, calls, failing };
}

afterEach(() => jest.useRealTimers());

it('seeks its start positions on joining, and after a rebalance the offsets after what it received', async () => {
  const { instance, consumers, calls } = harness([
    [
      { topic: 'p.t', partition: 0, offset: '5' },
      { topic: 'p.t', partition: 1, offset: '9' },
    ],
  ]);
  instance.start();
  await settle();
  const [consumer] = consumers;
  expect(consumer.groupId).toMatch(/^p\.followup-gateway-instance-replies-/);
  expect(calls).toEqual(['startPositions', 'running']);

  consumer.fire('join');
  expect(consumer.seeks).toEqual([
    { topic: 'p.t', partition: 0, offset: '5' },
    { topic: 'p.t', partition: 1, offset: '9' },
  ]);

  await consumer.deliver('p.t', 0, '5');
  await consumer.deliver('p.t', 0, '6');
  consumer.seeks.length = 0;
  consumer.fire('join');
  // partition 0 goes on after offset 6; partition 1 received nothing and starts where it did
  expect(consumer.seeks).toEqual([
    { topic: 'p.t', partition: 0, offset: '7' },
    { topic: 'p.t', partition: 1, offset: '9' },
  ]);
  consumer.fire('fetch_start');
  expect(calls).toEqual(['startPositions', 'running', 'fetching']);
  await instance.stop();
  expect(consumer.disconnected).toBe(true);
});

it('starts again, in a new group and from fresh start positions, when kafkajs gives its consumer up', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  const { instance, consumers, calls } = harness([
    [{ topic: 'p.t', partition: 0, offset: '5' }],
    [{ topic: 'p.t', partition: 0, offset: '40' }],
  ]);
  instance.start();
  await settle();
  const [first] = consumers;

  first.fire('crash', { restart: true, error: new Error('retried by kafkajs') });
  await settle();
  await jest.advanceTimersByTimeAsync(2_000);
  expect(consumers).toHaveLength(1);
  expect(first.disconnected).toBe(false);
  expect(calls).toEqual(['startPositions', 'running']);

  first.fire('crash', { restart: false, error: new Error('given up') });
  await settle();
  expect(first.disconnected).toBe(true);
  expect(calls).toEqual(['startPositions', 'running', 'restarting']);

  await jest.advanceTimersByTimeAsync(2_000);
  await settle();
  expect(consumers).toHaveLength(2);
  const second = consumers[1];
  expect(second.groupId).not.toBe(first.groupId);
  second.fire('join');
  expect(second.seeks).toEqual([{ topic: 'p.t', partition: 0, offset: '40' }]);
  expect(calls).toEqual(['startPositions', 'running', 'restarting', 'startPositions', 'running']);

  // the first consumer, given up, counts no more
  first.fire('fetch_start');
  first.fire('crash', { restart: false, error: new Error('late') });
  await settle();
  await jest.advanceTimersByTimeAsync(2_000);
  expect(consumers).toHaveLength(2);
  expect(calls).toEqual(['startPositions', 'running', 'restarting', 'startPositions', 'running']);
  await instance.stop();
});

it('keeps its position at a message whose handling failed, so the message comes again', async () => {
  const { instance, consumers, failing } = harness([[{ topic: 'p.t', partition: 0, offset: '5' }]]);
  instance.start();
  await settle();
  const [consumer] = consumers;
  await consumer.deliver('p.t', 0, '5');
  failing.receive = true;
  await expect(consumer.deliver('p.t', 0, '6')).rejects.toThrow('database away');
  consumer.fire('join');
  expect(consumer.seeks).toEqual([{ topic: 'p.t', partition: 0, offset: '6' }]);
  await instance.stop();
});

it('disconnects its consumer on stop and starts no other', async () => {
  const { instance, consumers, calls } = harness([[{ topic: 'p.t', partition: 0, offset: '5' }]]);
  instance.start();
  await settle();
  await instance.stop();
  await settle();
  expect(consumers).toHaveLength(1);
  expect(consumers[0].disconnected).toBe(true);
  expect(calls).toEqual(['startPositions', 'running']);
});

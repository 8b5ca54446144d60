import { EachBatchPayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { TopicName } from '@followup/contracts';
import { BatchConsumer } from './batch-consumer';
import type { KafkaFactory } from './instance-consumer';

/** A kafkajs consumer whose connect the test lets through (or fails), and which counts its calls. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'join' };
  readonly calls: string[] = [];
  private letConnect!: (error?: Error) => void;
  private readonly disconnecting: Array<() => void> = [];

  on() {
    return () => undefined;
  }
  connect() {
    this.calls.push('connect');
    return new Promise<void>((resolve, reject) => (this.letConnect = (error) => (error ? reject(error) : resolve())));
  }
  finishConnecting(error?: Error) {
    this.letConnect(error);
  }
  async subscribe() {
    this.calls.push('subscribe');
  }
  async run() {
    this.calls.push('run');
  }
  /** As kafkajs's: settles once the fetch in flight has returned (the test says when). */
  disconnect() {
    this.calls.push('disconnect');
    return new Promise<void>((resolve) => this.disconnecting.push(resolve));
  }
  fetchReturns() {
    for (const resolve of this.disconnecting.splice(0)) resolve();
  }
}

class TestConsumer extends BatchConsumer {
  constructor(kafkaOf: KafkaFactory, logger: PinoLogger) {
    super(
      {
        KAFKA_TOPIC_PREFIX: 'p.',
        KAFKA_BROKERS: '127.0.0.1:9092',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'audit',
        KAFKA_SASL_PASSWORD: 'secret',
      } as unknown as Environment,
      {
        service: 'audit',
        clientId: 'c',
        groupId: 'g',
        topics: ['workflow.events' as TopicName],
        partitionsConsumedConcurrently: 1,
        pacing: 'batched',
      },
      logger,
      kafkaOf,
    );
  }
  protected async onBatch(_payload: EachBatchPayload): Promise<void> {}
}

const settle = async () => {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

function started() {
  const consumers: FakeConsumer[] = [];
  const logger = { warn: jest.fn() } as unknown as PinoLogger;
  const kafkaOf = (() => ({
    consumer: () => {
      const consumer = new FakeConsumer();
      consumers.push(consumer);
      return consumer;
    },
  })) as unknown as KafkaFactory;
  const batchConsumer = new TestConsumer(kafkaOf, logger);
  batchConsumer.onApplicationBootstrap();
  return { batchConsumer, consumers, logger };
}

it('begins its disconnect as the shutdown begins, and the shutdown waits for it to end', async () => {
  const { batchConsumer, consumers } = started();
  consumers[0].finishConnecting();
  await settle();

  batchConsumer.beforeApplicationShutdown();
  expect(consumers[0].calls.filter((call) => call === 'disconnect')).toHaveLength(1);

  let shutDown = false;
  const shuttingDown = batchConsumer.onApplicationShutdown().then(() => (shutDown = true));
  await settle();
  expect(shutDown).toBe(false);
  consumers[0].fetchReturns();
  await shuttingDown;
  expect(consumers[0].calls).toEqual(['connect', 'subscribe', 'run', 'disconnect']);
});

/** A consumer stopped while kafkajs still connects it: its shutdown under way, and whether that has ended. */
function stoppedDuringItsStart() {
  const { batchConsumer, consumers } = started();
  batchConsumer.beforeApplicationShutdown();
  consumers[0].fetchReturns();
  const progress = { shutDown: false };
  const shuttingDown = batchConsumer.onApplicationShutdown().then(() => void (progress.shutDown = true));
  return { consumers, progress, shuttingDown };
}

it('does not end the shutdown before the consumer that kafkajs connected after a stop during its start is disconnected', async () => {
  const { consumers, progress, shuttingDown } = stoppedDuringItsStart();
  await settle();
  expect(progress.shutDown).toBe(false);

  consumers[0].finishConnecting();
  await settle();
  expect(progress.shutDown).toBe(false);
  consumers[0].fetchReturns();
  await shuttingDown;
  // nothing is subscribed or joined once stopped
  expect(consumers[0].calls).toEqual(['connect', 'disconnect', 'disconnect']);
  expect(consumers).toHaveLength(1);
});

it('waits at most 5 s for a start that does not end (kafkajs retrying a broker that is away)', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
  try {
    const { progress, shuttingDown } = stoppedDuringItsStart();
    await settle();
    jest.advanceTimersByTime(4_999);
    await settle();
    expect(progress.shutDown).toBe(false);
    jest.advanceTimersByTime(1);
    await shuttingDown;
    expect(progress.shutDown).toBe(true);
  } finally {
    jest.useRealTimers();
  }
});

it('starts no other consumer, and warns of nothing, when a start fails because it was stopped', async () => {
  const { batchConsumer, consumers, logger } = started();
  batchConsumer.beforeApplicationShutdown();
  consumers[0].finishConnecting(new Error('Connection error: write after end'));
  await settle();
  consumers[0].fetchReturns();
  await batchConsumer.onApplicationShutdown();
  await settle();

  expect(consumers).toHaveLength(1);
  expect(logger.warn).not.toHaveBeenCalled();
});

it('ends the wait before another try to start at once for a stop', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
  try {
    const { batchConsumer, consumers, logger } = started();
    consumers[0].finishConnecting(new Error('broker away'));
    await settle();
    consumers[0].fetchReturns();
    await settle();
    expect(logger.warn).toHaveBeenCalledTimes(1);

    batchConsumer.beforeApplicationShutdown();
    consumers[0].fetchReturns();
    // the clock stands still: only the stop can end the wait
    await batchConsumer.onApplicationShutdown();
    expect(consumers).toHaveLength(1);
  } finally {
    jest.useRealTimers();
  }
});

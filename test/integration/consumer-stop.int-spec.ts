import { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { validateEnvironment } from '@followup/config';
import { Topics } from '@followup/contracts';
import { BatchConsumer, busTopic, CONSUMER_FETCH_WAIT_MS, kafkaClientConfig, waitForLeaders } from '@followup/messaging';
import { adminKafka, eventually } from '../support/stack';

/**
 * A durable group's consumer stopped while it joins its group, on the real broker. kafkajs 2.2.4 disconnected during the
 * join drops the runner it is starting without stopping it (tulios/kafkajs#1639): the join goes on, and the member stays
 * in the group until its session ends, so every rebalance of the group (another instance starting) waits 15 s for it. It
 * made the test stacks that close right after starting (security-perimeter's) slow by half a minute at random. The
 * runner as patched (patches/kafkajs+2.2.4.patch) waits for the join, and the member then leaves.
 */
const environment = validateEnvironment(process.env);
const TOPIC = Topics.ErasureRequested;
const GROUP = `${environment.KAFKA_TOPIC_PREFIX}consumer-stop`;
const logger = { warn: () => undefined } as unknown as PinoLogger;

/** A BatchConsumer of the test topic, with the admin principal's credentials (the topic has no service grants). */
class ErasureReader extends BatchConsumer {
  constructor() {
    super(
      environment,
      {
        service: 'gateway',
        clientId: 'consumer-stop-test',
        groupId: GROUP,
        topics: [TOPIC],
        partitionsConsumedConcurrently: 1,
        pacing: 'batched',
      },
      logger,
      (config) => new Kafka({ ...config, sasl: kafkaClientConfig(environment, 'admin', 'consumer-stop-test').sasl }),
    );
  }
  protected async onBatch(_payload: EachBatchPayload): Promise<void> {}
}

let admin: Admin;
let member: Consumer;
/** Ends the first member's handling of the message it is busy with: until then it cannot rejoin the group. */
let releaseMember!: () => void;

beforeAll(async () => {
  admin = adminKafka('consumer-stop-test').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: busTopic(environment, TOPIC), numPartitions: 1 }] });
  await waitForLeaders(admin, [busTopic(environment, TOPIC)]);
  const producer = adminKafka('consumer-stop-producer').producer();
  await producer.connect();
  await producer.send({ topic: busTopic(environment, TOPIC), messages: [{ value: 'hold' }] });
  await producer.disconnect();

  // a member already in the group, busy with a message until the test lets it go: a newcomer's join holds the
  // group in a rebalance until this member rejoins, so the consumer under test is stopped in the middle of its join
  member = adminKafka('consumer-stop-member').consumer({
    groupId: GROUP,
    heartbeatInterval: 1_000,
    sessionTimeout: 15_000,
    maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
  });
  await member.connect();
  await member.subscribe({ topic: busTopic(environment, TOPIC), fromBeginning: true });
  const busy = new Promise<void>((resolve) =>
    member.run({
      eachMessage: () => {
        resolve();
        return new Promise<void>((release) => (releaseMember = release));
      },
    }),
  );
  await busy;
});

afterAll(async () => {
  releaseMember?.();
  await member?.disconnect();
  await admin?.deleteTopics({ topics: [busTopic(environment, TOPIC)] }).catch(() => undefined);
  await admin?.disconnect();
});

const describeGroup = async () => (await admin.describeGroups([GROUP])).groups[0];

it('leaves no member behind when it is stopped while it joins its group', async () => {
  const reader = new ErasureReader();
  reader.onApplicationBootstrap();
  // its JoinGroup is in flight: the broker holds the group in a rebalance until the busy member rejoins
  await eventually(async () => ((await describeGroup()).state === 'PreparingRebalance' ? true : undefined), 10_000);
  reader.beforeApplicationShutdown();
  const shutDown = reader.onApplicationShutdown();
  releaseMember();
  await shutDown;

  const settled = await eventually(async () => {
    const group = await describeGroup();
    return group.state === 'Stable' ? group : undefined;
  }, 30_000);
  expect(settled.members.map((each) => each.clientId)).toEqual(['consumer-stop-member']);
});

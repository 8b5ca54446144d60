import { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { validateEnvironment } from '@followup/config';
import { Topics } from '@followup/contracts';
import { BatchConsumer, busTopic, CONSUMER_FETCH_WAIT_MS, kafkaClientConfig } from '@followup/messaging';
import { adminKafka, eventually } from '../support/stack';

/**
 * A durable group's consumer stopped while it joins its group, on the real broker. kafkajs disconnected during the join
 * drops the runner it is starting without stopping it (tulios/kafkajs#1639): the join goes on, and the member stays in
 * the group until its session ends, so every rebalance of the group (another instance starting) waits 15 s for it. It
 * made the test stacks that close right after starting (security-perimeter's) slow by half a minute at random.
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

beforeAll(async () => {
  admin = adminKafka('consumer-stop-test').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: busTopic(environment, TOPIC), numPartitions: 1 }], waitForLeaders: true });
  // a member already in the group, paced as the services' consumers are, which a newcomer's join makes rejoin between
  // two fetches: the join of the consumer under test lasts until then, about a second
  member = adminKafka('consumer-stop-member').consumer({
    groupId: GROUP,
    heartbeatInterval: 1_000,
    sessionTimeout: 15_000,
    maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
  });
  await member.connect();
  await member.subscribe({ topic: busTopic(environment, TOPIC), fromBeginning: true });
  const joined = new Promise((resolve) => member.on(member.events.GROUP_JOIN, resolve));
  await member.run({ eachMessage: async () => undefined });
  await joined;
});

afterAll(async () => {
  await member?.disconnect();
  await admin?.deleteTopics({ topics: [busTopic(environment, TOPIC)] }).catch(() => undefined);
  await admin?.disconnect();
});

const describeGroup = async () => (await admin.describeGroups([GROUP])).groups[0];

it('leaves no member behind when it is stopped while it joins its group', async () => {
  const reader = new ErasureReader();
  reader.onApplicationBootstrap();
  // its JoinGroup is in flight: the broker holds the group in a rebalance until the first member rejoins
  await eventually(async () => ((await describeGroup()).state === 'PreparingRebalance' ? true : undefined), 10_000, 20);
  reader.beforeApplicationShutdown();
  await reader.onApplicationShutdown();

  const settled = await eventually(async () => {
    const group = await describeGroup();
    return group.state === 'Stable' ? group : undefined;
  }, 30_000);
  expect(settled.members.map((each) => each.clientId)).toEqual(['consumer-stop-member']);
});

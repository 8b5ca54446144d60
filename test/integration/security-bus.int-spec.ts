import { randomUUID } from 'node:crypto';
import { Kafka, KafkaConfig, logLevel, Producer } from 'kafkajs';
import { DraftScreenedEvent, RecommendationReviewedEvent, ServiceName, TopicName, Topics } from '@followup/contracts';
import { busTopic, createEvent, developmentKafkaPassword, kafkaClientConfig, kafkaUsername } from '@followup/messaging';
import { leadRecord, SPEC_EXAMPLE_REQUEST } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { adminKafka, eventually, eventuallyStored, TestStack } from '../support/stack';

/**
 * The bus's perimeter, attacked over the socket with a real kafkajs client: the broker authenticates every
 * client with SASL/SCRAM and lets each service's principal write only the topics the catalog says it produces.
 */
const smtp = new SmtpTestServer();
let stack: TestStack;
let crm: string;
let rep: string;
const producers: Producer[] = [];

/**
 * Connects with the given credentials (none at all when `sasl` is undefined) and sends one record, trying once.
 * Resolves to 'sent', or to the kind of error the broker's answer became: a kafkajs error type or error name.
 */
async function sendAs(sasl: KafkaConfig['sasl'], topic: TopicName, value: string): Promise<string> {
  const { brokers } = kafkaClientConfig(stack.environment, 'admin', 'unused');
  const producer = new Kafka({ clientId: 'bus-attacker', brokers, sasl, retry: { retries: 0 }, logLevel: logLevel.NOTHING }).producer({
    allowAutoTopicCreation: false,
  });
  producers.push(producer);
  return producer
    .connect()
    .then(() => producer.send({ topic: busTopic(stack.environment, topic), messages: [{ key: 'LD-2048', value }] }))
    .then(
      () => 'sent',
      (error: { type?: string; name: string; cause?: { type?: string; name: string } }) =>
        error.type ?? error.cause?.type ?? error.cause?.name ?? error.name,
    );
}

/** The service's own credentials, the ones its process holds: what an attacker has who took over that service. */
const credentialsOf = (service: ServiceName): KafkaConfig['sasl'] => ({
  mechanism: 'scram-sha-512',
  username: kafkaUsername(service),
  password: developmentKafkaPassword(kafkaUsername(service)),
});

const forgedClearVerdict = (leadId: string) =>
  createEvent(
    DraftScreenedEvent,
    'compliance',
    { request_id: `forged-${leadId}`, tenant: 'acme', actor: { kind: 'service', id: 'compliance' } },
    {
      recommendation_id: randomUUID(),
      lead_id: leadId,
      stage: 'pre_delivery',
      verdict: 'clear',
      findings: [],
      draft_message: 'Unreviewed text that never went through a human or the PII screening.',
      channel_ranking: [{ channel: 'email', response_probability: 0.9, consented: true }],
      screened_at: new Date().toISOString(),
    },
  );

beforeAll(async () => {
  await smtp.start();
  stack = new TestStack({ delivery: smtp.settings() });
  await stack.start(['gateway', 'recommender', 'delivery']);
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const lead = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() });
  expect(lead.status).toBe(201);
  await eventuallyStored(stack.database('delivery').collection('contacts'), { tenant: 'acme', lead_id: 'LD-2048' });
});

afterAll(async () => {
  for (const producer of producers) await producer.disconnect().catch(() => undefined);
  await stack?.close();
  await smtp.stop();
});

describe('authentication', () => {
  it('closes the connection of a client without credentials', async () => {
    expect(await sendAs(undefined, Topics.DraftScreened, '{}')).toBe('KafkaJSConnectionClosedError');
  });

  it('refuses a wrong password', async () => {
    const wrong = { mechanism: 'scram-sha-512' as const, username: kafkaUsername('compliance'), password: 'guessed-password' };
    expect(await sendAs(wrong, Topics.DraftScreened, '{}')).toBe('KafkaJSSASLAuthenticationError');
  });
});

describe('authorization from the topic catalog', () => {
  it("refuses the gateway's principal a compliance verdict, and nothing is delivered", async () => {
    const forged = forgedClearVerdict('LD-2048');
    expect(await sendAs(credentialsOf('gateway'), Topics.DraftScreened, JSON.stringify(forged))).toBe('TOPIC_AUTHORIZATION_FAILED');

    const ends = await adminKafka('bus-test-offsets').admin();
    await ends.connect();
    const offsets = await ends.fetchTopicOffsets(busTopic(stack.environment, Topics.DraftScreened));
    await ends.disconnect();
    expect(offsets.map(({ high }) => high)).toEqual(['0', '0', '0']);
    expect(smtp.messages).toHaveLength(0);
  });

  it("delivers the very same event sent with compliance's principal, which holds the write right the gateway lacked", async () => {
    const forged = forgedClearVerdict('LD-2048');
    expect(await sendAs(credentialsOf('compliance'), Topics.DraftScreened, JSON.stringify(forged))).toBe('sent');
    const mail = await eventually(async () => smtp.messages[0]);
    expect(mail.raw).toContain('Unreviewed text');
  });

  it("refuses delivery's principal a review decision", async () => {
    expect(await sendAs(credentialsOf('delivery'), Topics.RecommendationReviewed, '{}')).toBe('TOPIC_AUTHORIZATION_FAILED');
  });
});

describe('tenancy of consumed events', () => {
  it("re-analyses a rejection only within the event's tenant: another tenant naming the id changes nothing", async () => {
    const requested = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
      token: rep,
      body: SPEC_EXAMPLE_REQUEST,
    });
    expect(requested.status).toBe(200);
    const recommendationId: string = requested.body.recommendation_id;
    const rejection = (tenant: string) =>
      createEvent(
        RecommendationReviewedEvent,
        'gateway',
        { request_id: `reject-${tenant}`, tenant, actor: { kind: 'user', id: 'rep-9' } },
        {
          recommendation_id: recommendationId,
          lead_id: 'LD-2048',
          reviewer: { sub: 'rep-9', role: 'sales_rep' },
          recommended_channel: 'sms',
          channel_ranking: [{ channel: 'sms', response_probability: 0.6, consented: true }],
          reviewed_at: new Date().toISOString(),
          decision: 'rejected',
          rejection_reason: 'Wrong channel, she prefers email',
        },
      );
    const feedback = stack.database('recommender').collection('model_feedback');

    await stack.produceRaw(Topics.RecommendationReviewed, JSON.stringify(rejection('globex')), 'LD-2048');
    await stack.consumedUpToNow(stack.consumerGroup('recommender'), [Topics.RecommendationReviewed]);
    expect(await feedback.countDocuments({})).toBe(0);
    expect(await stack.database('recommender').collection('recommendations').countDocuments({ revision_of: recommendationId })).toBe(0);

    await stack.produceRaw(Topics.RecommendationReviewed, JSON.stringify(rejection('acme')), 'LD-2048');
    const recorded = await eventuallyStored(feedback, { recommendation_id: recommendationId });
    expect(recorded).toMatchObject({ tenant: 'acme', category: expect.any(String) });
  });
});

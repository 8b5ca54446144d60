import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { Channel, DraftScreenedEvent, DraftScreenedPayload, TopicName, Topics } from '@followup/contracts';
import { busTopic, createEvent, logicalTopic } from '@followup/messaging';
import { DeliverApprovedDraftUseCase } from '../../apps/delivery/src/draft-delivery/deliver-approved-draft.use-case';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { adminKafka, eventually, TestStack } from '../support/stack';

const TENANT = 'acme';
const OWNER = 'rep-17';
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
let stack: TestStack;
let crm: string;
let observer: Consumer;
const observerGroup = `${process.env.KAFKA_TOPIC_PREFIX}delivery-test-observer`;
const published: { topic: TopicName; value: any }[] = [];

type Attempt = { attempt: number; channel: Channel; status: string; error_code?: string; final: boolean; try: number; outbox: unknown };

beforeAll(async () => {
  await Promise.all([smtp.start(), sms.start()]);
  stack = new TestStack({
    delivery: {
      ...smtp.settings(),
      ...sms.settings(),
      DELIVERY_RETRY_BASE_DELAY_MS: 50,
      SMS_TIMEOUT_MS: 1000,
      SCHEDULER_POLL_INTERVAL_MS: 100,
    },
  });
  await stack.start(['gateway', 'delivery']);
  crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  // Several approvals per lead here: the frequency cap (tested in send-windows) is turned off for this tenant.
  const manager = stack.token({ sub: 'mgr-1', tenant: TENANT, roles: ['sales_manager'] });
  const policy = await call(stack.serviceUrl('delivery'), 'GET', '/api/v1/sending-policy', { token: manager });
  const { updated_by, updated_at, ...rules } = policy.body;
  expect(
    (
      await call(stack.serviceUrl('delivery'), 'PUT', '/api/v1/sending-policy', {
        token: manager,
        body: { ...rules, frequency_cap_hours: 0 },
      })
    ).status,
  ).toBe(200);
  observer = adminKafka('delivery-test-observer').consumer({ groupId: observerGroup });
  await observer.connect();
  const topics = [Topics.DeliveryAttempted, Topics.NotificationRequested].map((topic) => busTopic(stack.environment, topic));
  await observer.subscribe({ topics, fromBeginning: true });
  await observer.run({
    eachMessage: async ({ topic, message }) => {
      published.push({ topic: logicalTopic(stack.environment, topic), value: JSON.parse(message.value!.toString('utf8')) });
    },
  });
});

afterAll(async () => {
  await observer?.disconnect();
  await stack?.close();
  await Promise.all([smtp.stop(), sms.stop()]);
});

beforeEach(() => {
  smtp.reset();
  sms.reset();
});

/** Upserts the lead through the gateway's real API and waits until delivery's contact directory has it. */
async function upsertLead(leadId: string, overrides: Record<string, unknown> = {}, tenant = TENANT) {
  const token = tenant === TENANT ? crm : stack.token({ sub: 'crm-1', tenant, roles: ['crm'] });
  const response = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token, body: leadRecord(overrides) });
  expect([200, 201]).toContain(response.status);
  await eventually(async () => {
    const contact = await stack.database('delivery').collection('contacts').findOne({ tenant, lead_id: leadId });
    return contact && contact.version === response.body.version ? contact : undefined;
  });
}

function screened(leadId: string, ranking: Channel[], overrides: Partial<DraftScreenedPayload> = {}, tenant = TENANT): DraftScreenedEvent {
  return createEvent(
    DraftScreenedEvent,
    'compliance',
    { request_id: `req-${leadId}`, tenant, actor: { kind: 'service', id: 'compliance' } },
    {
      recommendation_id: randomUUID(),
      lead_id: leadId,
      stage: 'pre_delivery',
      verdict: 'clear',
      findings: [],
      draft_message: `Hi Sarah, following up on your pricing questions (${leadId}).`,
      channel_ranking: ranking.map((channel, index) => ({ channel, response_probability: 0.6 - index * 0.1, consented: true })),
      screened_at: new Date().toISOString(),
      ...overrides,
    },
  );
}

async function produce(event: DraftScreenedEvent) {
  await stack.produceRaw(Topics.DraftScreened, JSON.stringify(event), event.payload.lead_id);
}

async function attemptsOf(recommendationId: string): Promise<Attempt[]> {
  return (await stack
    .database('delivery')
    .collection('delivery_attempts')
    .find({ recommendation_id: recommendationId })
    .sort({ attempt: 1 })
    .toArray()) as unknown as Attempt[];
}

/** Waits until the delivery of a recommendation has a final attempt and every attempt's events are published. */
async function finalAttempts(recommendationId: string): Promise<Attempt[]> {
  return eventually(async () => {
    const attempts = await attemptsOf(recommendationId);
    return attempts.at(-1)?.final && attempts.every((attempt) => !attempt.outbox) ? attempts : undefined;
  });
}

function eventsFor(recommendationId: string, topic: TopicName) {
  return published
    .filter((entry) => entry.topic === topic && entry.value.payload.recommendation_id === recommendationId)
    .map((e) => e.value);
}

it('delivers an email through the SMTP server: recipient and body arrive, one final attempt and event', async () => {
  await upsertLead('LD-D1');
  const event = screened('LD-D1', ['email', 'sms', 'phone_call']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ attempt, channel, status, final }) => ({ attempt, channel, status, final }))).toEqual([
    { attempt: 1, channel: 'email', status: 'delivered', final: true },
  ]);
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0].to).toEqual(['sarah.lee@example.com']);
  expect(smtp.messages[0].raw).toContain('following up on your pricing questions (LD-D1)');
  expect(smtp.messages[0].raw).toContain(`X-Followup-Idempotency-Key: ${event.payload.recommendation_id}:email`);
  expect(sms.requests).toBe(0);

  const emitted = await eventually(async () => {
    const found = eventsFor(event.payload.recommendation_id, Topics.DeliveryAttempted);
    return found.length === 1 ? found : undefined;
  });
  expect(emitted[0]).toMatchObject({
    event_type: 'delivery.attempted',
    producer: 'delivery',
    tenant: TENANT,
    request_id: 'req-LD-D1',
    payload: { lead_id: 'LD-D1', attempt: 1, channel: 'email', outcome: 'delivered', final: true },
  });
  // The stored attempt never holds the address; the text only as the approval the first attempt keeps (erased with the lead).
  expect(JSON.stringify(attempts)).not.toContain('sarah.lee@example.com');
  const { approval, ...attempt } = attempts[0] as Attempt & { approval: { draft_message: string } };
  expect(approval.draft_message).toBe('Hi Sarah, following up on your pricing questions (LD-D1).');
  expect(JSON.stringify(attempt)).not.toContain('pricing questions');
  expect(await stack.database('delivery').collection('approved_deliveries').countDocuments({ lead_id: 'LD-D1' })).toBe(0);
});

it('retries SMS after two 503s and delivers it on the third try', async () => {
  await upsertLead('LD-D2');
  sms.failNextRequests(2, 503);
  const event = screened('LD-D2', ['sms', 'email', 'phone_call']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(
    attempts.map(({ channel, try: tryNumber, status, error_code, final }) => ({ channel, try: tryNumber, status, error_code, final })),
  ).toEqual([
    { channel: 'sms', try: 1, status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE', final: false },
    { channel: 'sms', try: 2, status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE', final: false },
    { channel: 'sms', try: 3, status: 'delivered', error_code: undefined, final: true },
  ]);
  expect(sms.requests).toBe(3);
  expect(sms.messages).toEqual([
    expect.objectContaining({
      to: '+14155550123',
      from: sms.from,
      body: expect.stringContaining('(LD-D2)'),
      idempotency_key: `${event.payload.recommendation_id}:sms`,
      authorization_ok: true,
    }),
  ]);
  expect(smtp.messages).toHaveLength(0);
  const emitted = await eventually(async () => {
    const found = eventsFor(event.payload.recommendation_id, Topics.DeliveryAttempted);
    return found.length === 3 ? found : undefined;
  });
  expect(emitted.map((e) => [e.payload.attempt, e.payload.outcome, e.payload.final])).toEqual([
    [1, 'failed', false],
    [2, 'failed', false],
    [3, 'delivered', true],
  ]);
});

it('falls back to email when the SMS provider refuses the message (400), without retrying SMS', async () => {
  await upsertLead('LD-D3');
  sms.failEveryRequest(400);
  const event = screened('LD-D3', ['sms', 'email', 'phone_call']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code }) => ({ channel, status, error_code }))).toEqual([
    { channel: 'sms', status: 'failed', error_code: 'SMS_REJECTED' },
    { channel: 'email', status: 'delivered', error_code: undefined },
  ]);
  expect(sms.requests).toBe(1);
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0].to).toEqual(['sarah.lee@example.com']);

  // The owner rep hears that SMS failed and that the email went instead (the fallback succeeding is no reason for silence).
  const owner = stack.token({ sub: OWNER, tenant: TENANT, roles: ['sales_rep'] });
  const notice = await eventually(async () => {
    const response = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: owner });
    return response.body.items.find((n: any) => n.recommendation_id === event.payload.recommendation_id);
  });
  expect(notice).toMatchObject({ kind: 'delivery_fallback', recipient_role: 'sales_rep', recipient_sub: OWNER, lead_id: 'LD-D3' });
  expect(notice.message).toContain('could not be sent by sms (SMS_REJECTED); it is being sent by email instead');
});

it('when every channel fails, records a final failed attempt and notifies the owner rep (and only them)', async () => {
  await upsertLead('LD-D4');
  sms.failEveryRequest(503);
  smtp.rejectRecipients(550);
  const event = screened('LD-D4', ['sms', 'email']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code, final }) => ({ channel, status, error_code, final }))).toEqual([
    { channel: 'sms', status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE', final: false },
    { channel: 'sms', status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE', final: false },
    { channel: 'sms', status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE', final: false },
    { channel: 'email', status: 'failed', error_code: 'SMTP_REJECTED', final: true },
  ]);
  expect(smtp.messages).toHaveLength(0);

  const owner = stack.token({ sub: OWNER, tenant: TENANT, roles: ['sales_rep'] });
  const page = await eventually(async () => {
    const response = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: owner });
    expect(response.status).toBe(200);
    return response.body.items.some((n: any) => n.recommendation_id === event.payload.recommendation_id && n.kind === 'delivery_failed')
      ? response.body
      : undefined;
  });
  const notice = page.items.find((n: any) => n.recommendation_id === event.payload.recommendation_id && n.kind === 'delivery_failed');
  expect(notice).toMatchObject({
    kind: 'delivery_failed',
    recipient_role: 'sales_rep',
    recipient_sub: OWNER,
    lead_id: 'LD-D4',
    read: false,
  });
  expect(notice.message).toContain('sms: SMS_PROVIDER_UNAVAILABLE, email: SMTP_REJECTED');
  expect(notice.message).not.toContain('sarah');
  expect(notice.message).not.toContain('+1415');

  const otherRep = stack.token({ sub: 'rep-9', tenant: TENANT, roles: ['sales_rep'] });
  const theirs = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: otherRep });
  expect(theirs.body.items.map((n: any) => n.notification_id)).not.toContain(notice.notification_id);
  const otherTenant = stack.token({ sub: OWNER, tenant: 'globex', roles: ['sales_rep'] });
  expect((await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: otherTenant })).body.items).toEqual([]);
  expect(
    (await call(stack.gatewayUrl, 'POST', `/api/v1/notifications/${notice.notification_id}/read`, { token: otherRep })).body.error.code,
  ).toBe('NOTIFICATION_NOT_FOUND');

  for (let i = 0; i < 2; i += 1) {
    const read = await call(stack.gatewayUrl, 'POST', `/api/v1/notifications/${notice.notification_id}/read`, { token: owner });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ notification_id: notice.notification_id, read: true });
  }
  const afterRead = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications?page=1&page_size=5', { token: owner });
  expect(afterRead.body).toMatchObject({ page: 1, page_size: 5 });
  expect(afterRead.body.items.find((n: any) => n.notification_id === notice.notification_id).read).toBe(true);

  // the four attempts' events were published (finalAttempts); the observer has read all there is
  await stack.consumedUpToNow(observerGroup, [Topics.DeliveryAttempted]);
  const emitted = eventsFor(event.payload.recommendation_id, Topics.DeliveryAttempted);
  expect(emitted.map((e) => [e.payload.attempt, e.payload.channel, e.payload.outcome, e.payload.final])).toEqual([
    [1, 'sms', 'failed', false],
    [2, 'sms', 'failed', false],
    [3, 'sms', 'failed', false],
    [4, 'email', 'failed', true],
  ]);
});

it('turns a phone_call into a call task for the owner rep, listed at GET /api/v1/tasks on the delivery service', async () => {
  await upsertLead('LD-D5');
  const event = screened('LD-D5', ['phone_call', 'sms', 'email']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, final }) => ({ channel, status, final }))).toEqual([
    { channel: 'phone_call', status: 'task_created', final: true },
  ]);
  expect(sms.requests + smtp.messages.length).toBe(0);

  const deliveryUrl = stack.serviceUrl('delivery');
  const owner = stack.token({ sub: OWNER, tenant: TENANT, roles: ['sales_rep'] });
  const mine = await call(deliveryUrl, 'GET', '/api/v1/tasks', { token: owner });
  expect(mine.status).toBe(200);
  const task = mine.body.items.find((t: any) => t.recommendation_id === event.payload.recommendation_id);
  expect(task).toMatchObject({ lead_id: 'LD-D5', owner_rep_id: OWNER, status: 'open', talking_points: event.payload.draft_message });

  const manager = stack.token({ sub: 'mgr-1', tenant: TENANT, roles: ['sales_manager'] });
  const all = await call(deliveryUrl, 'GET', '/api/v1/tasks?page_size=100', { token: manager });
  expect(all.body.items.map((t: any) => t.task_id)).toContain(task.task_id);
  const otherRep = stack.token({ sub: 'rep-9', tenant: TENANT, roles: ['sales_rep'] });
  expect((await call(deliveryUrl, 'GET', '/api/v1/tasks', { token: otherRep })).body.items).toEqual([]);
  expect((await call(deliveryUrl, 'GET', '/api/v1/tasks')).status).toBe(401);
  expect((await call(deliveryUrl, 'GET', '/api/v1/tasks', { token: crm })).status).toBe(403);
  expect((await call(deliveryUrl, 'GET', '/api/v1/tasks?page_size=1000', { token: owner })).body.error.code).toBe('INVALID_REQUEST');
});

it('sends one message for one approval, however often the event is redelivered', async () => {
  await upsertLead('LD-D6');
  const event = screened('LD-D6', ['email', 'sms']);
  await produce(event);
  await finalAttempts(event.payload.recommendation_id);

  await produce(event); // the same event again (a redelivery)
  await produce({ ...event, event_id: randomUUID() } as DraftScreenedEvent); // the same approval in a new event
  // Ignored: other stages and verdicts carry nothing to deliver.
  await produce(screened('LD-D6', ['email'], { stage: 'generated' }));
  await produce(screened('LD-D6', ['email'], { verdict: 'blocked', findings: [{ kind: 'email', start: 0, end: 5 }] }));
  // Same key, so same partition: once this one is delivered, everything before it was processed.
  const marker = screened('LD-D6', ['sms']);
  await produce(marker);
  await finalAttempts(marker.payload.recommendation_id);

  expect(smtp.messages).toHaveLength(1);
  expect(sms.messages).toHaveLength(1);
  expect(await attemptsOf(event.payload.recommendation_id)).toHaveLength(1);
  expect(await stack.database('delivery').collection('delivery_attempts').countDocuments({ lead_id: 'LD-D6' })).toBe(2);
});

it('skips a channel without consent and records why', async () => {
  await upsertLead('LD-D7', { consent: { sms: false, email: true, phone_call: true } });
  const event = screened('LD-D7', ['sms', 'email']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code, final }) => ({ channel, status, error_code, final }))).toEqual([
    { channel: 'sms', status: 'skipped', error_code: 'NO_CONSENT', final: false },
    { channel: 'email', status: 'delivered', error_code: undefined, final: true },
  ]);
  expect(sms.requests).toBe(0);
  expect(smtp.messages).toHaveLength(1);
  const emitted = await eventually(async () => {
    const found = eventsFor(event.payload.recommendation_id, Topics.DeliveryAttempted);
    return found.length === 2 ? found : undefined;
  });
  expect(emitted[0].payload).toMatchObject({ channel: 'sms', outcome: 'skipped_no_consent', error_code: 'NO_CONSENT' });
});

it("never sends on a channel the approved recommendation rules out (a reviewer's wrong-channel rejection)", async () => {
  await upsertLead('LD-D20');
  const event = screened('LD-D20', ['sms', 'email'], {
    channel_ranking: [
      { channel: 'sms', response_probability: 0.6, consented: false },
      { channel: 'email', response_probability: 0.5, consented: true },
    ],
  });
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code, final }) => ({ channel, status, error_code, final }))).toEqual([
    { channel: 'sms', status: 'skipped', error_code: 'EXCLUDED_BY_RECOMMENDATION', final: false },
    { channel: 'email', status: 'delivered', error_code: undefined, final: true },
  ]);
  expect(sms.requests).toBe(0);
  expect(smtp.messages).toHaveLength(1);
});

it('never re-sends an attempt a crashed run left in progress: marks it unknown and notifies the owner rep', async () => {
  await upsertLead('LD-D8');
  const event = screened('LD-D8', ['sms', 'email']);
  const key = `${event.payload.recommendation_id}:1`;
  await stack.database('delivery').collection('delivery_attempts').insertOne({
    tenant: TENANT,
    recommendation_id: event.payload.recommendation_id,
    lead_id: 'LD-D8',
    attempt: 1,
    idempotency_key: key,
    channel: 'sms',
    try: 1,
    status: 'in_progress',
    final: false,
    request_id: event.request_id,
    started_at: new Date(),
    outbox: null,
  });
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code, final }) => ({ channel, status, error_code, final }))).toEqual([
    { channel: 'sms', status: 'unknown', error_code: 'OUTCOME_UNKNOWN', final: true },
  ]);
  expect(sms.requests + smtp.messages.length).toBe(0);
  const notices = await eventually(async () => {
    const found = eventsFor(event.payload.recommendation_id, Topics.NotificationRequested);
    return found.length === 1 ? found : undefined;
  });
  expect(notices[0].payload).toMatchObject({ kind: 'delivery_failed', recipient_role: 'sales_rep', recipient_sub: OWNER });
});

it('sends exactly one message when the SMS provider accepts it but answers after the timeout: no retry, no fallback, the rep checks', async () => {
  await upsertLead('LD-D9');
  sms.hangEveryRequest(1500); // the client gives up after SMS_TIMEOUT_MS (1000); the provider keeps the message
  const event = screened('LD-D9', ['sms', 'email']);
  await produce(event);

  const attempts = await finalAttempts(event.payload.recommendation_id);
  expect(attempts.map(({ channel, status, error_code, final }) => ({ channel, status, error_code, final }))).toEqual([
    { channel: 'sms', status: 'unknown', error_code: 'SMS_PROVIDER_TIMEOUT', final: true },
  ]);
  await eventually(async () => (sms.messages.length === 1 ? true : undefined));
  expect(sms.messages.map((message) => message.idempotency_key)).toEqual([`${event.payload.recommendation_id}:sms`]);
  expect(smtp.messages).toHaveLength(0);
  const notices = await eventually(async () => {
    const found = eventsFor(event.payload.recommendation_id, Topics.NotificationRequested);
    return found.length === 1 ? found : undefined;
  });
  expect(notices[0].payload).toMatchObject({ kind: 'delivery_failed', recipient_role: 'sales_rep', recipient_sub: OWNER });
});

it("holds a lead's second approval while the first one's send is still under way (the frequency cap counts it)", async () => {
  const tenant = 'initech'; // the default sending policy: one message per lead in 48 hours
  await upsertLead('LD-CAP-1', {}, tenant);

  // the first approval's send hangs at the provider while a second one for the lead is due (its job, another instance)
  const delivery = stack.app('delivery').get(DeliverApprovedDraftUseCase);
  const first = screened('LD-CAP-1', ['sms'], {}, tenant);
  const second = screened('LD-CAP-1', ['sms'], {}, tenant);
  sms.hangEveryRequest(600); // within SMS_TIMEOUT_MS (1000): the first is delivered
  const firstRun = delivery.execute(first);
  await eventually(async () => (sms.inFlight === 1 ? true : undefined));
  await delivery.execute(second);
  await firstRun;

  expect(sms.messages.map((message) => message.idempotency_key)).toEqual([`${first.payload.recommendation_id}:sms`]);
  expect(await attemptsOf(second.payload.recommendation_id)).toEqual([]);
  const [sent] = await attemptsOf(first.payload.recommendation_id);
  const jobs = await stack
    .database('delivery')
    .collection('scheduled_jobs')
    .find({ 'payload.recommendation_id': second.payload.recommendation_id })
    .toArray();
  expect(jobs.map((job) => [job.status, job.due_at.toISOString()])).toEqual([
    ['pending', new Date((sent as unknown as { started_at: Date }).started_at.getTime() + 48 * 3_600_000).toISOString()],
  ]);
});

it("sends a lead's held second approval as soon as the first one's send fails, instead of after the cap", async () => {
  const tenant = 'initech'; // the default sending policy: one message per lead in 48 hours
  await upsertLead('LD-CAP-3', {}, tenant);

  // the first approval's SMS hangs at the provider, then is refused (400: a permanent failure)
  const delivery = stack.app('delivery').get(DeliverApprovedDraftUseCase);
  const first = screened('LD-CAP-3', ['sms'], {}, tenant);
  const second = screened('LD-CAP-3', ['email'], {}, tenant);
  sms.hangEveryRequest(600);
  sms.failEveryRequest(400);
  const firstRun = delivery.execute(first);
  await eventually(async () => (sms.inFlight === 1 ? true : undefined));
  await delivery.execute(second);
  expect(await attemptsOf(second.payload.recommendation_id)).toEqual([]); // held: the first send, under way, counts for the cap
  await firstRun;

  // the failure wakes the held approval: the scheduler (every 100 ms here) sends its email now
  const [sent] = await eventually(async () => {
    const attempts = await attemptsOf(second.payload.recommendation_id);
    return attempts.length === 1 && attempts[0].status === 'delivered' ? attempts : undefined;
  }, 15_000);
  expect(sent).toMatchObject({ channel: 'email', status: 'delivered' });
  expect(smtp.messages).toHaveLength(1);
  expect((await attemptsOf(first.payload.recommendation_id)).map((attempt) => attempt.status)).toEqual(['failed']);
});

it("sends one of two approvals for a lead decided at the same moment (the lead's claim), and the other waits for the cap", async () => {
  const tenant = 'initech'; // the default sending policy: one message per lead in 48 hours
  await upsertLead('LD-CAP-2', {}, tenant);

  // two instances (or a job and a handler) running both at once: each checks the cap before either has sent
  const delivery = stack.app('delivery').get(DeliverApprovedDraftUseCase);
  const approvals = [screened('LD-CAP-2', ['sms'], {}, tenant), screened('LD-CAP-2', ['sms'], {}, tenant)];
  await Promise.all(approvals.map((approval) => delivery.execute(approval)));

  const sent = await Promise.all(approvals.map(async ({ payload }) => (await attemptsOf(payload.recommendation_id)).map((a) => a.status)));
  expect(sent.flat()).toEqual(['delivered']);
  expect(sms.messages).toHaveLength(1);
  const held = approvals.find(({ payload }) => !sms.messages.some((m) => m.idempotency_key === `${payload.recommendation_id}:sms`))!;
  const jobs = await stack
    .database('delivery')
    .collection('scheduled_jobs')
    .find({ 'payload.recommendation_id': held.payload.recommendation_id })
    .toArray();
  expect(jobs.map((job) => job.status)).toEqual(['pending']);
});

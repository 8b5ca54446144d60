import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERASED_TEXT, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { InstanceReplyListener } from '../../apps/gateway/src/recommendations/instance-reply-listener';
import { RecommendationRequestRepository } from '../../apps/gateway/src/recommendations/recommendation-request.repository';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * A recommendation request without an `Idempotency-Key` is published first and stored once: with its answer, or as
 * pending when none came within half the relay interval (500 ms here), always before its caller is answered.
 */
const REPLY_TIMEOUT_MS = 20_000;
const stack = new TestStack({ gateway: { OUTBOX_RELAY_INTERVAL_MS: 1_000, RECOMMENDATION_REPLY_TIMEOUT_MS: REPLY_TIMEOUT_MS } });
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const LEAD = 'LD-ONCE-1';
let rep: string;

const records = () => stack.database('gateway').collection('recommendation_requests');
const claims = () => stack.database('gateway').collection('recommendation_transitions');
const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  await stack.app('gateway').get(InstanceReplyListener).fetching;
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(() => stack.close());

it('stores a request answered in time once: one insert of the request with its answer and its event, no change claimed', async () => {
  const answered = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });
  expect(answered.status).toBe(200);
  const id = answered.body.recommendation_id;
  const record = await records().findOne({ recommendation_id: id });
  expect(record).toMatchObject({ version: 0, status: 'completed', lifecycle: 'pending_review', requested_by: 'rep-17', outbox: null });
  expect(JSON.parse(record?.requested_event).payload).toMatchObject({ recommendation_id: id, lead: { lead_id: LEAD } });
  expect(await claims().countDocuments({ recommendation_id: id })).toBe(0);
});

it("answers a request whose answer only another instance's durable group consumed, from the record stored meanwhile", async () => {
  // the holder reads no answer itself: it has no share of the durable group, and its reply consumer is stopped
  const holder = await stack.startExtraInstance('gateway', {}, { durableGroup: false });
  await holder.get(InstanceReplyListener).onApplicationShutdown();

  const started = Date.now();
  const answered = await call(urlOf(holder), 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });
  expect([answered.status, answered.body.error]).toEqual([200, undefined]);
  expect(Date.now() - started).toBeLessThan(REPLY_TIMEOUT_MS);
  // stored as pending by the holder after 500 ms, then settled by the instance whose group consumed the answer
  expect(await records().findOne({ recommendation_id: answered.body.recommendation_id })).toMatchObject({
    version: 1,
    status: 'completed',
    lifecycle: 'pending_review',
  });
}, 60_000);

it('drops an answer to a request no instance stored, after waiting for one, and goes on with the next', async () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, '../../bench/fixtures/audit-record-generated.json'), 'utf8')).payload;
  const orphan = randomUUID();
  const event = createEvent(
    RecommendationGeneratedEvent,
    'recommender',
    { request_id: `orphan-${orphan}`, tenant: 'acme', actor: { kind: 'service', id: 'recommender' } },
    {
      ...fixture,
      recommendation_id: orphan,
      lead_id: LEAD,
      result: { ...fixture.result, draft_message: 'Hello again.', reasoning_summary: 'Replies by SMS.' },
    },
  );
  await stack.produceRaw(Topics.RecommendationGenerated, JSON.stringify(event), LEAD);
  await stack.consumedUpToNow(stack.consumerGroup('gateway'), [Topics.RecommendationGenerated], 30_000);
  expect(await records().countDocuments({ recommendation_id: orphan })).toBe(0);

  const next = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });
  expect(next.status).toBe(200);
}, 60_000);

it('stores an answered request of a lead erased while it waited as the erasure leaves it: texts erased, no copy of the request', async () => {
  const id = randomUUID();
  const requests = stack.app('gateway').get(RecommendationRequestRepository);
  const inserted = await requests.createAnswered(
    { recommendation_id: id, tenant: 'acme', lead_id: 'LD-ERASED-1', request_id: 'req-erased', requested_by: 'rep-17' },
    JSON.stringify({ payload: { lead: { first_name: 'Sarah' }, input: { recent_activity_summary: 'Asked for a quote.' } } }),
    {
      status: 'completed',
      confidence: 'normal',
      result: {
        priority_score: 70,
        recommended_channel: 'sms',
        recommended_action: 'follow_up',
        draft_message: 'Hi Sarah, shall we talk pricing?',
        reasoning_summary: 'Sarah replies by SMS.',
        requires_human_approval: true,
      } as never,
    },
    true,
  );
  expect(inserted).toBe(true);
  const record = await eventually(() => records().findOne({ recommendation_id: id }));
  expect(record.result).toMatchObject({ draft_message: ERASED_TEXT, reasoning_summary: ERASED_TEXT, priority_score: 70 });
  expect(record.erased_at).toBeInstanceOf(Date);
  expect(record).not.toHaveProperty('requested_event');
  expect(JSON.stringify(record)).not.toMatch(/Sarah|pricing|quote/);
});

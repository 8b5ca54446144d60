import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { createEvent, LeadErasureStore } from '@followup/messaging';
import { InstanceReplyListener } from '../../apps/gateway/src/recommendations/instance-reply-listener';
import { RecommendationRequestRepository } from '../../apps/gateway/src/recommendations/recommendation-request.repository';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * A recommendation request without an `Idempotency-Key` is published first and stored once: with its answer, or as
 * pending when none came within half the relay interval (2 s here), always before its caller is answered.
 */
const REPLY_TIMEOUT_MS = 8_000;
const stack = new TestStack({ gateway: { OUTBOX_RELAY_INTERVAL_MS: 4_000, RECOMMENDATION_REPLY_TIMEOUT_MS: REPLY_TIMEOUT_MS } });
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const LEAD = 'LD-ONCE-1';
let rep: string;
let crm: string;

const records = () => stack.database('gateway').collection('recommendation_requests');
const claims = () => stack.database('gateway').collection('recommendation_transitions');
const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  await stack.app('gateway').get(InstanceReplyListener).fetching;
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
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

it("answers a request whose answer only another instance's durable group consumed, from the answer it parked", async () => {
  // the holder reads no answer itself: it has no share of the durable group, and its reply consumer is stopped
  const holder = await stack.startExtraInstance('gateway', {}, { durableGroup: false });
  await holder.get(InstanceReplyListener).onApplicationShutdown();

  const started = Date.now();
  const answered = await call(urlOf(holder), 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });
  expect([answered.status, answered.body.error]).toEqual([200, undefined]);
  expect(Date.now() - started).toBeLessThan(REPLY_TIMEOUT_MS);
  // the other instance's group found no record and parked the answer as the record's first change; the holder stored
  // the request as pending after 2 s and took it
  const id = answered.body.recommendation_id;
  const record = await records().findOne({ recommendation_id: id });
  expect(record).toMatchObject({ version: 1, status: 'completed', lifecycle: 'pending_review' });
  const parked = await claims().findOne({ recommendation_id: id });
  expect(parked).toMatchObject({ version: 1 });
  // claimed before the record existed: parked, not a change of the stored record
  expect(parked?.at.getTime()).toBeLessThan(record?.created_at.getTime());
}, 60_000);

it('parks an answer to a request no instance stored, as its first change, and goes on with the next answer', async () => {
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
  const parked = await claims().findOne({ recommendation_id: orphan });
  expect({ version: parked?.version, tenant: parked?.tenant, lead_id: parked?.lead_id }).toEqual({
    version: 1,
    tenant: 'acme',
    lead_id: LEAD,
  });
  expect(JSON.parse(parked?.set).status).toBe('completed');

  const next = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });
  expect(next.status).toBe(200);
}, 60_000);

it("stores a request whose lead was erased while it waited unanswered as the erasure leaves it: none of the lead's texts", async () => {
  const erasedLead = 'LD-ONCE-ERASED';
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${erasedLead}`, { token: crm, body: leadRecord() })).status).toBe(201);
  // no answer will come: the request waits unstored for 2 s, then is stored as pending
  await stack.stopService('recommender');
  const asked = call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: erasedLead } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // the gateway's share of `npm run audit:erase` (its first pass) while the request waits
  await stack.app('gateway').get(LeadErasureStore).erase('acme', erasedLead);

  const answered = await asked;
  expect([answered.status, answered.body.error?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  const record = await records().findOne({ recommendation_id: answered.body.error.details.recommendation_id });
  expect(record).toMatchObject({ status: 'pending', lead_id: erasedLead });
  expect(record?.erased_at).toBeInstanceOf(Date);
  expect(record).not.toHaveProperty('requested_event');
  expect(JSON.stringify(record)).not.toMatch(/Sarah|pricing/);
}, 60_000);

it("erases a record stored after its lead's erasure had passed as the erasure would have, the request's copy included", async () => {
  const requests = stack.app('gateway').get(RecommendationRequestRepository);
  const request = (id: string) => ({
    recommendation_id: id,
    tenant: 'acme',
    lead_id: 'LD-ONCE-LATE',
    request_id: `req-${id}`,
    requested_by: 'rep-17',
  });
  const json = JSON.stringify({ payload: { lead: { first_name: 'Sarah' }, input: { recent_activity_summary: 'Requested pricing.' } } });
  const answer = {
    status: 'completed' as const,
    confidence: 'normal' as const,
    result: { priority_score: 70, draft_message: 'Hi Sarah, about pricing.', reasoning_summary: 'Sarah asked for pricing.' } as never,
  };

  const late = randomUUID();
  expect(await requests.createAnswered(request(late), json, answer, false)).toBe(true);
  await requests.eraseStoredLate('acme', late);
  const erasedLate = await records().findOne({ recommendation_id: late });
  expect(erasedLate).toMatchObject({
    version: 1,
    result: { draft_message: '[erased]', reasoning_summary: '[erased]', priority_score: 70 },
  });
  expect(erasedLate?.erased_at).toBeInstanceOf(Date);
  expect(JSON.parse(erasedLate?.requested_event).payload).toEqual({
    lead: { first_name: '[erased]' },
    input: { recent_activity_summary: '[erased]' },
  });

  // stored as the erasure leaves a record when the check before the insert saw the lead erased
  const known = randomUUID();
  expect(await requests.createAnswered(request(known), json, answer, true)).toBe(true);
  const storedErased = await records().findOne({ recommendation_id: known });
  expect(storedErased?.erased_at).toBeInstanceOf(Date);
  expect(storedErased).not.toHaveProperty('requested_event');
  expect(JSON.stringify(storedErased)).not.toMatch(/Sarah|pricing/);
});

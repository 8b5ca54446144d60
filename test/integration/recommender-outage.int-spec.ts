import { randomUUID } from 'node:crypto';
import { Topics } from '@followup/contracts';
import { SPEC_EXAMPLE_REQUEST, leadRecord, unpublishedRequestRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

const stack = new TestStack({
  gateway: {
    RECOMMENDATION_REPLY_TIMEOUT_MS: 4000,
    RECOMMENDATION_MAX_WAITING: 2,
    SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS: 45,
    OUTBOX_RELAY_INTERVAL_MS: 500,
  },
});
let rep: string;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(() => stack.close());

it('answers 503 with the recommendation id while the recommender is down, and finishes the request once it is back', async () => {
  await stack.stopService('recommender');

  const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(response.status).toBe(503);
  expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(response.body.error.details).toMatchObject({ retry_after_seconds: 45 });
  expect(response.headers.get('retry-after')).toBe('45');
  const id = response.body.error.details.recommendation_id;
  expect(response.body.error.details.status_url).toBe(`/api/v1/ai/followup/recommendations/${id}`);

  const pending = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep });
  expect(pending.body).toMatchObject({ recommendation_id: id, status: 'pending' });

  await stack.startService('recommender');
  const finished = await eventually(async () => {
    const current = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep });
    return current.body.status === 'completed' ? current.body : undefined;
  }, 60_000);
  expect(finished.result).toMatchObject({ recommended_channel: 'sms', requires_human_approval: true });
  expect(finished.confidence).toBe('low');
});

/** A request stored with its outbox but never published, as a crash between the write and the publish leaves it. */
async function storedUnpublished(shape: 'now' | 'before'): Promise<string> {
  const id = randomUUID();
  const { event, record } = unpublishedRequestRecord(id, `crashed-request-${id}`, new Date(Date.now() - 60_000));
  const { outbox_pending: _flag, requested_event: _text, ...unflagged } = record;
  await stack
    .database('gateway')
    .collection('recommendation_requests')
    .insertOne(shape === 'now' ? record : { ...unflagged, outbox: { topic: Topics.RecommendationRequested, key: record.lead_id, event } });
  return id;
}

it('publishes a request that was stored but never published (a crash between the write and the publish), as stored now and before', async () => {
  // now: the outbox points to the event's text in `requested_event` and is flagged `outbox_pending`; before 2026-12-03
  // it held the event itself, unflagged, which a gateway flags on its relay's first pass after it starts
  const ids = [await storedUnpublished('now'), await storedUnpublished('before')];
  await stack.stopService('gateway');
  await stack.startService('gateway');

  for (const id of ids) {
    const finished = await eventually(async () => {
      const current = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep });
      return current.body.status === 'completed' ? current.body : undefined;
    }, 60_000);
    expect(finished.result.requires_human_approval).toBe(true);
    const stored = await stack.database('gateway').collection('recommendation_requests').findOne({ recommendation_id: id });
    expect(stored?.outbox).toBeNull();
  }
});

it('refuses a request past RECOMMENDATION_MAX_WAITING at once with 503 and stores nothing, while the two it holds wait on', async () => {
  await stack.stopService('recommender');
  const requests = stack.database('gateway').collection('recommendation_requests');
  const before = await requests.countDocuments({});
  const send = () => call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });

  const held = [send(), send()];
  await eventually(async () => ((await requests.countDocuments({ status: 'pending' })) === 2 ? true : undefined), 3_000, 20);
  const refused = await send();
  expect(refused.status).toBe(503);
  expect(refused.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'busy', retry_after_seconds: 45 } });
  expect(refused.body.error.details.recommendation_id).toBeUndefined();
  expect(refused.headers.get('retry-after')).toBe('45');

  const answers = await Promise.all(held);
  expect(answers.map(({ status }) => status)).toEqual([503, 503]);
  expect(answers.every(({ body }) => typeof body.error.details.recommendation_id === 'string')).toBe(true);
  expect(await requests.countDocuments({})).toBe(before + 2);
});

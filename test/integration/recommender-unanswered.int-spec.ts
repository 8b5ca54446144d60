/**
 * The spec's failure table, "AI service is unavailable: route to manual queue; log error; notify sales manager", for a
 * recommender that does not answer at all: a request left unanswered past RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS
 * goes to the manual queue and the managers are told; the answer, if it comes after all, still completes it.
 */
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

const QUEUE_AFTER_MS = 3_000;
const stack = new TestStack({
  gateway: {
    RECOMMENDATION_REPLY_TIMEOUT_MS: 1_000,
    RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: QUEUE_AFTER_MS,
    // the tests poll while services restart; what they check is not the rate limit
    RATE_LIMIT_MAX_REQUESTS: 100_000,
  },
});
let rep: string;
let manager: string;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  manager = stack.token({ sub: 'manager-1', tenant: 'acme', roles: ['sales_manager'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(() => stack.close());

/** A request made while the recommender is down: its id, from the 503 that says it is kept. */
async function unansweredRequest(): Promise<string> {
  const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(response.status).toBe(503);
  return response.body.error.details.recommendation_id;
}

type QueueItem = { recommendation_id: string; attempt: number; error: { code: string; details?: Record<string, unknown> } };

async function queued(id: string, includeClaimed = false): Promise<QueueItem | undefined> {
  const queue = await call(stack.gatewayUrl, 'GET', `/api/v1/queues/manual${includeClaimed ? '?include_claimed=true' : ''}`, {
    token: manager,
  });
  return queue.body.items.find((item: QueueItem) => item.recommendation_id === id);
}

async function recommendation(id: string) {
  return (await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep })).body;
}

async function notices(token: string, id: string): Promise<{ kind: string; recipient_role: string; message: string }[]> {
  const inbox = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token });
  return inbox.body.items.filter((item: { recommendation_id?: string }) => item.recommendation_id === id);
}

it('queues a request the recommender does not answer, tells the managers, and completes it when the answer comes after all', async () => {
  await stack.stopService('recommender');
  const id = await unansweredRequest();
  expect(await recommendation(id)).toMatchObject({ status: 'pending' });

  const item = await eventually(() => queued(id), 20_000);
  expect(item).toMatchObject({
    attempt: 1,
    error: { code: 'AI_SERVICE_UNAVAILABLE', details: { reason: 'no_answer', manual_queue: true } },
  });
  const notice = await eventually(async () => (await notices(manager, id))[0], 20_000);
  expect(notice).toMatchObject({ kind: 'ai_service_unavailable', recipient_role: 'sales_manager' });
  expect(notice.message).toBe(
    'A recommendation for lead LD-2048 got no answer from the recommendation service within 3 seconds and is waiting in the manual queue.',
  );
  expect(await notices(rep, id)).toEqual([]);

  await stack.startService('recommender');
  const finished = await eventually(async () => {
    const current = await recommendation(id);
    return current.status === 'completed' ? current : undefined;
  }, 60_000);
  expect(finished.result).toMatchObject({ recommended_channel: 'sms', requires_human_approval: true });
  expect(await queued(id, true)).toBeUndefined();
});

it('leaves a queued request a manager has taken up with the manager when the answer comes late', async () => {
  await stack.stopService('recommender');
  const id = await unansweredRequest();
  await eventually(() => queued(id), 20_000);
  expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${id}/claim`, { token: manager })).status).toBe(204);

  await stack.startService('recommender');
  // the recommender has answered once its decision is stored; the gateway reads answers within a second of that
  await eventually(
    async () => (await stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id })) ?? undefined,
    60_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await recommendation(id)).toMatchObject({ status: 'failed' });
  expect(await queued(id, true)).toMatchObject({ claimed_by: 'manager-1', error: { details: { reason: 'no_answer' } } });
});

it("gives a manager's retry its own wait before it is queued again", async () => {
  await stack.stopService('recommender');
  const id = await unansweredRequest();
  await eventually(() => queued(id), 20_000);

  const retried = await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${id}/retry`, { token: manager });
  expect(retried.body).toMatchObject({ recommendation_id: id, status: 'pending', attempt: 2 });
  // passes run every 1.5 s: counted from the first attempt's wait the retry would be queued again at the next one
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await recommendation(id)).toMatchObject({ status: 'pending' });

  expect(await eventually(async () => (await queued(id))?.attempt === 2 || undefined, 20_000)).toBe(true);
  expect(await eventually(async () => ((await notices(manager, id)).length === 2 ? true : undefined), 20_000)).toBe(true);
  await stack.startService('recommender');
});

/**
 * The spec's failure table, "AI service is unavailable: route to manual queue; log error; notify sales manager", for a
 * recommender that does not answer at all: a request left unanswered past RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS
 * goes to the manual queue and the managers are told; the answer, if it comes after all, still completes it.
 */
import { randomUUID } from 'node:crypto';
import { SPEC_EXAMPLE_REQUEST, unpublishedRequestRecord } from '../support/fixtures';
import { call } from '../support/http';
import { startWithSpecLead } from '../support/spec-lead-stack';
import { eventually, TestStack } from '../support/stack';

const QUEUE_AFTER_MS = 3_000;
const stack = new TestStack({
  gateway: {
    RECOMMENDATION_REPLY_TIMEOUT_MS: 1_000,
    RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: QUEUE_AFTER_MS,
    // the managers' notice that a queued request got its answer after all is published by the relay
    OUTBOX_RELAY_INTERVAL_MS: 1_000,
    // the tests poll while services restart; what they check is not the rate limit
    RATE_LIMIT_MAX_REQUESTS: 100_000,
  },
});
let rep: string;
let manager: string;

beforeAll(async () => {
  ({ rep, manager } = await startWithSpecLead(stack));
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

it('queues a request the recommender does not answer, tells the managers, and completes it when the answer comes after all, telling them again', async () => {
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
  expect(finished.error).toBeUndefined();
  expect(await queued(id, true)).toBeUndefined();

  const answeredNotice = await eventually(
    async () => (await notices(manager, id)).find((item) => item.kind === 'manual_queue_answered'),
    20_000,
  );
  expect(answeredNotice).toMatchObject({ recipient_role: 'sales_manager' });
  expect(answeredNotice.message).toBe(
    'The recommendation for lead LD-2048 that waited in the manual queue for an answer got it after all: it left the queue and waits for review.',
  );
  // the rep hears of the recommendation itself (its low confidence), not of the manual queue
  expect((await notices(rep, id)).map((item) => item.kind)).toEqual(['low_confidence']);
});

it('leaves a queued request a manager has taken up with the manager when the answer comes late', async () => {
  await stack.stopService('recommender');
  const claimed = await unansweredRequest();
  const unclaimed = await unansweredRequest();
  await eventually(async () => ((await queued(claimed)) && (await queued(unclaimed)) ? true : undefined), 20_000);
  expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${claimed}/claim`, { token: manager })).status).toBe(204);

  await stack.startService('recommender');
  // both answers come on the lead's partition in the order asked: the second one's arrival means the first's came
  await eventually(async () => ((await recommendation(unclaimed)).status === 'completed' ? true : undefined), 60_000);
  expect(await recommendation(claimed)).toMatchObject({ status: 'failed' });
  expect(await queued(claimed, true)).toMatchObject({ claimed_by: 'manager-1', error: { details: { reason: 'no_answer' } } });
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

  // the first attempt's request is answered first; the recommender answers the retry with that same decision
  await stack.startService('recommender');
  const finished = await eventually(async () => {
    const current = await recommendation(id);
    return current.status === 'completed' ? current : undefined;
  }, 60_000);
  expect(finished.result.requires_human_approval).toBe(true);
  expect(await queued(id, true)).toBeUndefined();
});

/** A request stored with its event not yet published (Kafka down at the time), waiting since a minute ago. */
async function storedUnsent(): Promise<string> {
  const id = randomUUID();
  const minuteAgo = new Date(Date.now() - 60_000);
  const { record } = unpublishedRequestRecord(id, `unsent-request-${id}`, minuteAgo);
  // not due for the outbox relay until the test says so
  await requests().insertOne({ ...record, pending_since: minuteAgo, version: 0, outbox_at: new Date(Date.now() + 3_600_000) });
  return id;
}

const requests = () => stack.database('gateway').collection('recommendation_requests');

it('leaves a request whose event is not published yet to the outbox relay, and counts its wait from the publication', async () => {
  await stack.stopService('recommender');
  const id = await storedUnsent();
  // passes run every 1.5 s: two of them leave it pending, its event still to publish
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  expect(await requests().findOne({ recommendation_id: id })).toMatchObject({ status: 'pending', outbox_pending: true });

  const published = Date.now();
  await requests().updateOne({ recommendation_id: id }, { $set: { outbox_at: new Date(published - 60_000) } });
  const sent = await eventually(async () => {
    const stored = await requests().findOne({ recommendation_id: id });
    return stored?.outbox === null ? stored : undefined;
  }, 20_000);
  expect(sent.status).toBe('pending');
  expect(new Date(sent.pending_since).getTime()).toBeGreaterThanOrEqual(published);

  await stack.startService('recommender');
  await eventually(async () => ((await recommendation(id)).status === 'completed' ? true : undefined), 60_000);
});

it("fails an erased lead's unsent request as the recommender would answer it, instead of leaving it to the relay", async () => {
  const id = await storedUnsent();
  await requests().updateOne({ recommendation_id: id }, { $set: { erased_at: new Date() } });
  const failed = await eventually(async () => {
    const stored = await requests().findOne({ recommendation_id: id });
    return stored?.status === 'failed' ? stored : undefined;
  }, 20_000);
  expect(failed).toMatchObject({ error: { code: 'LEAD_NOT_FOUND', details: { reason: 'erased' } }, outbox: null, outbox_pending: false });
});

it('queues an unanswered request however many older unsent ones a pass finds before it', async () => {
  await stack.stopService('recommender');
  // more than one pass takes (100), all waiting longer than the unanswered one
  const unsent = await Promise.all(Array.from({ length: 101 }, () => storedUnsent()));
  const id = await unansweredRequest();

  expect(await eventually(() => queued(id), 20_000)).toMatchObject({ error: { details: { reason: 'no_answer' } } });
  const stillUnsent = await requests().countDocuments({ recommendation_id: { $in: unsent }, status: 'pending', outbox_pending: true });
  expect(stillUnsent).toBe(101);

  await requests().deleteMany({ recommendation_id: { $in: unsent } });
  await stack.startService('recommender');
});

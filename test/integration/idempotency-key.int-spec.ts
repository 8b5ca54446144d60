/**
 * A client that retries POST /api/v1/ai/followup/recommendation with the same Idempotency-Key (its answer lost, or a
 * 503 while the recommender is away) gets the first request's recommendation, not a second one: over a real socket,
 * against the gateway and the recommender on the real broker and database server.
 */
import { randomUUID } from 'node:crypto';
import { SPEC_EXAMPLE_REQUEST } from '../support/fixtures';
import { call } from '../support/http';
import { startWithSpecLead } from '../support/spec-lead-stack';
import { eventually, TestStack } from '../support/stack';

const stack = new TestStack({ gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: 1_500, RATE_LIMIT_MAX_REQUESTS: 100_000 } });
let rep: string;
let manager: string;
const PATH = '/api/v1/ai/followup/recommendation';

beforeAll(async () => {
  ({ rep, manager } = await startWithSpecLead(stack));
});

afterAll(() => stack.close());

const ask = (key: string, token = rep, body: object = SPEC_EXAMPLE_REQUEST) =>
  call(stack.gatewayUrl, 'POST', PATH, { token, body, headers: { 'idempotency-key': key } });

/** The recommendations stored for the lead, in the gateway's and in the recommender's own databases. */
async function storedCounts(): Promise<{ gateway: number; recommender: number }> {
  const [gateway, recommender] = await Promise.all([
    stack.database('gateway').collection('recommendation_requests').countDocuments({ lead_id: 'LD-2048' }),
    stack.database('recommender').collection('recommendations').countDocuments({ lead_id: 'LD-2048' }),
  ]);
  return { gateway, recommender };
}

it('answers a repeat with the first recommendation, marked replayed, and makes no second one', async () => {
  const before = await storedCounts();
  const key = randomUUID();
  const first = await ask(key);
  expect(first.status).toBe(200);
  expect(first.headers.get('idempotent-replayed')).toBeNull();

  const repeated = await ask(`"${key}"`);
  expect(repeated.status).toBe(200);
  expect(repeated.headers.get('idempotent-replayed')).toBe('true');
  expect(repeated.body).toEqual(first.body);
  expect(await storedCounts()).toEqual({ gateway: before.gateway + 1, recommender: before.recommender + 1 });

  // without a key, the same request makes another recommendation
  const unkeyed = await call(stack.gatewayUrl, 'POST', PATH, { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(unkeyed.body.recommendation_id).not.toBe(first.body.recommendation_id);
});

it("refuses the same key with other fields (409 INVALID_STATE), and gives another user's same key a recommendation of its own", async () => {
  const key = randomUUID();
  const first = await ask(key);
  expect(first.status).toBe(200);

  const changed = await ask(key, rep, { ...SPEC_EXAMPLE_REQUEST, recent_activity_summary: 'Asked for a call next week.' });
  expect(changed.status).toBe(409);
  expect(changed.body).toEqual({
    error: {
      code: 'INVALID_STATE',
      message: 'This Idempotency-Key was sent before with another request. Send a new key with a new request.',
      details: { reason: 'idempotency_key_reused' },
    },
  });

  const managers = await ask(key, manager);
  expect(managers.status).toBe(200);
  expect(managers.headers.get('idempotent-replayed')).toBeNull();
  expect(managers.body.recommendation_id).not.toBe(first.body.recommendation_id);
});

it('refuses a malformed key with 400 INVALID_REQUEST naming the header, storing nothing', async () => {
  const before = await storedCounts();
  const response = await ask('two words');
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { invalid_fields: ['Idempotency-Key'] } });
  expect(await storedCounts()).toEqual(before);
});

it('answers repeats made while the recommender is away with the same id, and with the recommendation once it is back', async () => {
  await stack.stopService('recommender');
  const key = randomUUID();
  const first = await ask(key);
  expect(first.status).toBe(503);
  const id = first.body.error.details.recommendation_id;

  const whileAway = await ask(key);
  expect(whileAway.status).toBe(503);
  expect(whileAway.body.error.details.recommendation_id).toBe(id);

  await stack.startService('recommender');
  const answered = await eventually(async () => {
    const repeated = await ask(key);
    return repeated.status === 200 ? repeated : undefined;
  }, 60_000);
  expect(answered.body.recommendation_id).toBe(id);
  expect(answered.headers.get('idempotent-replayed')).toBe('true');
  const requests = stack.database('gateway').collection('recommendation_requests');
  expect(await requests.countDocuments({ recommendation_id: id })).toBe(1);
});

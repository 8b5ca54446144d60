import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { FakeAnswer, FakeOpenAiServer } from '../support/fake-openai-server';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

const RECOMMEND = '/api/v1/ai/followup/recommendation';
const llm = new FakeOpenAiServer();
let stack: TestStack;
let rep: string;
let manager: string;
let crm: string;

beforeAll(async () => {
  const baseUrl = await llm.start();
  stack = new TestStack({
    gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: 10_000 },
    recommender: {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      // the deadline of a whole draft: a retry after a 5xx (the SDK's backoff, up to 500 ms) fits in it
      OPENAI_TIMEOUT_MS: 1_500,
      OPENAI_MAX_RETRIES: 1,
      OPENAI_INVALID_OUTPUT_RETRIES: 1,
    },
  });
  await stack.start(['gateway', 'recommender', 'audit']);
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  manager = stack.token({ sub: 'manager-1', tenant: 'acme', roles: ['sales_manager'] });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(async () => {
  await stack.close();
  await llm.stop();
});

beforeEach(() => llm.reset());
// a scripted answer left over means the test did not exercise what it scripted
afterEach(() => expect(llm.unusedAnswers).toEqual([]));

const recommend = () => call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: SPEC_EXAMPLE_REQUEST });
const storedRecommendation = (id: string) => stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id });

/** The recommendation as the gateway shows it to `reader`, once it is completed. */
const completed = (id: string, reader: string) =>
  eventually(async () => {
    const current = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: reader });
    return current.body.status === 'completed' ? current.body : undefined;
  });

/** A manager's retry of a queued request, taken as its second attempt; then the request, completed, as `reader` sees it. */
async function retriedUntilCompleted(id: string, reader: string) {
  const retried = await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${id}/retry`, { token: manager });
  expect(retried.status).toBe(202);
  expect(retried.body).toMatchObject({ recommendation_id: id, status: 'pending', attempt: 2 });
  return completed(id, reader);
}

describe('with an OpenAI-compatible LLM', () => {
  it('drafts through the SDK, records the model the API reports, and sends no contact details to the model', async () => {
    const response = await recommend();
    expect(response.status).toBe(200);
    expect(response.body.draft_message).toBe('Hi Sarah, following up on your pricing questions from the demo.');
    expect(response.body.reasoning_summary).toMatch(/SMS/);
    expect(response.body.recommended_channel).toBe('sms');
    const stored = await storedRecommendation(response.body.recommendation_id);
    expect(stored?.ai_service_version).toEqual({
      engine: 'openai',
      model: 'gpt-4o-mini-2026-01-01',
      prompt_version: 'followup-draft-v3',
      scorer_version: expect.stringMatching(/^priority-.+\+channel-eb-v3$/),
    });
    expect(llm.requests).toHaveLength(1);
    const prompt = JSON.stringify(llm.requests);
    expect(prompt).toContain('Sarah');
    expect(prompt).not.toMatch(/sarah\.lee@example\.com|4155550123|Lee/);
    expect(llm.requests.at(-1)?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'followup_draft', strict: true },
    });
  });

  it('asks again when the answer is not the requested JSON', async () => {
    llm.answerNext({ kind: 'text', content: 'Sure! Here is your draft.' });
    const response = await recommend();
    expect(response.status).toBe(200);
    expect(llm.requests).toHaveLength(2);
  });

  it.each([
    [
      'keeps answering with invalid output',
      [
        { kind: 'text', content: 'no' },
        { kind: 'json', content: { draft_message: 'Hello' } },
      ],
      'invalid_output',
    ],
    [
      'answers 500',
      [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
      ],
      'upstream_error',
    ],
    [
      'answers 200 with an error object instead of a completion',
      [{ kind: 'body', body: '{"error":{"message":"model overloaded"}}' }],
      'upstream_error',
    ],
    [
      "answers 200 with a proxy's HTML page",
      [{ kind: 'body', body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' }],
      'upstream_error',
    ],
    ['is too slow', [{ kind: 'delay', ms: 3_000, then: { kind: 'status', status: 200 } }], 'timeout'],
    ['trickles its answer past the deadline', [{ kind: 'trickle', ms: 3_000 }], 'timeout'],
  ] as const)('routes to the manual queue and answers 500 AI_SERVICE_UNAVAILABLE when the LLM %s', async (_, answers, reason) => {
    llm.answerNext(...(answers as unknown as FakeAnswer[]));
    const response = await recommend();
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({ code: 'AI_SERVICE_UNAVAILABLE', details: { reason, manual_queue: true } });
    const id = response.body.error.details.recommendation_id;
    expect((await storedRecommendation(id))?.status).toBe('manual_queue');
    const queue = await call(stack.gatewayUrl, 'GET', '/api/v1/queues/manual', { token: manager });
    expect(queue.body.items.map((item: { recommendation_id: string }) => item.recommendation_id)).toContain(id);
    const notice = await eventually(async () => {
      const inbox = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: manager });
      return inbox.body.items?.find((item: { recommendation_id?: string }) => item.recommendation_id === id);
    });
    expect(notice).toMatchObject({ kind: 'ai_service_unavailable' });
    const repInbox = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: rep });
    expect(repInbox.body.items.some((item: { kind: string }) => item.kind === 'ai_service_unavailable')).toBe(false);
  });

  it('lets a sales manager retry a queued request and pick another up by hand', async () => {
    llm.answerNext({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const failed = await recommend();
    const id = failed.body.error.details.recommendation_id;

    expect((await call(stack.gatewayUrl, 'GET', '/api/v1/queues/manual', { token: rep })).status).toBe(403);
    const done = await retriedUntilCompleted(id, rep);
    expect(done.result.draft_message).toMatch(/^Hi Sarah/);
    expect(await storedRecommendation(id)).toMatchObject({ status: 'generated', attempt: 2 });
    expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${id}/retry`, { token: manager })).body.error.code).toBe(
      'INVALID_STATE',
    );

    llm.answerNext({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const another = (await recommend()).body.error.details.recommendation_id;
    expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${another}/claim`, { token: manager })).status).toBe(204);
    const open = await call(stack.gatewayUrl, 'GET', '/api/v1/queues/manual', { token: manager });
    expect(open.body.items.map((item: { recommendation_id: string }) => item.recommendation_id)).not.toContain(another);
    const all = await call(stack.gatewayUrl, 'GET', '/api/v1/queues/manual?include_claimed=true', { token: manager });
    expect(all.body.items.find((item: { recommendation_id: string }) => item.recommendation_id === another)).toMatchObject({
      claimed_by: 'manager-1',
    });
    expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${another}/claim`, { token: manager })).status).toBe(409);

    // the claim is announced to the managers and recorded in the audit trail, with who took it and as what
    const announced = await eventually(async () => {
      const inbox = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: manager });
      return inbox.body.items.find((item: { kind: string; recommendation_id?: string }) => item.kind === 'manual_queue_claimed');
    });
    expect(announced).toMatchObject({ recommendation_id: another, recipient_role: 'sales_manager' });
    expect(announced.message).toContain('manager-1 took the request');
    const recorded = await eventually(
      async () =>
        (await stack.database('audit').collection('audit_records').findOne({
          tenant: 'acme',
          event_type: 'notification.requested',
          recommendation_id: another,
          'actor.id': 'manager-1',
        })) ?? undefined,
    );
    expect(recorded.actor).toMatchObject({ kind: 'user', id: 'manager-1', role: 'sales_manager' });
  });
});

describe('a revision the LLM fails on', () => {
  it("waits in the manual queue, tied to its lead and the rejected recommendation, and a manager's retry applies the rejection to the lead as it is now", async () => {
    const original = await recommend();
    expect(original.body.recommended_channel).toBe('sms');
    const originalId = original.body.recommendation_id;
    llm.answerNext({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const rejected = await call(stack.gatewayUrl, 'POST', `/api/v1/ai/followup/recommendations/${originalId}/reject`, {
      token: rep,
      body: { reason: 'She prefers email, never text her' },
    });
    expect(rejected.status).toBe(200);

    const queued = await eventually(async () => {
      const queue = await call(stack.gatewayUrl, 'GET', '/api/v1/queues/manual', { token: manager });
      return queue.body.items?.find((item: { revision_of?: string }) => item.revision_of === originalId);
    });
    expect(queued).toMatchObject({
      lead_id: 'LD-2048',
      attempt: 1,
      error: { code: 'AI_SERVICE_UNAVAILABLE', details: { reason: 'upstream_error', manual_queue: true } },
    });
    const revisionId = queued.recommendation_id;
    expect(await storedRecommendation(revisionId)).toMatchObject({ status: 'manual_queue', revision_of: originalId });
    const notice = await eventually(async () => {
      const inbox = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: manager });
      return inbox.body.items?.find((item: { recommendation_id?: string }) => item.recommendation_id === revisionId);
    });
    expect(notice).toMatchObject({ kind: 'ai_service_unavailable', lead_id: 'LD-2048' });

    expect((await call(stack.gatewayUrl, 'POST', `/api/v1/queues/manual/${revisionId}/claim`, { token: manager })).status).toBe(204);
    // meanwhile the lead moves to another rep: the retry decides on the lead as it is now
    const moved = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', {
      token: crm,
      body: leadRecord({ owner_rep_id: 'rep-18' }),
    });
    expect(moved.status).toBe(200);
    try {
      const done = await retriedUntilCompleted(revisionId, manager);
      expect(done).toMatchObject({ revision_of: originalId, lifecycle: 'pending_review', result: { recommended_channel: 'email' } });
      const revision = (await storedRecommendation(revisionId))!;
      expect(JSON.parse(revision.request_payload).lead.owner_rep_id).toBe('rep-18');
      const notices = revision.notification_events.map((notice: { json: string }) => JSON.parse(notice.json).payload);
      expect(notices.find((notice: { kind: string }) => notice.kind === 'rejection_requeued')).toMatchObject({ recipient_sub: 'rep-18' });
    } finally {
      // back to its owner for the tests after
      await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() });
    }
    const done = await completed(revisionId, rep);
    expect(done).toMatchObject({ revision_of: originalId, lifecycle: 'pending_review', result: { recommended_channel: 'email' } });
    expect(JSON.parse(llm.requests.at(-1)!.messages[1].content)).toMatchObject({
      recommended_channel: 'email',
      previous_draft_rejected_because: expect.any(String),
    });
    expect(await storedRecommendation(revisionId)).toMatchObject({ status: 'generated', attempt: 2, revision_of: originalId });
  });
});

describe('learning channel priors from logged outcomes', () => {
  it("predicts the channel the tenant's leads of the same tier respond on when the lead's own data is thin", async () => {
    const enterprise = leadRecord({ account_tier: 'enterprise' });
    await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-E1', { token: crm, body: enterprise });
    await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-E2', { token: crm, body: enterprise });
    const thinHistory = {
      lead_id: 'LD-E2',
      last_engagement_date: new Date().toISOString().slice(0, 10),
      // one sms reply: sms (4 × 1/3 + 1) / 5 = 0.467 beats the empty tier prior's 1/3, until the tier's leads reply by phone
      engagement_history: [
        { type: 'sms', outcome: 'replied' },
        { type: 'email', outcome: 'no_response' },
      ],
    };
    const before = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: thinHistory });
    expect(before.body.recommended_channel).toBe('sms');

    const replies = Array.from({ length: 10 }, () => ({ type: 'phone_call', outcome: 'replied' }));
    const logged = await call(stack.gatewayUrl, 'POST', '/api/v1/leads/LD-E1/engagements', { token: crm, body: { engagements: replies } });
    expect(logged.status).toBe(202);
    expect(logged.body.accepted).toBe(10);
    await eventually(async () => {
      const count = await stack
        .database('recommender')
        .collection('channel_observations')
        .countDocuments({ tenant: 'acme', tier: 'enterprise' });
      return count === 10 ? count : undefined;
    });

    const after = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: thinHistory });
    expect(after.body.recommended_channel).toBe('phone_call');
    const badEngagement = await call(stack.gatewayUrl, 'POST', '/api/v1/leads/LD-E1/engagements', {
      token: crm,
      body: { engagements: [] },
    });
    expect(badEngagement.status).toBe(400);
    expect(
      (await call(stack.gatewayUrl, 'POST', '/api/v1/leads/LD-NOPE/engagements', { token: crm, body: { engagements: replies } })).status,
    ).toBe(404);
  });
});

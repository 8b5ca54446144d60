import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { rejectAndAwaitRevision } from '../support/rejections';
import { eventually, TestStack } from '../support/stack';

const stack = new TestStack();
let rep: string;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(() => stack.close());

it("keeps a rejection as model feedback and puts a re-analysis without the rejected channel in the rep's queue", async () => {
  const original = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(original.body.recommended_channel).toBe('sms');
  const id = original.body.recommendation_id;
  const revised = await rejectAndAwaitRevision(stack, rep, id, 'She prefers email, never text her');
  expect(revised.result.recommended_channel).toBe('email');
  expect(revised.notification_events.map((notice: { json: string }) => JSON.parse(notice.json).payload.kind)).toContain(
    'rejection_requeued',
  );
  const feedback = await stack.database('recommender').collection('model_feedback').find({ recommendation_id: id }).toArray();
  expect(feedback).toHaveLength(1);
  expect(feedback[0]).toMatchObject({ category: 'wrong_channel', revised_recommendation_id: revised.recommendation_id });

  const shown = await eventually(async () => {
    const current = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${revised.recommendation_id}`, { token: rep });
    return current.status === 200 ? current.body : undefined;
  });
  expect(shown).toMatchObject({ revision_of: id, lifecycle: 'pending_review', result: { recommended_channel: 'email' } });
  const queue = await call(stack.gatewayUrl, 'GET', '/api/v1/ai/followup/recommendations?status=pending_review', { token: rep });
  expect(queue.body.items.map((item: { recommendation_id: string }) => item.recommendation_id)).toContain(revised.recommendation_id);
  const approved = await call(stack.gatewayUrl, 'POST', `/api/v1/ai/followup/recommendations/${revised.recommendation_id}/approve`, {
    token: rep,
  });
  expect(approved.status).toBe(200);
});

it('re-analyses the lead as it is at the rejection: the current owner is told, and a channel withdrawn since is not chosen', async () => {
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  const manager = stack.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-4096', { token: crm, body: leadRecord() })).status).toBe(201);
  const original = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
    token: rep,
    body: { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-4096' },
  });
  expect(original.body.recommended_channel).toBe('sms');
  // then the lead moves to another rep and withdraws its consent to SMS
  const moved = leadRecord({ owner_rep_id: 'rep-18', consent: { sms: false, email: true, phone_call: true } });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-4096', { token: crm, body: moved })).status).toBe(200);

  const revised = await rejectAndAwaitRevision(stack, manager, original.body.recommendation_id, 'Not now, try again next week');
  expect(revised.result.recommended_channel).not.toBe('sms');
  const { channel_ranking } = JSON.parse(revised.outcome_event.json).payload;
  expect(channel_ranking.find((score: { channel: string }) => score.channel === 'sms')).toMatchObject({ consented: false });
  const notices = revised.notification_events.map((notice: { json: string }) => JSON.parse(notice.json).payload);
  expect(notices.find((notice: { kind: string }) => notice.kind === 'rejection_requeued')).toMatchObject({ recipient_sub: 'rep-18' });
});

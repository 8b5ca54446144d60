import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { FollowupError, LeadUpsertedEvent, Topics } from '@followup/contracts';
import { busTopic, createEvent, LeadErasureStore } from '@followup/messaging';
import { Resolution } from '../../apps/compliance/src/escalations/escalation.schema';
import { ResolveEscalationUseCase } from '../../apps/compliance/src/escalations/resolve-escalation.use-case';
import { MAX_CANDIDATES } from '../../apps/compliance/src/lead-directory/lead-directory-index';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { adminKafka, eventually, eventuallyStored, TestStack } from '../support/stack';

const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const ESCALATIONS = '/api/v1/compliance/escalations';

let crm: string;
let owner: string;
let otherRep: string;
let manager: string;
let officer: string;
let secondOfficer: string;
let otherTenant: string;
let otherOfficer: string;
let reviewConsumer: Consumer;
const reviewGroup = `${stack.environment.KAFKA_TOPIC_PREFIX}review-it`;
const reviewedEvents: any[] = [];
const screenedEvents: any[] = [];

const gateway = (method: string, path: string, token: string, body?: unknown) => call(stack.gatewayUrl, method, path, { token, body });
const compliance = (method: string, path: string, token: string, body?: unknown) =>
  call(stack.serviceUrl('compliance'), method, path, { token, body });

async function recommend(): Promise<{ id: string; draft: string }> {
  const response = await gateway('POST', RECOMMEND, owner, SPEC_EXAMPLE_REQUEST);
  expect(response.status).toBe(200);
  return { id: response.body.recommendation_id, draft: response.body.draft_message };
}

/** Once compliance's lead directory has the lead. */
function directoryKnows(leadId: string) {
  return eventuallyStored(stack.database('compliance').collection('lead_directory'), { tenant: 'acme', lead_id: leadId });
}

/** The gateway's view once its lifecycle reaches `lifecycle`. */
function lifecycleReaches(id: string, lifecycle: string) {
  return eventually(async () => {
    const response = await gateway('GET', `${RECOMMENDATIONS}/${id}`, owner);
    return response.body.lifecycle === lifecycle ? response.body : undefined;
  });
}

beforeAll(async () => {
  await stack.start(['recommender', 'compliance']);
  // compliance's routes through the gateway too, as a compliance officer's console reaches them
  await stack.startService('gateway', { COMPLIANCE_URL: stack.serviceUrl('compliance') });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  owner = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  otherRep = stack.token({ sub: 'rep-18', tenant: 'acme', roles: ['sales_rep'] });
  manager = stack.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
  officer = stack.token({ sub: 'co-1', tenant: 'acme', roles: ['compliance'] });
  secondOfficer = stack.token({ sub: 'co-2', tenant: 'acme', roles: ['compliance'] });
  otherTenant = stack.token({ sub: 'rep-17', tenant: 'globex', roles: ['sales_rep', 'sales_manager'] });
  otherOfficer = stack.token({ sub: 'co-9', tenant: 'globex', roles: ['compliance'] });

  expect((await gateway('PUT', '/api/v1/leads/LD-2048', crm, leadRecord())).status).toBe(201);
  const priya = leadRecord({
    first_name: 'Priya',
    last_name: 'Raman',
    owner_rep_id: 'rep-18',
    contacts: { email: 'priya.raman@globexmail.com', phone: '+14155550199' },
  });
  expect((await gateway('PUT', '/api/v1/leads/LD-3000', crm, priya)).status).toBe(201);
  // compliance knows the tenant's other leads before any draft is screened
  await directoryKnows('LD-3000');

  reviewConsumer = adminKafka('review-it').consumer({ groupId: reviewGroup });
  await reviewConsumer.connect();
  const screenedTopic = busTopic(stack.environment, Topics.DraftScreened);
  await reviewConsumer.subscribe({
    topics: [busTopic(stack.environment, Topics.RecommendationReviewed), screenedTopic],
    fromBeginning: true,
  });
  await reviewConsumer.run({
    eachMessage: async ({ topic, message }) =>
      void (topic === screenedTopic ? screenedEvents : reviewedEvents).push(JSON.parse(message.value!.toString())),
  });
});

afterAll(async () => {
  await reviewConsumer?.disconnect();
  await stack.close();
});

describe('human review on the gateway', () => {
  it("puts the spec example in pending_review, in the owner's and the manager's queue only", async () => {
    const { id } = await recommend();
    const stored = await gateway('GET', `${RECOMMENDATIONS}/${id}`, owner);
    expect(stored.body).toMatchObject({ status: 'completed', lifecycle: 'pending_review', result: { requires_human_approval: true } });

    const ownQueue = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review`, owner);
    expect(ownQueue.status).toBe(200);
    expect(ownQueue.body.items.map((item: any) => item.recommendation_id)).toContain(id);
    expect(ownQueue.body.items.find((item: any) => item.recommendation_id === id)).toMatchObject({
      lead_id: 'LD-2048',
      lifecycle: 'pending_review',
      result: { recommended_channel: 'sms' },
    });
    // the score's factors and the channel ranking, as the recommender generated them
    const queued = ownQueue.body.items.find((item: any) => item.recommendation_id === id);
    const decision = await stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id });
    const generated = JSON.parse(decision?.outcome_event.json).payload;
    expect(queued.score_factors).toEqual(generated.score_factors);
    expect(queued.score_factors.recency).toEqual(expect.any(Number));
    expect(queued.channel_ranking).toEqual(generated.channel_ranking);
    expect(queued.channel_ranking[0]).toMatchObject({ channel: 'sms', consented: true });
    for (const { response_probability } of queued.channel_ranking) {
      expect(response_probability).toBeGreaterThanOrEqual(0);
      expect(response_probability).toBeLessThanOrEqual(1);
    }
    const notMine = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review`, otherRep);
    expect(notMine.body.items.map((item: any) => item.recommendation_id)).not.toContain(id);
    const tenantQueue = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review`, manager);
    expect(tenantQueue.body.items.map((item: any) => item.recommendation_id)).toContain(id);
    const elsewhere = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review`, otherTenant);
    expect(elsewhere.body).toEqual({ items: [], next_cursor: null });

    // the generated draft was screened too: the reviewer sees the verdict in the queue
    const screened = await eventually(async () => {
      const response = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=100`, owner);
      return response.body.items.find((item: any) => item.recommendation_id === id && item.compliance?.generated);
    });
    expect(screened.compliance.generated).toMatchObject({ verdict: 'clear', findings: [] });
  });

  it('refuses an approval whose body is a JSON array, even an empty one, and leaves the draft pending review', async () => {
    const { id } = await recommend();
    for (const body of [[], [1]]) {
      const refused = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { reason: 'body_not_an_object' } });
    }
    expect((await gateway('GET', `${RECOMMENDATIONS}/${id}`, owner)).body.lifecycle).toBe('pending_review');
  });

  it('paginates the queue with limit and cursor, and validates the query', async () => {
    await recommend();
    await recommend();
    const first = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=1`, manager);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.next_cursor).toBe('string');
    const second = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=1&cursor=${first.body.next_cursor}`, manager);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].recommendation_id).not.toBe(first.body.items[0].recommendation_id);

    for (const query of ['status=done', 'limit=0', 'limit=abc', 'cursor=%%%']) {
      const bad = await gateway('GET', `${RECOMMENDATIONS}?${query}`, manager);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('INVALID_REQUEST');
    }
    expect((await gateway('GET', RECOMMENDATIONS, crm)).status).toBe(403);
  });

  it('approves an edited draft: compliance_check, then ready_to_send once compliance clears it', async () => {
    const { id, draft } = await recommend();
    const edited = `${draft} I can also walk you through the enterprise tier on Thursday.`;
    const approved = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, { draft_message: edited });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ recommendation_id: id, decision: 'edited_and_approved', lifecycle: 'compliance_check' });

    const ready = await lifecycleReaches(id, 'ready_to_send');
    expect(ready.review).toMatchObject({ decision: 'edited_and_approved', reviewed_by: 'rep-17', draft_message: edited });
    expect(ready.review.edit_diff).toContain('{+');
    expect(ready.compliance.pre_delivery).toMatchObject({ verdict: 'clear', findings: [] });

    const event = await eventually(async () => reviewedEvents.find((candidate) => candidate.payload.recommendation_id === id));
    expect(event.payload).toMatchObject({ decision: 'edited_and_approved', draft_message: edited, original_draft: draft });
    expect(event.payload.channel_ranking.length).toBeGreaterThan(0);
  });

  it("blocks an approved draft carrying another lead's contact details, escalates it, and a release makes it ready_to_send", async () => {
    const { id, draft } = await recommend();
    const leaky = `${draft} Priya Raman at priya.raman@globexmail.com or (415) 555-0199 can tell you how it went for them.`;
    const approved = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, manager, { draft_message: leaky });
    expect(approved.status).toBe(200);

    const blocked = await lifecycleReaches(id, 'blocked');
    expect(blocked.compliance.pre_delivery.verdict).toBe('blocked');
    expect(blocked.compliance.pre_delivery.findings.map((finding: any) => finding.kind)).toEqual([
      'other_person',
      'other_person',
      'other_person',
    ]);

    const open = await eventually(async () => {
      const response = await compliance('GET', `${ESCALATIONS}?status=open`, officer);
      return response.body.items?.find((item: any) => item.recommendation_id === id);
    });
    expect(open).toMatchObject({ stage: 'pre_delivery', status: 'open', lead_id: 'LD-2048' });
    expect(JSON.stringify(open)).not.toMatch(/priya|555-0199/i);
    const escalationCase = await stack.database('compliance').collection('escalations').findOne({ escalation_id: open.escalation_id });
    expect(escalationCase?.draft_message).toBe(leaky);

    expect((await compliance('GET', `${ESCALATIONS}?status=open`, owner)).status).toBe(403);
    expect((await compliance('GET', `${ESCALATIONS}?status=open`, otherOfficer)).body).toEqual({ items: [], next_cursor: null });
    const foreign = await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, otherOfficer, { resolution: 'release' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('ESCALATION_NOT_FOUND');
    const badResolution = await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, officer, { resolution: 'maybe' });
    expect(badResolution.status).toBe(400);

    const released = await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, officer, {
      resolution: 'release',
      note: 'Reference customer agreed to be named.',
    });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', resolution: 'release', resolved_by: 'co-1' });
    const ready = await lifecycleReaches(id, 'ready_to_send');
    expect(ready.compliance.pre_delivery).toMatchObject({ verdict: 'clear', escalation_id: open.escalation_id });

    const again = await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, officer, { resolution: 'discard' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
  });

  it("blocks an edit that hides another lead's rare name behind a word more leads are named than a screening compares", async () => {
    // leads named Will, one more than a screening compares a draft with: the word "will" matches each of them
    const crm1 = { kind: 'user', id: 'crm-1', role: 'crm' } as const;
    for (let n = 0; n <= MAX_CANDIDATES; n += 1) {
      const crowd = createEvent(
        LeadUpsertedEvent,
        'gateway',
        { request_id: `crowd-${n}`, tenant: 'acme', actor: crm1 },
        {
          lead_id: `LD-WILL-${n}`,
          first_name: 'Will',
          last_name: `Crowd${n}`,
          owner_rep_id: 'rep-18',
          contacts: {},
          consent: { sms: false, email: false, phone_call: false },
          version: 1,
          updated_at: new Date().toISOString(),
        },
      );
      await stack.produceRaw(Topics.LeadUpserted, JSON.stringify(crowd), crowd.payload.lead_id);
    }
    const quillinan = leadRecord({
      first_name: 'Zorvath',
      last_name: 'Quillinan',
      owner_rep_id: 'rep-18',
      contacts: { email: 'z.quillinan@example.org', phone: '+14155550177' },
    });
    expect((await gateway('PUT', '/api/v1/leads/LD-3001', crm, quillinan)).status).toBe(201);
    await directoryKnows('LD-3001');
    await stack.consumedUpToNow(stack.consumerGroupFor('compliance', Topics.LeadUpserted), [Topics.LeadUpserted]);

    // a surname no name model knows: only the directory tells it is another lead's
    const { id, draft } = await recommend();
    const padded = `${draft} We will send the pricing this week; Quillinan will join the call.`;
    expect((await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, manager, { draft_message: padded })).status).toBe(200);
    const blocked = await lifecycleReaches(id, 'blocked');
    expect(blocked.compliance.pre_delivery.findings.map((finding: any) => finding.kind)).toEqual(['other_person']);
  });

  it('blocks an edit naming a third party as the rep typed it, in lower case or in capitals', async () => {
    for (const [typed, name] of [
      ["i've looped in anjali brown from finance, she'll send the numbers.", 'anjali brown'],
      ['PLEASE CALL NOMVULA DLAMINI ABOUT THE RENEWAL.', 'NOMVULA DLAMINI'],
    ]) {
      const { id, draft } = await recommend();
      const edited = `${draft} ${typed}`;
      expect((await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, { draft_message: edited })).status).toBe(200);
      const blocked = await lifecycleReaches(id, 'blocked');
      const findings = blocked.compliance.pre_delivery.findings;
      expect(findings.map((finding: any) => [finding.kind, edited.slice(finding.start, finding.end)])).toEqual([['other_person', name]]);
    }
  });

  it('discards a blocked draft: the case is closed and the recommendation ends as discarded, also in the queue', async () => {
    const { id } = await recommend();
    const approved = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, {
      draft_message: 'Hi Sarah, my SSN is 219-09-9999.',
    });
    expect(approved.status).toBe(200);
    await lifecycleReaches(id, 'blocked');
    const open = await eventually(async () => {
      const response = await compliance('GET', `${ESCALATIONS}?status=open`, officer);
      return response.body.items?.find((item: any) => item.recommendation_id === id);
    });
    expect(open.findings).toEqual([{ kind: 'national_id', start: 20, end: 31 }]);
    const discarded = await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, officer, { resolution: 'discard' });
    expect(discarded.body.status).toBe('discarded');
    const listed = await compliance('GET', `${ESCALATIONS}?status=discarded`, officer);
    expect(listed.body.items.map((item: any) => item.escalation_id)).toContain(open.escalation_id);
    const ended = await lifecycleReaches(id, 'discarded');
    expect(ended.compliance.pre_delivery).toMatchObject({
      verdict: 'discarded',
      findings: [{ kind: 'national_id', start: 20, end: 31 }],
      escalation_id: open.escalation_id,
    });
    const queue = await gateway('GET', `${RECOMMENDATIONS}?status=discarded`, owner);
    expect(queue.body.items.map((item: any) => item.recommendation_id)).toContain(id);
    // final: asking again changes nothing
    expect((await compliance('POST', `${ESCALATIONS}/${open.escalation_id}/resolve`, officer, { resolution: 'release' })).status).toBe(409);
  });

  it("reads a national number in the country the lead's record gives, whatever its phone number's country", async () => {
    const lead = leadRecord({ first_name: 'Ana', country: 'BR', contacts: { email: 'ana@example.com', phone: '+14155550177' } });
    expect((await gateway('PUT', '/api/v1/leads/LD-5512', crm, lead)).status).toBe(201);
    await directoryKnows('LD-5512');
    const response = await gateway('POST', RECOMMEND, owner, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-5512' });
    expect(response.status).toBe(200);
    const id = response.body.recommendation_id;
    const text = 'Hi Ana, call me on (11) 91234-5678 today.';
    expect((await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, { draft_message: text })).status).toBe(200);
    const blocked = await lifecycleReaches(id, 'blocked');
    // the whole number, its area code included: read as a US number only the local part would be marked (text.indexOf('91234'))
    expect(blocked.compliance.pre_delivery.findings).toEqual([{ kind: 'phone', start: text.indexOf('(11)'), end: text.indexOf(' today') }]);
  });

  it('rejects with a reason: rejected, and the reason goes out for model feedback', async () => {
    const { id } = await recommend();
    const missing = await gateway('POST', `${RECOMMENDATIONS}/${id}/reject`, owner, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { missing_fields: ['reason'] } });
    expect((await gateway('POST', `${RECOMMENDATIONS}/${id}/reject`, owner, { reason: '   ' })).status).toBe(400);

    const rejected = await gateway('POST', `${RECOMMENDATIONS}/${id}/reject`, owner, { reason: 'Lead already booked a call with us.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ decision: 'rejected', lifecycle: 'rejected' });
    const stored = await gateway('GET', `${RECOMMENDATIONS}/${id}`, owner);
    expect(stored.body).toMatchObject({
      lifecycle: 'rejected',
      review: { decision: 'rejected', rejection_reason: 'Lead already booked a call with us.' },
    });
    const event = await eventually(async () => reviewedEvents.find((candidate) => candidate.payload.recommendation_id === id));
    expect(event).toMatchObject({
      event_type: 'recommendation.reviewed',
      tenant: 'acme',
      payload: { decision: 'rejected', rejection_reason: 'Lead already booked a call with us.', reviewer: { sub: 'rep-17' } },
    });
    // a rejected draft is not screened for delivery: compliance has handled every review so far, this one included
    await stack.consumedUpToNow(stack.consumerGroup('compliance'), [Topics.RecommendationReviewed]);
    expect(
      await stack.database('compliance').collection('screenings').findOne({ recommendation_id: id, stage: 'pre_delivery' }),
    ).toBeNull();
  });

  it('404 for another rep of the tenant, as across tenants, 409 on a second decision (no second event)', async () => {
    const { id } = await recommend();
    const notTheirs = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, otherRep);
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.error.code).toBe('RECOMMENDATION_NOT_FOUND');
    const hidden = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, otherTenant);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('RECOMMENDATION_NOT_FOUND');
    expect((await gateway('GET', `${RECOMMENDATIONS}/${id}`, otherTenant)).status).toBe(404);

    const first = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner);
    expect(first.body).toMatchObject({ decision: 'approved' });
    expect(first.status).toBe(200);
    expect(first.body.decision).toBe('approved');
    const second = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'INVALID_STATE', details: { recommendation_id: id } });
    const reject = await gateway('POST', `${RECOMMENDATIONS}/${id}/reject`, manager, { reason: 'too late' });
    expect(reject.status).toBe(409);

    await lifecycleReaches(id, 'ready_to_send');
    await stack.consumedUpToNow(reviewGroup, [Topics.RecommendationReviewed]);
    expect(reviewedEvents.filter((candidate) => candidate.payload.recommendation_id === id)).toHaveLength(1);
  });
});

describe('two compliance officers deciding one blocked draft at once', () => {
  const RACES = 60;

  /** The verdicts published on the case's resolution. */
  const verdictsOf = (escalationId: string) =>
    screenedEvents
      .filter(({ payload }) => payload.escalation_id === escalationId && payload.verdict !== 'blocked')
      .map(({ payload }) => payload.verdict);

  /** A draft blocked before delivery (a national id in it): its open escalation's id. */
  async function blockedDraft(): Promise<string> {
    const { id } = await recommend();
    const approved = await gateway('POST', `${RECOMMENDATIONS}/${id}/approve`, owner, {
      draft_message: 'Hi Sarah, my SSN is 219-09-9999.',
    });
    expect(approved.status).toBe(200);
    const escalations = stack.database('compliance').collection('escalations');
    const open = await eventuallyStored(escalations, { recommendation_id: id, stage: 'pre_delivery' });
    return open.escalation_id;
  }

  it('answers a release and a discard sent together with one 200 and one 409, and only the decided verdict goes out', async () => {
    const escalationIds = await Promise.all(Array.from({ length: RACES }, () => blockedDraft()));
    const races: { escalationId: string; answers: number[]; decided: string }[] = [];
    for (const escalationId of escalationIds) {
      const [release, discard] = await Promise.all([
        gateway('POST', `${ESCALATIONS}/${escalationId}/resolve`, officer, { resolution: 'release' }),
        gateway('POST', `${ESCALATIONS}/${escalationId}/resolve`, secondOfficer, { resolution: 'discard' }),
      ]);
      races.push({ escalationId, answers: [release.status, discard.status], decided: release.status === 200 ? 'clear' : 'discarded' });
    }
    // the verdicts are published before a resolution is answered
    await stack.consumedUpToNow(reviewGroup, [Topics.DraftScreened]);

    expect(races.map(({ escalationId, answers }) => ({ answers: [...answers].sort(), verdicts: verdictsOf(escalationId) }))).toEqual(
      races.map(({ decided }) => ({ answers: [200, 409], verdicts: [decided] })),
    );
  }, 180_000);

  it('settles a release and a discard started in the same instant in one process the same way', async () => {
    const resolve = stack.app('compliance').get(ResolveEscalationUseCase);
    const decide = (escalationId: string, sub: string, resolution: Resolution) =>
      resolve.execute({
        user: { sub, tenant: 'acme', roles: ['compliance'], acting_role: 'compliance' },
        requestId: randomUUID(),
        escalationId,
        resolution,
      });
    const escalationIds = await Promise.all(Array.from({ length: RACES }, () => blockedDraft()));
    const races: { escalationId: string; answers: string[]; decided: string }[] = [];
    for (const escalationId of escalationIds) {
      const settled = await Promise.allSettled([decide(escalationId, 'co-1', 'release'), decide(escalationId, 'co-2', 'discard')]);
      const answers = settled.map((outcome) => (outcome.status === 'fulfilled' ? 'resolved' : (outcome.reason as FollowupError).code));
      races.push({ escalationId, answers, decided: settled[0].status === 'fulfilled' ? 'clear' : 'discarded' });
    }
    await stack.consumedUpToNow(reviewGroup, [Topics.DraftScreened]);

    expect(races.map(({ escalationId, answers }) => ({ answers: [...answers].sort(), verdicts: verdictsOf(escalationId) }))).toEqual(
      races.map(({ decided }) => ({ answers: ['INVALID_STATE', 'resolved'], verdicts: [decided] })),
    );
  }, 180_000);

  it('completes a decision claimed by a call that died before writing it: its retry resolves the case, another decision gets 409', async () => {
    const [retried, overruled] = await Promise.all([blockedDraft(), blockedDraft()]);
    const escalations = stack.database('compliance').collection('escalations');
    for (const escalationId of [retried, overruled]) {
      const open = await escalations.findOne({ escalation_id: escalationId });
      await stack
        .database('compliance')
        .collection('escalation_decisions')
        .insertOne({
          escalation_id: escalationId,
          tenant: 'acme',
          lead_id: open!.lead_id,
          resolution: 'discard',
          resolved_by: 'co-2',
          resolved_by_role: 'compliance',
          request_id: `died-${escalationId}`,
          resolution_note: 'Not sendable.',
          decided_at: new Date(),
        });
    }

    const retry = await gateway('POST', `${ESCALATIONS}/${retried}/resolve`, secondOfficer, { resolution: 'discard' });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: 'discarded', resolution: 'discard', resolved_by: 'co-2', resolution_note: 'Not sendable.' });
    const other = await gateway('POST', `${ESCALATIONS}/${overruled}/resolve`, officer, { resolution: 'release' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'INVALID_STATE', details: { escalation_id: overruled, status: 'discarded' } });

    // the overruled case's verdict is left to the outbox relay
    const decisionsOf = (escalationId: string) =>
      screenedEvents
        .filter(({ payload }) => payload.escalation_id === escalationId && payload.verdict !== 'blocked')
        .map(({ request_id, payload }) => ({ verdict: payload.verdict, request_id }));
    await eventually(async () => (decisionsOf(overruled).length > 0 ? true : undefined));
    await stack.consumedUpToNow(reviewGroup, [Topics.DraftScreened]);
    expect({ retried: decisionsOf(retried), overruled: decisionsOf(overruled) }).toEqual({
      retried: [{ verdict: 'discarded', request_id: `died-${retried}` }],
      overruled: [{ verdict: 'discarded', request_id: `died-${overruled}` }],
    });
  }, 60_000);

  it("blanks the note of a case's claimed decision with the lead's other texts when the lead is erased", async () => {
    const escalationId = randomUUID();
    const leadId = `LD-NOTE-${escalationId}`;
    await stack
      .database('compliance')
      .collection('escalations')
      .insertOne({
        escalation_id: escalationId,
        tenant: 'acme',
        recommendation_id: randomUUID(),
        lead_id: leadId,
        stage: 'generated',
        status: 'open',
        findings: [{ kind: 'national_id', start: 0, end: 11 }],
        request_id: randomUUID(),
        raised_at: new Date(),
      });
    const note = 'Called Ingrid Vasquez-Holm about it.';
    expect((await gateway('POST', `${ESCALATIONS}/${escalationId}/resolve`, officer, { resolution: 'discard', note })).status).toBe(200);

    await stack.app('compliance').get(LeadErasureStore).erase('acme', leadId);
    const held = await Promise.all(
      ['escalations', 'escalation_decisions'].map((name) =>
        stack.database('compliance').collection(name).countDocuments({ resolution_note: note }),
      ),
    );
    expect(held).toEqual([0, 0]);
  });
});

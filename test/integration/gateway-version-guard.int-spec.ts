import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ERASED_TEXT, RecommendationResult, Topics } from '@followup/contracts';
import { LeadErasureStore } from '@followup/messaging';
import { LeadAnnouncer } from '../../apps/gateway/src/leads/lead-announcer';
import { LeadVersions } from '../../apps/gateway/src/leads/lead-versions';
import { RecommendationRequestRepository } from '../../apps/gateway/src/recommendations/recommendation-request.repository';
import { ClaimRetention } from '../../apps/gateway/src/recommendations/claim-retention';
import { RecommendationVersions } from '../../apps/gateway/src/recommendations/recommendation-versions';
import { TrackLifecycleUseCase } from '../../apps/gateway/src/review/track-lifecycle.use-case';
import { leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventuallyStored, TestStack } from '../support/stack';

/**
 * Two gateway instances change the same recommendation records at the same moment. Each instance is its own
 * Nest app, so nothing held in one process can order them: only the database-level version guard does. On
 * FerretDB a conditional update alone lets both racers through (and any two concurrent writes of one document
 * can lose one), so every race below would fail without the guard.
 */
const RACES = 15;
const TENANT = 'acme';
const LEAD = 'LD-2048';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const RESULT: RecommendationResult = {
  priority_score: 82,
  recommended_action: 'follow_up',
  recommended_channel: 'sms',
  reasoning_summary: 'Opened the pricing email twice this week.',
  draft_message: 'Hi Jordan, shall we go through the pricing options on a short call this week?',
  requires_human_approval: true,
};

// no relay pass during the test: every outbox is cleared by the racing operations themselves
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000, OUTBOX_RELAY_INTERVAL_MS: 600_000 } });
let first: INestApplication;
let second: INestApplication;
let manager: string;
const answered: string[] = [];

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
const records = () => stack.database('gateway').collection('recommendation_requests');
const stored = (id: string) => records().findOne({ recommendation_id: id });

beforeAll(async () => {
  await stack.start(['gateway']);
  first = stack.app('gateway');
  second = await stack.startExtraInstance('gateway');
  manager = stack.token({ sub: 'mgr-1', tenant: TENANT, roles: ['sales_manager'] });
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord() })).status).toBe(201);
}, 60_000);

afterAll(() => stack.close());

/** A stored request whose event is still in its outbox. */
async function requested(): Promise<{ id: string; eventId: string }> {
  const id = randomUUID();
  const event = { event_id: randomUUID(), request_id: `req-${id}` };
  await first
    .get(RecommendationRequestRepository)
    .createPending(
      { recommendation_id: id, tenant: TENANT, lead_id: LEAD, request_id: event.request_id, requested_by: 'mgr-1' },
      { topic: Topics.RecommendationRequested, key: LEAD, event_id: event.event_id, request_id: event.request_id },
      JSON.stringify(event),
    );
  return { id, eventId: event.event_id };
}

it("answers a stored request without its event's text, which the database keeps for the outbox relay", async () => {
  const id = randomUUID();
  const event = JSON.stringify({ event_id: randomUUID(), request_id: `req-${id}` });
  const created = await first
    .get(RecommendationRequestRepository)
    .createPending(
      { recommendation_id: id, tenant: TENANT, lead_id: LEAD, request_id: `req-${id}`, requested_by: 'mgr-1' },
      { topic: Topics.RecommendationRequested, key: LEAD, event_id: 'ev-1', request_id: `req-${id}` },
      event,
    );
  // the copy a waiting request holds, and RecommendationVersions remembers after each change
  expect(created).toMatchObject({ recommendation_id: id, status: 'pending', version: 0 });
  expect(created).not.toHaveProperty('requested_event');
  expect(await stored(id)).toMatchObject({ requested_event: event });
});

const answer = (app: INestApplication, id: string) =>
  app.get(RecommendationRequestRepository).settle(TENANT, id, { status: 'completed', result: RESULT, confidence: 'normal' }, 1);

it("keeps both the recommender's answer and the outbox clear when they land on two instances at once", async () => {
  for (let race = 0; race < RACES; race += 1) {
    const { id, eventId } = await requested();
    await Promise.all([first.get(RecommendationRequestRepository).markPublished(TENANT, id, eventId), answer(second, id)]);
    answered.push(id);
  }
  for (const id of answered) {
    expect(await stored(id)).toMatchObject({ status: 'completed', lifecycle: 'pending_review', result: RESULT, outbox: null });
  }
}, 60_000);

it('lets exactly one of an approval and a rejection sent to two instances at once win; the other gets 409 INVALID_STATE', async () => {
  const winners = { approved: 0, rejected: 0 };
  for (const id of answered) {
    const [approval, rejection] = await Promise.all([
      call(urlOf(first), 'POST', `${RECOMMENDATIONS}/${id}/approve`, { token: manager, body: {} }),
      call(urlOf(second), 'POST', `${RECOMMENDATIONS}/${id}/reject`, { token: manager, body: { reason: 'Wrong product line.' } }),
    ]);
    expect([approval.status, rejection.status].sort()).toEqual([200, 409]);
    const [winner, loser] = approval.status === 200 ? [approval, rejection] : [rejection, approval];
    const lifecycle = approval.status === 200 ? 'compliance_check' : 'rejected';
    expect(winner.body).toMatchObject({ recommendation_id: id, lifecycle });
    expect(loser.body).toEqual({
      error: {
        code: 'INVALID_STATE',
        message: 'The recommendation is not waiting for review.',
        details: { recommendation_id: id, lifecycle },
      },
    });
    const record = await stored(id);
    expect(record).toMatchObject({ lifecycle, review: { decision: winner.body.decision, event_id: expect.any(String) } });
    winners[approval.status === 200 ? 'approved' : 'rejected'] += 1;
  }
  expect(winners.approved + winners.rejected).toBe(RACES);
}, 120_000);

it('loses no lifecycle update when a verdict, a delivery result and the outbox relay land on two instances at once', async () => {
  const approved: string[] = [];
  for (let race = 0; race < RACES; race += 1) {
    const { id } = await requested();
    await answer(first, id);
    const approval = await call(urlOf(second), 'POST', `${RECOMMENDATIONS}/${id}/approve`, { token: manager, body: {} });
    expect(approval.body).toMatchObject({ lifecycle: 'compliance_check' });
    approved.push(id);
  }
  // As if the approval's publish had failed: its event waits in the outbox for the relay, which will clear it
  // while compliance's verdict and delivery's result arrive.
  const waiting = await records()
    .find({ recommendation_id: { $in: approved } }, { projection: { recommendation_id: 1, review: 1 } })
    .toArray();
  for (const { recommendation_id, review } of waiting) {
    await records().updateOne(
      { recommendation_id },
      { $set: { outbox: { topic: Topics.RecommendationReviewed, key: LEAD, event: { event_id: review.event_id } } } },
    );
  }
  const screenedAt = new Date('2026-12-01T10:00:00Z');
  const attemptedAt = new Date('2026-12-01T10:00:01Z');
  const scheduledFor = new Date('2026-12-01T16:00:00Z');
  for (const { recommendation_id: id, review } of waiting) {
    await Promise.all([
      first.get(RecommendationRequestRepository).markPublished(TENANT, id, review.event_id),
      first.get(TrackLifecycleUseCase).execute({
        tenant: TENANT,
        recommendationId: id,
        signal: { kind: 'screened', stage: 'pre_delivery', verdict: 'clear' },
        facts: { pre_delivery_screening: { verdict: 'clear', findings: [], screened_at: screenedAt } },
      }),
      second.get(TrackLifecycleUseCase).execute({
        tenant: TENANT,
        recommendationId: id,
        signal: { kind: 'delivery_attempted', attempt: 1, outcome: 'scheduled', final: false },
        facts: {
          delivery: {
            attempt: 1,
            channel: 'sms',
            outcome: 'scheduled',
            final: false,
            attempted_at: attemptedAt,
            scheduled_for: scheduledFor,
          },
        },
      }),
    ]);
  }
  // In either order the delivery result applies (`scheduled` follows `compliance_check` and `ready_to_send`);
  // the verdict applies only if it came first. A lost write would leave `ready_to_send`, no delivery, or the outbox.
  for (const id of approved) {
    const record = await stored(id);
    expect(record).toMatchObject({
      lifecycle: 'scheduled',
      outbox: null,
      delivery: { outcome: 'scheduled', attempted_at: attemptedAt, scheduled_for: scheduledFor },
    });
    if (record?.pre_delivery_screening) expect(record.pre_delivery_screening).toMatchObject({ verdict: 'clear', screened_at: screenedAt });
  }
}, 120_000);

it('gives each of two PUTs of one lead sent to two instances at once its own version, and keeps the later one', async () => {
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  const leads = stack.database('gateway').collection('leads');
  for (let race = 0; race < RACES; race += 1) {
    const leadId = `LD-RACE-${race}`;
    const put = (app: INestApplication, firstName: string) =>
      call(urlOf(app), 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord({ first_name: firstName }) });
    // a creation race, then a replacement race of the lead at version 1 or 2
    for (const [created, versions] of [
      [1, [1, 2]],
      [0, [3, 4]],
    ] as const) {
      const answers = await Promise.all([put(first, `Ada${race}`), put(second, `Grace${race}`)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual(created ? [200, 201] : [200, 200]);
      expect(answers.map((answer) => answer.body.version).sort()).toEqual(versions);
      const later = answers.find((answer) => answer.body.version === versions[1])!;
      expect(await leads.findOne({ tenant: TENANT, lead_id: leadId })).toMatchObject({
        version: versions[1],
        first_name: later.body.first_name,
      });
    }
  }
}, 120_000);

it('answers a PUT whose writer was overtaken as written at its version, with its own fields, while the record goes on', async () => {
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  const leadId = 'LD-SLOW-WRITER';
  const put = (app: INestApplication, firstName: string) =>
    call(urlOf(app), 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord({ first_name: firstName }) });
  expect((await put(first, 'Ida')).body.version).toBe(1);
  // the first instance's next writer stalls between its claim and its write, past the second a waiter gives it
  const versions = first.get(LeadVersions) as unknown as { writeClaimed: (...args: unknown[]) => Promise<unknown> };
  const writeClaimed = versions.writeClaimed.bind(versions);
  let resume!: () => void;
  const stalled = new Promise<void>((resolve) => (resume = resolve));
  const spy = jest.spyOn(versions, 'writeClaimed').mockImplementationOnce(async (...args: unknown[]) => {
    await stalled;
    return writeClaimed(...args);
  });
  try {
    const slow = put(first, 'Irma');
    const claims = stack.database('gateway').collection('lead_version_claims');
    await eventuallyStored(claims, { tenant: TENANT, lead_id: leadId, version: 2 });
    // the second instance finds version 2 claimed and unwritten, gives its owner a second, writes Irma, then its own
    const fast = await put(second, 'Isa');
    expect(fast.body).toMatchObject({ version: 3, first_name: 'Isa' });
    resume();
    const overtaken = await slow;
    expect(overtaken.status).toBe(200);
    expect(overtaken.body).toMatchObject({ version: 2, first_name: 'Irma' });
    expect(await stack.database('gateway').collection('leads').findOne({ tenant: TENANT, lead_id: leadId })).toMatchObject({
      version: 3,
      first_name: 'Isa',
    });
    // version 2 is announced by no one (version 3's announcement has the lead): the relay only clears its claim's marker
    const due = await first.get(LeadAnnouncer).findDue(new Date(), 100);
    expect(due.flatMap((document) => document.messages).filter((message) => message.key === leadId)).toEqual([]);
    await Promise.all(due.map((document) => document.clear()));
    expect(await claims.findOne({ tenant: TENANT, lead_id: leadId, version: 2 })).toMatchObject({ outbox_pending: false });
  } finally {
    // never left stalled, whatever failed: its PUT would hold the stack's close
    resume();
    spy.mockRestore();
  }
}, 30_000);

it("relays a version from its claim's marker, writes one whose writer died, and clears the markers of versions past or erased", async () => {
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  const claims = stack.database('gateway').collection('lead_version_claims');
  const announcement = { request_id: 'req-relay', actor: { kind: 'user', id: 'crm-1', role: 'crm' } };
  const put = (leadId: string, firstName: string) =>
    call(urlOf(first), 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord({ first_name: firstName }) });
  expect((await put('LD-RELAY', 'Hedy')).body.version).toBe(1);
  expect((await put('LD-RELAY', 'Hedwig')).body.version).toBe(2);
  expect((await put('LD-RELAY-ERASED', 'Emmy')).body.version).toBe(1);
  await second.get(LeadErasureStore).erase(TENANT, 'LD-RELAY-ERASED');
  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
  const pending = { pending_announcement: announcement, outbox_pending: true, outbox_at: secondsAgo(120) };
  // as if the publishes of version 1 and of the erased lead's version 1 had failed (its erasure claimed version 2)
  await claims.updateMany({ tenant: TENANT, lead_id: { $in: ['LD-RELAY', 'LD-RELAY-ERASED'] }, version: 1 }, { $set: pending });
  // version 3 claimed 2 s ago by a PUT that died before writing it; version 4 claimed by one still writing (dated a
  // minute ahead, so however slow this test runs, the relay leaves it to its writer)
  const claimedChange = (firstName: string) => ({ set: JSON.stringify({ ...leadRecord({ first_name: firstName }) }), unset: [] });
  await claims.insertMany([
    { tenant: TENANT, lead_id: 'LD-RELAY', version: 3, at: secondsAgo(2), ...claimedChange('Hertha'), ...pending },
    { tenant: TENANT, lead_id: 'LD-RELAY', version: 4, at: secondsAgo(-60), ...claimedChange('Hilde'), ...pending },
  ]);

  const due = await first.get(LeadAnnouncer).findDue(new Date(), 100);
  // version 3 is written and announced; version 1 and the erased lead's only cleared; version 4's writer may still write it
  expect(due.flatMap((document) => document.messages.map((message) => (message.event as { payload?: unknown }).payload))).toEqual([
    expect.objectContaining({ lead_id: 'LD-RELAY', first_name: 'Hertha', version: 3 }),
  ]);
  expect(due).toHaveLength(3);
  expect(await stack.database('gateway').collection('leads').findOne({ tenant: TENANT, lead_id: 'LD-RELAY' })).toMatchObject({
    first_name: 'Hertha',
    version: 3,
  });
  await Promise.all(due.map((document) => document.clear()));
  const stillPending = await claims
    .find({ lead_id: { $in: ['LD-RELAY', 'LD-RELAY-ERASED'] }, outbox_pending: true }, { projection: { _id: 0, lead_id: 1, version: 1 } })
    .toArray();
  expect(stillPending).toEqual([{ lead_id: 'LD-RELAY', version: 4 }]);
}, 30_000);

it('takes over the outbox marker a lead record carried before the version claims, at start-up, as the next version', async () => {
  const announcement = { request_id: 'req-legacy', actor: { kind: 'user', id: 'crm-1', role: 'crm' } };
  const at = new Date(Date.now() - 120_000);
  await stack
    .database('gateway')
    .collection('leads')
    .insertOne({
      ...leadRecord({ first_name: 'Lise' }),
      tenant: TENANT,
      lead_id: 'LD-LEGACY',
      version: 7,
      created_at: at,
      updated_at: at,
      pending_announcement: announcement,
      outbox_pending: true,
      outbox_at: at,
    });

  await second.get(LeadVersions).onApplicationBootstrap();
  const due = (await first.get(LeadAnnouncer).findDue(new Date(), 100)).filter((document) =>
    document.messages.some((message) => (message.event as { payload?: { lead_id?: string } }).payload?.lead_id === 'LD-LEGACY'),
  );
  expect(due.map((document) => document.messages.map((message) => message.event))).toEqual([
    [expect.objectContaining({ request_id: 'req-legacy', payload: expect.objectContaining({ first_name: 'Lise', version: 8 }) })],
  ]);
  // written again as version 8 without the old marker, so the next start finds nothing to take over
  const record = await stack.database('gateway').collection('leads').findOne({ tenant: TENANT, lead_id: 'LD-LEGACY' });
  expect(record).toMatchObject({ version: 8, first_name: 'Lise' });
  expect(Object.keys(record!).filter((field) => ['pending_announcement', 'outbox_pending', 'outbox_at'].includes(field))).toEqual([]);
}, 30_000);

it('erases a lead whose erasure died after claiming its version, when the next PUT of it finds the claim (409)', async () => {
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  const put = (firstName: string) =>
    call(urlOf(second), 'PUT', '/api/v1/leads/LD-ERASURE-DIED', { token: crm, body: leadRecord({ first_name: firstName }) });
  expect((await put('Ada')).status).toBe(201);
  await stack
    .database('gateway')
    .collection('lead_version_claims')
    .insertOne({
      tenant: TENANT,
      lead_id: 'LD-ERASURE-DIED',
      version: 2,
      at: new Date(),
      // as LeadVersions.erase claims it
      set: JSON.stringify({ erased_at: { $date: '2026-12-06T04:00:00.000Z' }, first_name: ERASED_TEXT }),
      unset: ['last_name', 'contacts.email', 'contacts.phone'],
      pending_announcement: null,
      outbox_pending: false,
    });

  const answer = await put('Grace');
  expect(answer.status).toBe(409);
  expect(answer.body.error).toMatchObject({ code: 'INVALID_STATE', details: { lead_id: 'LD-ERASURE-DIED', reason: 'erased' } });
  const record = await stack.database('gateway').collection('leads').findOne({ tenant: TENANT, lead_id: 'LD-ERASURE-DIED' });
  expect(record).toMatchObject({ first_name: ERASED_TEXT, version: 2, erased_at: new Date('2026-12-06T04:00:00.000Z') });
  expect(record).not.toHaveProperty('last_name');
  expect(record!.contacts).toEqual({});
}, 30_000);

it('never writes back an erased draft from the copy an instance remembers: the erasure on the other one outdates it', async () => {
  const { id } = await requested();
  await answer(first, id);
  expect(first.get(RecommendationVersions).remembered(TENANT, id)?.result?.draft_message).toBe(RESULT.draft_message);

  await second.get(LeadErasureStore).erase(TENANT, LEAD);
  // decided on the remembered copy first: its next version is claimed by the erasure, so decided again on the erased record
  const approval = await call(urlOf(first), 'POST', `${RECOMMENDATIONS}/${id}/approve`, { token: manager, body: {} });
  expect(approval.status).toBe(200);
  expect(await stored(id)).toMatchObject({
    result: { draft_message: ERASED_TEXT },
    review: { decision: 'approved', draft_message: ERASED_TEXT },
    outbox: { event: { payload: { draft_message: ERASED_TEXT } } },
  });
}, 30_000);

it("stores a revision that arrives after its lead's erasure as erased, without its texts", async () => {
  // LEAD was erased by the case before; its recommendations are marked erased
  const { id } = await requested();
  await answer(first, id);
  await second.get(LeadErasureStore).erase(TENANT, LEAD);
  const revisionId = randomUUID();

  const stored = await first
    .get(RecommendationRequestRepository)
    .recordRevision(TENANT, revisionId, id, { status: 'completed', result: RESULT, confidence: 'normal' });
  expect(stored).toBe(true);
  const revision = await records().findOne({ recommendation_id: revisionId });
  expect(revision).toMatchObject({
    revision_of: id,
    lifecycle: 'pending_review',
    erased_at: expect.any(Date),
    result: { ...RESULT, draft_message: ERASED_TEXT, reasoning_summary: ERASED_TEXT },
  });
}, 30_000);

it('forgets the claims of recommendations and of leads older than a week, and keeps the younger ones', async () => {
  const day = 24 * 60 * 60 * 1000;
  const now = new Date();
  const claim = (id: string, ageMs: number) => ({
    recommendation_id: id,
    version: 2,
    tenant: TENANT,
    lead_id: LEAD,
    set: { lifecycle: 'pending_review' },
    unset: [],
    at: new Date(now.getTime() - ageMs),
  });
  const [old, young] = [randomUUID(), randomUUID()];
  const claims = stack.database('gateway').collection('recommendation_transitions');
  await claims.insertMany([claim(old, 8 * day), claim(young, 6 * day)]);
  const leadClaim = (leadId: string, ageMs: number) => ({
    tenant: TENANT,
    lead_id: leadId,
    version: 1,
    at: new Date(now.getTime() - ageMs),
  });
  const leadClaims = stack.database('gateway').collection('lead_version_claims');
  await leadClaims.insertMany([leadClaim('LD-OLD', 8 * day), leadClaim('LD-YOUNG', 6 * day)]);

  // every other claim of this file was made minutes ago: only the eight-day-old ones go
  expect(await first.get(ClaimRetention).forgetOldClaims(now)).toBe(2);
  expect(await claims.countDocuments({ recommendation_id: { $in: [old, young] } })).toBe(1);
  expect(await claims.findOne({ recommendation_id: young })).not.toBeNull();
  expect(await leadClaims.countDocuments({ lead_id: { $in: ['LD-OLD', 'LD-YOUNG'] } })).toBe(1);
  expect(await leadClaims.findOne({ lead_id: 'LD-YOUNG' })).not.toBeNull();
}, 30_000);

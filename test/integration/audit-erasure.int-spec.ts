import { Db } from 'mongodb';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { ServiceName, SERVICE_NAMES, SuppressionChangedEvent, Topics } from '@followup/contracts';
import { createEvent, ErasedLeads, kafkaClientConfig } from '@followup/messaging';
import { auditEntryOf } from '../../apps/audit/src/audit-trail/audit-entry';
import { auditRecordOf } from '../../apps/audit/src/audit-trail/audit-record.schema';
import { RecordAuditEventsUseCase } from '../../apps/audit/src/audit-trail/record-audit-events.use-case';
import { requestErasure } from '../../apps/audit/src/erasure';
import { verifyAuditChains } from '../../apps/audit/src/verify/verify-audit-chains';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
const TENANT = 'acme';
const LEAD = 'LD-ERASE-1';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const REASON = 'Wrong contact: she asked us to write to nora.private@example.org or call +1 415 555 0166 instead.';
const SUMMARY = 'Asked for the enterprise price list on the demo call.';
const OPT_OUT_REASON = 'Nora told our booth staff at the Lisbon trade show to stop writing.';
/** Everything personal this test gives the system about the lead: none of it may be left after the erasure. */
const PERSONAL = [
  'Nora',
  'Quint',
  'nora.quint@example.net',
  '4155550177',
  'nora.private',
  '555 0166',
  'Wrong contact',
  'enterprise price list',
  'Lisbon trade show',
];

let rep: string;
let analyst: string;
let admin: string;
let recommendationId: string;

const auditRecords = () => stack.database('audit').collection('audit_records');
const restrictedTexts = () => stack.database('audit').collection('draft_texts');
const digestKeys = () => stack.database('audit').collection('text_digest_keys');

/** The lead's stored digest key (32 bytes, hex), read from the audit service's database. */
async function digestKeyOf(tenant: string, leadId: string): Promise<Buffer> {
  const stored = await digestKeys().findOne({ tenant, owner: `lead:${leadId}` });
  expect(stored?.key).toMatch(/^[0-9a-f]{64}$/);
  return Buffer.from(stored!.key, 'hex');
}

const hmacOf = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Every document of every collection of a service's database, as one JSON text; `kept` names fields of a collection
 * left out (delivery's suppression list keeps an opted-out address after the erasure: the person stays opted out).
 */
async function everythingIn(db: Db, kept: Record<string, string[]> = {}): Promise<string> {
  const collections = await db.listCollections().toArray();
  const documents = await Promise.all(
    collections.map((collection) =>
      db
        .collection(collection.name)
        .find({}, { projection: Object.fromEntries((kept[collection.name] ?? []).map((field) => [field, 0])) })
        .toArray(),
    ),
  );
  return JSON.stringify(documents);
}

const personalIn = (text: string) => PERSONAL.filter((value) => text.includes(value));

/** A rep's notification about the lead, produced as the gateway would, as if it had been in flight at the erasure. */
async function produceLateNotification(eventId: string, about: { lead_id?: string; recommendation_id?: string; message: string }) {
  const notification = {
    event_id: eventId,
    event_type: 'notification.requested',
    event_version: 1,
    occurred_at: new Date().toISOString(),
    request_id: `late-${eventId.slice(0, 8)}`,
    tenant: TENANT,
    producer: 'gateway',
    actor: { kind: 'service', id: 'gateway' },
    payload: { kind: 'low_confidence', recipient_role: 'sales_rep', ...about },
  };
  await stack.produceRaw(Topics.NotificationRequested, JSON.stringify(notification), about.lead_id ?? about.recommendation_id!);
}

beforeAll(async () => {
  await stack.start(['recommender', 'compliance', 'delivery', 'audit']);
  // the gateway forwards the suppression list's routes to delivery
  await stack.startService('gateway', { DELIVERY_URL: stack.serviceUrl('delivery') });
  const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: TENANT, roles: ['sales_rep'] });
  analyst = stack.token({ sub: 'analyst-1', tenant: TENANT, roles: ['analyst'] });
  admin = stack.token({ sub: 'admin-1', tenant: TENANT, roles: ['admin'] });
  const nora = leadRecord({
    first_name: 'Nora',
    last_name: 'Quint',
    contacts: { email: 'nora.quint@example.net', phone: '+14155550177' },
    country: 'US',
    time_zone: 'America/Los_Angeles',
  });
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: nora })).status).toBe(201);
  // she opted out of email through the CRM, with a reason that names her
  await eventually(async () => ((await stack.database('delivery').collection('contacts').findOne({ lead_id: LEAD })) ? true : undefined));
  const optedOut = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
    token: crm,
    body: { channel: 'email', address: 'nora.quint@example.net', reason: OPT_OUT_REASON },
  });
  expect(optedOut.status).toBe(201);
  const recommended = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
    token: rep,
    body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD, recent_activity_summary: SUMMARY },
  });
  expect(recommended.status).toBe(200);
  recommendationId = recommended.body.recommendation_id;
  await eventually(async () => {
    const view = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}/${recommendationId}`, { token: rep });
    return view.body.lifecycle === 'pending_review' ? true : undefined;
  });
  const rejected = await call(stack.gatewayUrl, 'POST', `${RECOMMENDATIONS}/${recommendationId}/reject`, {
    token: rep,
    body: { reason: REASON },
  });
  expect(rejected.status).toBe(200);
  // a malformed review naming the recommendation but no lead: every consumer dead-letters it, and the audit trail
  // keeps the raw message (the lead's name in it) apart, tied to the recommendation only
  const malformed = {
    event_type: 'recommendation.reviewed',
    tenant: TENANT,
    request_id: 'erase-dl-1',
    payload: { recommendation_id: recommendationId, rejection_reason: 'Nora Quint said no' },
  };
  await stack.produceRaw(Topics.RecommendationReviewed, JSON.stringify(malformed), LEAD);
});

afterAll(() => stack.close());

describe('free text out of the audit chain', () => {
  it("chains a rejection whose reason holds an email and a phone as its digest under the lead's key and PII kinds only; the chain verifies", async () => {
    const record = await eventually(async () => {
      const found = await auditRecords().findOne({
        tenant: TENANT,
        recommendation_id: recommendationId,
        action: 'recommendation.rejected',
      });
      return found && found.outbox_pending === false ? auditRecordOf(found) : undefined;
    });
    expect(record.record_version).toBe(2);
    // the HMAC-SHA256 of REASON under the lead's key, not its plain SHA-256 (fc09b676…f465, by sha256sum); the kinds
    // are the email and the phone in it
    expect(record.payload.rejection_reason).toEqual({
      sha256: hmacOf(await digestKeyOf(TENANT, LEAD), REASON),
      pii_kinds: ['email', 'phone'],
      digest: 'hmac-sha256',
    });
    expect(record.payload.rejection_reason.sha256).not.toBe('fc09b67624cf4291afe52e9f6579b9d7fe0031bea546959e0b4c2ba272abf465');
    expect(record.review).toEqual({ decision: 'rejected', reviewer_sub: 'rep-17', reviewer_role: 'sales_rep', edited: false });
    expect(personalIn(JSON.stringify(record))).toEqual([]);
    expect(JSON.stringify(record)).not.toMatch(/nora\.private@example\.org|\+1 415 555 0166|instead/);
    const kept = await restrictedTexts().findOne({ event_id: record.event_id, kind: 'rejection_reason' });
    expect(kept).toMatchObject({ tenant: TENANT, lead_id: LEAD, text: REASON });

    const [chain] = await verifyAuditChains(stack.database('audit'), { tenant: TENANT });
    expect(chain.break).toBeUndefined();
  });

  it('gives an analyst the digest only and an admin the text beside it', async () => {
    const path = `/api/v1/audit/events?lead_id=${LEAD}&action=recommendation.rejected`;
    const audit = stack.serviceUrl('audit');
    const forAnalyst = await call(audit, 'GET', path, { token: analyst });
    expect(forAnalyst.status).toBe(200);
    expect(forAnalyst.body.items).toHaveLength(1);
    expect(forAnalyst.body.items[0].payload.rejection_reason.pii_kinds).toEqual(['email', 'phone']);
    expect(forAnalyst.body.items[0]).not.toHaveProperty('restricted_texts');
    expect(personalIn(JSON.stringify(forAnalyst.body))).toEqual([]);
    const forAdmin = await call(audit, 'GET', path, { token: admin });
    expect(forAdmin.body.items[0].restricted_texts).toEqual([{ kind: 'rejection_reason', text: REASON }]);
  });
});

describe('npm run audit:erase', () => {
  it("erases the lead's contact data and restricted texts in every service; the chain still verifies and holds the erasure", async () => {
    // the rejection's re-analysis and everything it set off have been handled everywhere
    await eventually(
      async () =>
        (await auditRecords().countDocuments({ tenant: TENANT, lead_id: LEAD, action: 'recommendation.generated' })) >= 2
          ? true
          : undefined,
      60_000,
    );
    await eventually(async () =>
      (await restrictedTexts().countDocuments({
        tenant: TENANT,
        recommendation_id: recommendationId,
        kind: 'dead_letter_original',
        lead_id: { $exists: false },
      })) === 3
        ? true
        : undefined,
    );
    await stack.allConsumedUpToNow();
    const held: Partial<Record<ServiceName, string[]>> = {};
    for (const service of SERVICE_NAMES) held[service] = personalIn(await everythingIn(stack.database(service)));
    const rejectionBefore = await auditRecords().findOne({
      tenant: TENANT,
      recommendation_id: recommendationId,
      action: 'recommendation.rejected',
    });
    // the keys of her texts: hers, and the recommendation's that the dead letters naming no lead were digested under
    const herKeys = { tenant: TENANT, owner: { $in: [`lead:${LEAD}`, `recommendation:${recommendationId}`] } };
    expect(await digestKeys().countDocuments(herKeys)).toBe(2);
    // before: every service holds some of it (so the check after can fail)
    expect(Object.fromEntries(Object.entries(held).map(([service, found]) => [service, found.length > 0]))).toEqual({
      gateway: true,
      recommender: true,
      compliance: true,
      delivery: true,
      audit: true,
    });

    const progress: string[] = [];
    const result = await requestErasure({
      client: kafkaClientConfig(stack.environment, 'admin', 'erasure-it'),
      namespace: stack.environment,
      tenant: TENANT,
      leadId: LEAD,
      timeoutMs: 60_000,
      onProgress: (line) => progress.push(line),
    });
    expect(result).toMatchObject({ complete: true, missing: [] });
    expect(
      progress
        .filter((line) => line.includes(' confirmed ('))
        .map((line) => line.split(' ')[0])
        .sort(),
    ).toEqual(['audit', 'compliance', 'delivery', 'gateway', 'recommender']);

    const after: Partial<Record<ServiceName, string[]>> = {};
    for (const service of SERVICE_NAMES)
      after[service] = personalIn(await everythingIn(stack.database(service), service === 'delivery' ? { suppressions: ['address'] } : {}));
    expect(after).toEqual({ gateway: [], recommender: [], compliance: [], delivery: [], audit: [] });
    // her opt-out stays in force, its reason erased, on the list and on what the lead record showed of it
    expect(
      await stack
        .database('delivery')
        .collection('suppressions')
        .findOne({ tenant: TENANT, channel: 'email' }, { projection: { _id: 0, address: 1, active: 1, reason: 1 } }),
    ).toEqual({ address: 'nora.quint@example.net', active: true, reason: '[erased]' });
    expect(
      await stack
        .database('gateway')
        .collection('lead_suppressions')
        .findOne({ tenant: TENANT, lead_id: LEAD }, { projection: { _id: 0, channel: 1, active: 1, reason: 1 } }),
    ).toEqual({ channel: 'email', active: true, reason: '[erased]' });
    // what neither names nor reaches her stays, in every service that holds it alike (the chain keeps it too)
    const stored = (service: ServiceName, collection: string, fields: string[]) =>
      stack
        .database(service)
        .collection(collection)
        .findOne({ tenant: TENANT, lead_id: LEAD }, { projection: { _id: 0, ...Object.fromEntries(fields.map((field) => [field, 1])) } });
    expect(await stored('gateway', 'leads', ['account_tier', 'owner_rep_id', 'country', 'time_zone'])).toEqual({
      account_tier: 'mid-market',
      owner_rep_id: 'rep-17',
      country: 'US',
      time_zone: 'America/Los_Angeles',
    });
    const { request_payload } = (await stored('recommender', 'recommendations', ['request_payload']))!;
    expect(JSON.parse(request_payload).lead.country).toBe('US');
    expect(await stored('compliance', 'lead_directory', ['country'])).toEqual({ country: 'US' });
    expect(await stored('delivery', 'contacts', ['owner_rep_id', 'country', 'time_zone'])).toEqual({
      owner_rep_id: 'rep-17',
      country: 'US',
      time_zone: 'America/Los_Angeles',
    });
    const left = await restrictedTexts().find({ tenant: TENANT, lead_id: LEAD }).toArray();
    expect(left.map((text) => `${text.kind} of ${text.event_id}`)).toEqual([]);
    // and the keys their digests were chained under: no digest of hers can be linked to a text any more
    expect(await digestKeys().countDocuments(herKeys)).toBe(0);
    // the rejection delivered again (a consumer that crashed before committing): its erased text is not stored again
    const rejected = await auditRecords().findOne({
      tenant: TENANT,
      recommendation_id: recommendationId,
      action: 'recommendation.rejected',
    });
    await stack
      .app('audit')
      .get(RecordAuditEventsUseCase)
      .execute(
        [
          auditEntryOf(rejected!.source_topic, {
            event_id: rejected!.event_id,
            event_type: 'recommendation.reviewed',
            event_version: 1,
            occurred_at: rejected!.occurred_at,
            request_id: rejected!.request_id,
            tenant: TENANT,
            producer: 'gateway',
            actor: { kind: 'user', id: 'rep-17', role: 'sales_rep' },
            payload: { recommendation_id: recommendationId, lead_id: LEAD, decision: 'rejected', rejection_reason: REASON },
          }),
        ],
        new ErasedLeads(),
      );
    const tombstone = await restrictedTexts().findOne(
      { event_id: rejected!.event_id, kind: 'rejection_reason' },
      { projection: { _id: 0 } },
    );
    expect(Object.keys(tombstone!).sort()).toEqual(['erased_at', 'event_id', 'kind', 'stored_at', 'tenant']);
    // an erased lead is not found from then on
    const lead = await call(stack.gatewayUrl, 'GET', `/api/v1/leads/${LEAD}`, { token: rep });
    expect([lead.status, lead.body.error?.code]).toEqual([404, 'LEAD_NOT_FOUND']);

    const erasureRecords = await eventually(async () => {
      const found = await auditRecords()
        .find({ tenant: TENANT, lead_id: LEAD, event_type: /^erasure\./ })
        .sort({ sequence: 1 })
        .toArray();
      return found.length === 6 ? found.map(auditRecordOf) : undefined;
    }, 60_000);
    // the only dead letters are the malformed review's (compliance, recommender, audit): the erasure's events all passed
    expect(await auditRecords().countDocuments({ event_type: 'dead_letter' })).toBe(3);
    expect(erasureRecords[0]).toMatchObject({ action: 'erasure.requested', payload: { erasure_id: result.erasure_id, lead_id: LEAD } });
    expect(
      erasureRecords
        .slice(1)
        .map((record) => record.payload.service)
        .sort(),
    ).toEqual(['audit', 'compliance', 'delivery', 'gateway', 'recommender']);
    const erased = (service: string, store: string) =>
      erasureRecords.find((record) => record.payload.service === service)!.payload.erased.find((entry: any) => entry.store === store)
        ?.count;
    expect(erased('audit', 'draft_texts')).toBeGreaterThan(0);
    expect(erased('audit', 'text_digest_keys')).toBe(2);
    expect(erased('delivery', 'contacts.contacts.email')).toBe(1);
    expect(erased('delivery', 'suppressions.reason')).toBe(1);
    expect(erased('gateway', 'lead_suppressions.reason')).toBe(1);
    expect(erased('compliance', 'lead_directory.email')).toBe(1);
    expect(erased('gateway', 'recommendation_requests.review.rejection_reason')).toBe(1);
    expect(erased('recommender', 'model_feedback.reason')).toBe(1);
    expect(erased('recommender', 'recommendations.request_payload')).toBeGreaterThan(0);

    // the erased texts' digests are still chained: the whole chain verifies, the rejection's record unchanged
    const [chain] = await verifyAuditChains(stack.database('audit'), { tenant: TENANT });
    expect(chain.break).toBeUndefined();
    expect(rejected).toEqual(rejectionBefore);
  });

  it('stores only a tombstone for a text of the erased lead in an event that arrives after the erasure (in flight at the time)', async () => {
    const late = 'Call Nora back on +1 415 555 0199 about the renewal.';
    const eventId = '7d3f0a9e-2b1c-4e8f-9a6d-5c4b3a2f1e0d';
    const keysBefore = await digestKeys().countDocuments({ tenant: TENANT, owner: `lead:${LEAD}` });
    await produceLateNotification(eventId, { lead_id: LEAD, message: late });

    const found = await eventually(async () => (await auditRecords().findOne({ event_id: eventId })) ?? undefined, 60_000);
    const record = auditRecordOf(found);
    expect(record.draft_kinds).toEqual(['message']);
    // digested under a key made for it and kept nowhere: no key of the erased lead is stored again
    expect(record.payload.message).toMatchObject({ digest: 'hmac-sha256' });
    expect(record.payload.message.sha256).not.toBe(sha256Of(late));
    expect(await digestKeys().countDocuments({ tenant: TENANT, owner: `lead:${LEAD}` })).toBe(keysBefore);
    const stored = await restrictedTexts()
      .find({ event_id: eventId }, { projection: { _id: 0 } })
      .toArray();
    expect(stored.map((text) => Object.keys(text).sort())).toEqual([['erased_at', 'event_id', 'kind', 'stored_at', 'tenant']]);
    expect(stored[0]).toMatchObject({ tenant: TENANT, kind: 'message' });
    expect(await everythingIn(stack.database('audit'))).not.toContain('555 0199');
    expect(await stack.database('audit').collection('erased_leads').countDocuments({ tenant: TENANT, lead_id: LEAD })).toBe(1);
  });

  it('stores only a tombstone, under no stored key, for a late text that names only a recommendation of the erased lead', async () => {
    const late = 'Nora asked to be called on +1 415 555 0198 instead.';
    const eventId = '2e6b9c1d-8f3a-4b5c-9d7e-1a2b3c4d5e6f';
    await produceLateNotification(eventId, { recommendation_id: recommendationId, message: late });

    const record = await eventually(async () => (await auditRecords().findOne({ event_id: eventId })) ?? undefined, 60_000);
    // attributed to the lead the recommendation's records name
    expect(record).toMatchObject({ lead_id: LEAD, recommendation_id: recommendationId, draft_kinds: ['message'] });
    expect(await digestKeys().countDocuments({ tenant: TENANT, owner: `recommendation:${recommendationId}` })).toBe(0);
    const stored = await restrictedTexts()
      .find({ event_id: eventId }, { projection: { _id: 0 } })
      .toArray();
    expect(stored.map((text) => Object.keys(text).sort())).toEqual([['erased_at', 'event_id', 'kind', 'stored_at', 'tenant']]);
    expect(await everythingIn(stack.database('audit'))).not.toContain('555 0198');
  });
});

describe("an opt-out's reason and the erasure", () => {
  it('keeps no reason from a suppression change naming the erased lead consumed after the erasure, on any lead it names', async () => {
    const late = createEvent(
      SuppressionChangedEvent,
      'delivery',
      { request_id: 'late-suppression-1', tenant: TENANT, actor: { kind: 'service', id: 'delivery' } },
      {
        suppression_id: '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
        change: 'suppressed',
        channel: 'sms',
        // a lead sharing the number, living, whose record shows the change too
        lead_ids: [LEAD, 'LD-ERASE-SHARES-HER-NUMBER'],
        reason: 'Nora texted STOP from her Lisbon trade show booth',
        source: 'api',
        changed_at: new Date().toISOString(),
      },
    );
    await stack.produceRaw(Topics.SuppressionChanged, JSON.stringify(late), LEAD);
    const rows = await eventually(async () => {
      const found = await stack
        .database('gateway')
        .collection('lead_suppressions')
        .find({ tenant: TENANT, suppression_id: late.payload.suppression_id }, { projection: { _id: 0, lead_id: 1, reason: 1 } })
        .sort({ lead_id: 1 })
        .toArray();
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([
      { lead_id: 'LD-ERASE-1', reason: '[erased]' },
      { lead_id: 'LD-ERASE-SHARES-HER-NUMBER', reason: '[erased]' },
    ]);
  });

  it('blanks the reason on the record of another lead that shares the opted-out address', async () => {
    const crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
    const household = { email: 'household.lee@example.org' };
    for (const [leadId, firstName] of [
      ['LD-ERASE-SHARED-1', 'Wren'],
      ['LD-ERASE-SHARED-2', 'Tom'],
    ]) {
      const lead = leadRecord({
        first_name: firstName,
        last_name: 'Lee',
        contacts: household,
        consent: { sms: false, email: true, phone_call: false },
      });
      expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: lead })).status).toBe(201);
      await eventually(() => stack.database('delivery').collection('contacts').findOne({ tenant: TENANT, lead_id: leadId }));
    }
    const reason = 'Wren asked for the household to get no more email';
    const optedOut = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'email', address: household.email, reason },
    });
    expect(optedOut.status).toBe(201);
    const rows = () =>
      stack
        .database('gateway')
        .collection('lead_suppressions')
        .find({ tenant: TENANT, suppression_id: optedOut.body.suppression_id }, { projection: { _id: 0, lead_id: 1, reason: 1 } })
        .sort({ lead_id: 1 })
        .toArray();
    await eventually(async () => ((await rows()).length === 2 ? true : undefined));

    const result = await requestErasure({
      client: kafkaClientConfig(stack.environment, 'admin', 'erasure-it-shared'),
      namespace: stack.environment,
      tenant: TENANT,
      leadId: 'LD-ERASE-SHARED-1',
      timeoutMs: 60_000,
    });
    expect(result).toMatchObject({ complete: true, missing: [] });
    expect(await rows()).toEqual([
      { lead_id: 'LD-ERASE-SHARED-1', reason: '[erased]' },
      { lead_id: 'LD-ERASE-SHARED-2', reason: '[erased]' },
    ]);
    expect(
      await stack
        .database('delivery')
        .collection('suppressions')
        .findOne({ tenant: TENANT, suppression_id: optedOut.body.suppression_id }, { projection: { _id: 0, active: 1, reason: 1 } }),
    ).toEqual({ active: true, reason: '[erased]' });
  });
});

describe("a template draft's digest", () => {
  const ZEBULON_TENANT = 'initech';
  const ZEBULON = 'LD-ZEBULON-1';
  /**
   * What the deterministic engine can draft for a lead named Zebulon asking about pricing, contacted by SMS: every
   * template of apps/recommender/src/engine/template-drafter.ts, written out by hand, as an analyst guessing names would.
   */
  const CANDIDATE_DRAFTS = [
    'No message: Zebulon has not consented to be contacted.',
    'Hi Zebulon, thanks for your interest. Would you have 20 minutes this week for a call to go over your pricing questions?',
    "Hi Zebulon, as promised I'm sending over more information following your pricing questions. Happy to answer any questions.",
    "Hi Zebulon, just checking in. If anything has changed on your side, I'd be glad to help.",
    'Hi Zebulon, following up on your pricing questions. Would a customized quote help?',
    "Hi Zebulon, I wanted to follow up on your pricing questions. Let me know if you'd like a customized quote or a quick call.",
  ];

  it('cannot be recomputed from the templates and a first name, and links to no text once the lead is erased', async () => {
    const crm = stack.token({ sub: 'crm-1', tenant: ZEBULON_TENANT, roles: ['crm'] });
    const zebulonRep = stack.token({ sub: 'rep-17', tenant: ZEBULON_TENANT, roles: ['sales_rep'] });
    const zebulonAnalyst = stack.token({ sub: 'analyst-1', tenant: ZEBULON_TENANT, roles: ['analyst'] });
    const lead = leadRecord({ first_name: 'Zebulon', last_name: 'Marsh', contacts: { email: 'zeb@example.net', phone: '+14155550188' } });
    expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${ZEBULON}`, { token: crm, body: lead })).status).toBe(201);
    const recommended = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
      token: zebulonRep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: ZEBULON },
    });
    expect(recommended.status).toBe(200);
    const id = recommended.body.recommendation_id;
    const generated = await eventually(async () => {
      const found = await auditRecords().findOne({ tenant: ZEBULON_TENANT, recommendation_id: id, action: 'recommendation.generated' });
      return found && found.outbox_pending === false ? found : undefined;
    }, 60_000);
    const kept = await restrictedTexts().findOne({ event_id: generated.event_id, kind: 'generated' });
    expect(kept?.text).toBe(CANDIDATE_DRAFTS[4]);

    // as the analyst reads the chain: the draft's digest is none of the candidates' SHA-256
    const listed = await call(stack.serviceUrl('audit'), 'GET', `/api/v1/audit/events?lead_id=${ZEBULON}&action=recommendation.generated`, {
      token: zebulonAnalyst,
    });
    expect(listed.status).toBe(200);
    const chained = listed.body.items[0].payload.result.draft_message;
    expect(CANDIDATE_DRAFTS.filter((draft) => sha256Of(draft) === chained.sha256)).toEqual([]);
    expect(chained).toMatchObject({ digest: 'hmac-sha256' });
    // it binds the draft under the lead's key, which only the audit service holds
    const key = await digestKeyOf(ZEBULON_TENANT, ZEBULON);
    expect(chained.sha256).toBe(hmacOf(key, CANDIDATE_DRAFTS[4]));

    await eventually(async () => {
      const view = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}/${id}`, { token: zebulonRep });
      return view.body.lifecycle === 'pending_review' ? true : undefined;
    });
    const result = await requestErasure({
      client: kafkaClientConfig(stack.environment, 'admin', 'erasure-it'),
      namespace: stack.environment,
      tenant: ZEBULON_TENANT,
      leadId: ZEBULON,
      timeoutMs: 60_000,
    });
    expect(result).toMatchObject({ complete: true, missing: [] });

    // the key is gone with the texts; the records keep their digests, and the chain verifies
    expect(await digestKeys().countDocuments({ tenant: ZEBULON_TENANT })).toBe(0);
    expect(await restrictedTexts().countDocuments({ tenant: ZEBULON_TENANT, text: { $exists: true } })).toBe(0);
    const after = auditRecordOf((await auditRecords().findOne({ event_id: generated.event_id }))!);
    expect(after.payload.result.draft_message).toEqual(chained);
    const verification = await call(stack.serviceUrl('audit'), 'GET', '/api/v1/audit/verification', { token: zebulonAnalyst });
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({ tenant: ZEBULON_TENANT, intact: true });
  });
});

describe('the command line', () => {
  /** Runs a script of the project from dist/ (built by `npm run build`, as `npm test` does first) with this run's settings. */
  function runScript(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(__dirname, '../../scripts', script), ...args], { env: process.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('refuses a call without a lead (exit 2), names a service that does not confirm in time (exit 1), and exits 0 once all did', async () => {
    const usage = await runScript('audit-erase.mjs', ['--tenant', TENANT]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--lead <id> is required');

    await stack.stopService('delivery');
    const timedOut = await runScript('audit-erase.mjs', ['--lead', LEAD, '--tenant', TENANT, '--timeout-seconds', '3']);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toMatch(/timed out after 3 s; no confirmation from [a-z, ]*delivery/);

    // delivery, back, reads the request it missed and confirms it; a new request is confirmed by all five
    await stack.startService('delivery');
    const done = await runScript('audit-erase.mjs', ['--lead', LEAD, '--tenant', TENANT, '--timeout-seconds', '60']);
    expect(done.code).toBe(0);
    expect(
      done.stdout
        .match(/^[a-z]+ confirmed \(\d\/5\)/gm)
        ?.map((line) => line.split(' ')[0])
        .sort(),
    ).toEqual(['audit', 'compliance', 'delivery', 'gateway', 'recommender']);

    await eventually(async () => {
      const completed = await auditRecords().find({ tenant: TENANT, lead_id: LEAD, action: 'erasure.completed' }).toArray();
      return completed.map(auditRecordOf).filter((record) => record.payload.service === 'delivery').length === 3 ? true : undefined;
    });
    const verify = await runScript('audit-verify.mjs', ['--tenant', TENANT]);
    // the report first, so a failure shows where the chain broke
    expect(verify.stdout).toContain('all intact');
    expect(verify.code).toBe(0);
  });
});

import { Db } from 'mongodb';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ServiceName, SERVICE_NAMES, Topics } from '@followup/contracts';
import { ErasedLeads, kafkaClientConfig } from '@followup/messaging';
import { auditEntryOf } from '../../apps/audit/src/audit-trail/audit-entry';
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
];

let rep: string;
let analyst: string;
let admin: string;
let recommendationId: string;

const auditRecords = () => stack.database('audit').collection('audit_records');
const restrictedTexts = () => stack.database('audit').collection('draft_texts');

/** Every document of every collection of a service's database, as one JSON text. */
async function everythingIn(db: Db): Promise<string> {
  const collections = await db.listCollections().toArray();
  const documents = await Promise.all(collections.map((collection) => db.collection(collection.name).find().toArray()));
  return JSON.stringify(documents);
}

const personalIn = (text: string) => PERSONAL.filter((value) => text.includes(value));

beforeAll(async () => {
  await stack.start();
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
  it('chains a rejection whose reason holds an email and a phone as its hash and PII kinds only; the chain verifies', async () => {
    const record = await eventually(async () => {
      const found = await auditRecords().findOne({
        tenant: TENANT,
        recommendation_id: recommendationId,
        action: 'recommendation.rejected',
      });
      return found && found.outbox_pending === false ? found : undefined;
    });
    expect(record.record_version).toBe(2);
    // SHA-256 of REASON as UTF-8, by sha256sum; the kinds are the email and the phone in it
    expect(record.payload.rejection_reason).toEqual({
      sha256: 'fc09b67624cf4291afe52e9f6579b9d7fe0031bea546959e0b4c2ba272abf465',
      pii_kinds: ['email', 'phone'],
    });
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
    for (const service of SERVICE_NAMES) after[service] = personalIn(await everythingIn(stack.database(service)));
    expect(after).toEqual({ gateway: [], recommender: [], compliance: [], delivery: [], audit: [] });
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
    expect(await stored('recommender', 'recommendations', ['request_payload.lead.country'])).toEqual({
      request_payload: { lead: { country: 'US' } },
    });
    expect(await stored('compliance', 'lead_directory', ['country'])).toEqual({ country: 'US' });
    expect(await stored('delivery', 'contacts', ['owner_rep_id', 'country', 'time_zone'])).toEqual({
      owner_rep_id: 'rep-17',
      country: 'US',
      time_zone: 'America/Los_Angeles',
    });
    const left = await restrictedTexts().find({ tenant: TENANT, lead_id: LEAD }).toArray();
    expect(left.map((text) => `${text.kind} of ${text.event_id}`)).toEqual([]);
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
      return found.length === 6 ? found : undefined;
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
    expect(erased('delivery', 'contacts.contacts.email')).toBe(1);
    expect(erased('compliance', 'lead_directory.email')).toBe(1);
    expect(erased('gateway', 'recommendation_requests.review.rejection_reason')).toBe(1);
    expect(erased('recommender', 'model_feedback.reason')).toBe(1);

    // the erased texts' digests are still chained: the whole chain verifies, the rejection's record unchanged
    const [chain] = await verifyAuditChains(stack.database('audit'), { tenant: TENANT });
    expect(chain.break).toBeUndefined();
    const rejection = await auditRecords().findOne({
      tenant: TENANT,
      recommendation_id: recommendationId,
      action: 'recommendation.rejected',
    });
    expect(rejection!.payload.rejection_reason.sha256).toBe('fc09b67624cf4291afe52e9f6579b9d7fe0031bea546959e0b4c2ba272abf465');
  });

  it('stores only a tombstone for a text of the erased lead in an event that arrives after the erasure (in flight at the time)', async () => {
    const late = 'Call Nora back on +1 415 555 0199 about the renewal.';
    const eventId = '7d3f0a9e-2b1c-4e8f-9a6d-5c4b3a2f1e0d';
    const notification = {
      event_id: eventId,
      event_type: 'notification.requested',
      event_version: 1,
      occurred_at: new Date().toISOString(),
      request_id: 'erase-late-1',
      tenant: TENANT,
      producer: 'gateway',
      actor: { kind: 'service', id: 'gateway' },
      payload: { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: LEAD, message: late },
    };
    await stack.produceRaw(Topics.NotificationRequested, JSON.stringify(notification), LEAD);

    const record = await eventually(async () => (await auditRecords().findOne({ event_id: eventId })) ?? undefined, 60_000);
    expect(record.draft_kinds).toEqual(['message']);
    const stored = await restrictedTexts()
      .find({ event_id: eventId }, { projection: { _id: 0 } })
      .toArray();
    expect(stored.map((text) => Object.keys(text).sort())).toEqual([['erased_at', 'event_id', 'kind', 'stored_at', 'tenant']]);
    expect(stored[0]).toMatchObject({ tenant: TENANT, kind: 'message' });
    expect(await everythingIn(stack.database('audit'))).not.toContain('555 0199');
    expect(await stack.database('audit').collection('erased_leads').countDocuments({ tenant: TENANT, lead_id: LEAD })).toBe(1);
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

    await eventually(async () =>
      (await auditRecords().countDocuments({
        tenant: TENANT,
        lead_id: LEAD,
        action: 'erasure.completed',
        'payload.service': 'delivery',
      })) === 3
        ? true
        : undefined,
    );
    const verify = await runScript('audit-verify.mjs', ['--tenant', TENANT]);
    // the report first, so a failure shows where the chain broke
    expect(verify.stdout).toContain('all intact');
    expect(verify.code).toBe(0);
  });
});

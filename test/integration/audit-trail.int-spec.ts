import type { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mongo } from 'mongoose';
import { NotificationRequestedEvent, RecommendationReviewedEvent, Topics } from '@followup/contracts';
import { busTopic, createEvent, kafkaClientConfig } from '@followup/messaging';
import { auditRecordOf } from '../../apps/audit/src/audit-trail/audit-record.schema';
import { verifyAuditChains } from '../../apps/audit/src/verify/verify-audit-chains';
import {
  AuditDatabaseNotEmptyError,
  rebuildAuditDatabase,
  replayAuditTopic,
  replayFilterOf,
  writeNdjson,
} from '../../apps/audit/src/replay';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { adminKafka, eventually, TestStack } from '../support/stack';

const stack = new TestStack({ audit: { AUDIT_OUTBOX_RELAY_INTERVAL_MS: 500 } });
const testStarted = new Date(Date.now() - 1000).toISOString();
let auditUrl: string;
let analyst: string;
let recommendationId: string;

/** The audit service's own port (it serves the analysts' read API itself). */
function urlOf(service: string): string {
  const app = (stack as unknown as { apps: Map<string, INestApplication> }).apps.get(service);
  if (!app) throw new Error(`${service} is not running`);
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

const REVIEWED_EXAMPLE_ACTIONS = [
  'lead.upserted',
  'recommendation.requested',
  'recommendation.generated',
  'recommendation.edited_and_approved',
  'recommendation.rejected',
];

const records = () => stack.database('audit').collection('audit_records');
const REJECTION_REASON = 'tone too pushy';

/**
 * Checks a line is canonical JSON as the audit chain defines it, without the code that writes it: written
 * as JSON.stringify writes it (no whitespace), object keys in code-unit order at every depth, no null members.
 */
function expectCanonical(line: string) {
  const value = JSON.parse(line);
  expect(JSON.stringify(value)).toBe(line);
  const problems: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${path}[${index}]`));
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.join('\n') !== [...keys].sort().join('\n')) problems.push(`${path}: keys out of order`);
    for (const [key, inner] of Object.entries(node)) {
      if (inner === null) problems.push(`${path}.${key}: null member`);
      walk(inner, `${path}.${key}`);
    }
  };
  walk(value, '$');
  expect(problems).toEqual([]);
}

/**
 * Every record handed to the chain input so far is chained and published: the chain group commits a batch
 * only after both.
 */
const chainedUpToNow = () => stack.consumedUpToNow(stack.consumerGroupFor('audit', Topics.AuditChainInput), [Topics.AuditChainInput]);

/** The tenant's trail once it holds that many records, or a record of each of those actions, all published. */
async function settled(tenant: string, until: number | string[]) {
  const found = await eventually(async () => {
    const stored = await records().find({ tenant }).sort({ sequence: 1 }).toArray();
    const complete =
      typeof until === 'number' ? stored.length >= until : until.every((action) => stored.some((record) => record.action === action));
    return complete && stored.every((record) => record.outbox_pending === false) ? stored : undefined;
  }, 60_000);
  await chainedUpToNow();
  return found;
}

beforeAll(async () => {
  await stack.start(['gateway', 'recommender', 'audit']);
  auditUrl = urlOf('audit');
  analyst = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  const rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
  const answer = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
    token: rep,
    body: SPEC_EXAMPLE_REQUEST,
    headers: { 'x-request-id': 'audit-spec-1' },
  });
  expect(answer.status).toBe(200);
  recommendationId = answer.body.recommendation_id;
  // The rep's decisions, as the review flow publishes them: an edit, then (on a second thought) a rejection.
  const context = { request_id: 'audit-review-1', tenant: 'acme', actor: { kind: 'user' as const, id: 'rep-17', role: 'sales_rep' } };
  const review = (payload: Partial<RecommendationReviewedEvent['payload']>) =>
    createEvent(RecommendationReviewedEvent, 'gateway', context, {
      recommendation_id: recommendationId,
      lead_id: 'LD-2048',
      reviewer: { sub: 'rep-17', role: 'sales_rep' },
      recommended_channel: 'sms',
      channel_ranking: [{ channel: 'sms', response_probability: 0.6, consented: true }],
      reviewed_at: new Date().toISOString(),
      decision: 'approved',
      ...payload,
    });
  await stack.produceRaw(
    Topics.RecommendationReviewed,
    JSON.stringify(
      review({
        decision: 'edited_and_approved',
        draft_message: 'Hi Sarah, here is your quote.',
        original_draft: 'Hi Sarah',
        edit_diff: '+ here is your quote.',
      }),
    ),
    'LD-2048',
  );
  await stack.produceRaw(
    Topics.RecommendationReviewed,
    JSON.stringify(review({ decision: 'rejected', rejection_reason: REJECTION_REASON })),
    'LD-2048',
  );
  // The low-confidence notification lands among these in no fixed order, so wait for the actions, not a count.
  await settled('acme', REVIEWED_EXAMPLE_ACTIONS);
  // The rejection has the recommender analyse the lead again: its revision and the rep's notice of it (published with
  // it) join the chain too, and must be in it before the tests below count and verify the chain.
  await eventually(
    async () => ((await records().countDocuments({ tenant: 'acme', action: 'recommendation.generated' })) >= 2 ? true : undefined),
    60_000,
  );
  await stack.consumedUpToNow(stack.consumerGroup('audit'), [Topics.RecommendationGenerated, Topics.NotificationRequested]);
  await chainedUpToNow();
});

afterAll(() => stack.close());

describe('the audit trail of the spec example', () => {
  it('records every step with ids, actor, action, PII-free payload, AI output and version, and the review', async () => {
    const stored = await records().find({ tenant: 'acme' }).sort({ sequence: 1 }).toArray();
    // each payload is kept as its JSON text, and decodes to the payload that was chained
    expect(stored.map((record) => typeof record.payload)).toEqual(stored.map(() => 'string'));
    const trail = stored.map(auditRecordOf);
    expect(trail.map((record) => record.sequence)).toEqual(trail.map((_, index) => index + 1));
    expect(trail.map((record) => record.action)).toEqual(expect.arrayContaining(REVIEWED_EXAMPLE_ACTIONS));
    const generated = trail.find((record) => record.action === 'recommendation.generated')!;
    expect(generated).toMatchObject({
      request_id: 'audit-spec-1',
      lead_id: 'LD-2048',
      recommendation_id: recommendationId,
      actor: { kind: 'service' },
      ai_output: { recommended_action: 'follow_up', recommended_channel: 'sms', requires_human_approval: true },
      ai_service_version: { engine: expect.any(String) },
      draft_kinds: ['result.reasoning_summary', 'generated'],
      record_version: 2,
    });
    expect(generated.payload.result.reasoning_summary).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      pii_kinds: [],
      digest: 'hmac-sha256',
    });
    expect(typeof generated.ai_output.priority_score).toBe('number');
    const requested = trail.find((record) => record.action === 'recommendation.requested')!;
    expect(requested.payload.input.engagement_history).toHaveLength(3);
    expect(requested.actor).toMatchObject({ kind: 'user', id: 'rep-17' });
    expect(trail.find((record) => record.action === 'lead.upserted')!.payload.consent).toEqual({
      sms: true,
      email: true,
      phone_call: true,
    });
    const rejected = trail.find((record) => record.action === 'recommendation.rejected')!;
    expect(rejected.review).toEqual({ decision: 'rejected', reviewer_sub: 'rep-17', reviewer_role: 'sales_rep', edited: false });
    // the reason is chained as its HMAC-SHA256 under the lead's digest key and the PII kinds in it; the text is kept
    // apart. Not as its plain SHA-256 (of "tone too pushy", by sha256sum), which anyone could check a guess against.
    const leadKey = await stack.database('audit').collection('text_digest_keys').findOne({ tenant: 'acme', owner: 'lead:LD-2048' });
    expect(rejected.payload.rejection_reason).toEqual({
      sha256: createHmac('sha256', Buffer.from(leadKey!.key, 'hex')).update(REJECTION_REASON, 'utf8').digest('hex'),
      pii_kinds: [],
      digest: 'hmac-sha256',
    });
    expect(rejected.payload.rejection_reason.sha256).not.toBe('f88c846a5508ebad40486d00da55aa3c19034425359cc2eaf160db87c3cf4115');
    expect(trail.find((record) => record.action === 'recommendation.edited_and_approved')!.review).toMatchObject({ edited: true });
    // PII and draft text never reach the record; the drafts sit in their own collection.
    expect(JSON.stringify(trail)).not.toMatch(/Sarah|sarah\.lee|\+14155550123|pricing information|your quote|too pushy/);
    const drafts = await stack.database('audit').collection('draft_texts').find({ recommendation_id: recommendationId }).toArray();
    expect(drafts.map((draft) => draft.kind)).toEqual(
      expect.arrayContaining([
        'edit_diff',
        'generated',
        'input.recent_activity_summary',
        'original',
        'rejection_reason',
        'result.reasoning_summary',
        'reviewed',
      ]),
    );
    expect(drafts.find((draft) => draft.kind === 'generated')!.text).toMatch(/^Hi Sarah/);
  });

  it('keeps a verifiable chain and finds a record tampered with in the database', async () => {
    const db = stack.database('audit');
    const [intact] = await verifyAuditChains(db, { tenant: 'acme' });
    expect(intact).toMatchObject({ tenant: 'acme', break: undefined });
    expect(intact.records).toBeGreaterThanOrEqual(5);

    const victim = await records().findOne({ tenant: 'acme', sequence: 2 });
    await records().updateOne({ _id: victim!._id }, { $set: { 'actor.id': 'someone-else' } });
    const [tampered] = await verifyAuditChains(db, { tenant: 'acme' });
    expect(tampered.break).toMatchObject({ sequence: 2, kind: 'hash_mismatch', actual: victim!.hash });

    await records().updateOne({ _id: victim!._id }, { $set: { actor: victim!.actor } });
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toBeUndefined();

    // inside the payload's JSON text too: the lead's id rewritten in the stored text
    const text: string = victim!.payload;
    expect(text).toContain('"lead_id":"LD-2048"');
    await records().updateOne({ _id: victim!._id }, { $set: { payload: text.replace('"lead_id":"LD-2048"', '"lead_id":"LD-0001"') } });
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toMatchObject({ sequence: 2, kind: 'hash_mismatch' });
    // and a text that no longer parses is a break at that record, not a failed verification
    await records().updateOne({ _id: victim!._id }, { $set: { payload: text.slice(0, -2) } });
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toMatchObject({ sequence: 2, kind: 'hash_mismatch' });
    await records().updateOne({ _id: victim!._id }, { $set: { payload: text } });
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toBeUndefined();

    // Removing the last record is caught through the chain head.
    const last = await records().find({ tenant: 'acme' }).sort({ sequence: -1 }).limit(1).next();
    await records().deleteOne({ _id: last!._id });
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toMatchObject({ kind: 'truncated', sequence: last!.sequence });
    await records().insertOne(last!);
    expect((await verifyAuditChains(db, { tenant: 'acme' }))[0].break).toBeUndefined();
  });

  it('appends a linear, gap-free chain from events of every partition, each delivered twice, once per event', async () => {
    const tenant = 'concurrent-co';
    const events = Array.from({ length: 30 }, (_, index) =>
      createEvent(
        NotificationRequestedEvent,
        'gateway',
        { request_id: `burst-${index}`, tenant, actor: { kind: 'service', id: 'gateway' } },
        {
          kind: 'low_confidence',
          recipient_role: 'sales_rep',
          lead_id: `LD-${index}`,
          message: 'A recommendation needs more lead data.',
        },
      ),
    );
    // Keys spread the events over every partition; each is delivered twice.
    await Promise.all(
      events.flatMap((event, index) =>
        [0, 1].map(() => stack.produceRaw(Topics.NotificationRequested, JSON.stringify(event), `LD-${index}`)),
      ),
    );
    const chain = await settled(tenant, 30);
    // every copy has been handled once the audit service's group has committed past all of them, and then the chain's
    await stack.consumedUpToNow(stack.consumerGroup('audit'), [Topics.NotificationRequested]);
    await chainedUpToNow();
    const final = await records().find({ tenant }).sort({ sequence: 1 }).toArray();
    expect(final).toHaveLength(30);
    expect(final.map((record) => record.sequence)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(new Set(final.map((record) => record.event_id)).size).toBe(30);
    expect(chain.length).toBe(30);
    const [report] = await verifyAuditChains(stack.database('audit'), { tenant });
    expect(report).toMatchObject({ records: 30, last_sequence: 30, break: undefined });
  });
});

describe('the analysts API on the audit service', () => {
  const events = (query: string, token = analyst) => call(auditUrl, 'GET', `/api/v1/audit/events${query}`, { token });

  it('pages through the whole chain in order with an opaque cursor', async () => {
    const total = await records().countDocuments({ tenant: 'acme' });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await events(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { sequence: number }) => item.sequence));
      for (const item of page.body.items) {
        expect(item).not.toHaveProperty('_id');
        expect(item).not.toHaveProperty('outbox_pending');
        expect(item.tenant).toBe('acme');
      }
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(pages).toBe(Math.ceil(total / 2));
  });

  it('filters by lead, recommendation, event type, action and time', async () => {
    const byRecommendation = await events(`?recommendation_id=${recommendationId}`);
    expect(byRecommendation.body.items.length).toBeGreaterThanOrEqual(4);
    expect(byRecommendation.body.items.every((item: { recommendation_id: string }) => item.recommendation_id === recommendationId)).toBe(
      true,
    );
    const byType = await events('?event_type=recommendation.reviewed&lead_id=LD-2048');
    expect(byType.body.items.map((item: { action: string }) => item.action).sort()).toEqual([
      'recommendation.edited_and_approved',
      'recommendation.rejected',
    ]);
    const byAction = await events('?action=recommendation.rejected');
    expect(byAction.body.items).toHaveLength(1);
    expect((await events('?lead_id=LD-none')).body).toEqual({ items: [], next_cursor: null });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await events(`?from=${encodeURIComponent(future)}`)).body.items).toHaveLength(0);
    expect(
      (await events(`?from=${encodeURIComponent(testStarted)}&to=${encodeURIComponent(future)}`)).body.items.length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('tells one recommendation’s story in order, and 404s it for another tenant', async () => {
    const timeline = await call(auditUrl, 'GET', `/api/v1/audit/recommendations/${recommendationId}/timeline`, { token: analyst });
    expect(timeline.status).toBe(200);
    expect(timeline.body.lead_id).toBe('LD-2048');
    const actions = timeline.body.events.map((event: { action: string }) => event.action);
    expect(actions.indexOf('recommendation.requested')).toBeLessThan(actions.indexOf('recommendation.generated'));
    expect(JSON.stringify(timeline.body)).not.toMatch(/Sarah/);

    const other = stack.token({ sub: 'analyst-9', tenant: 'globex', roles: ['analyst'] });
    const hidden = await call(auditUrl, 'GET', `/api/v1/audit/recommendations/${recommendationId}/timeline`, { token: other });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({
      code: 'RECOMMENDATION_NOT_FOUND',
      message: expect.any(String),
      details: { recommendation_id: recommendationId },
    });
    expect((await events('', other)).body.items).toHaveLength(0);
  });

  it('is for analysts and admins only, validates its parameters, and keeps drafts to compliance', async () => {
    const rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
    const forbidden = await events('', rep);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect((await call(auditUrl, 'GET', '/api/v1/audit/events')).status).toBe(401);
    expect((await events('', stack.token({ sub: 'admin-1', tenant: 'acme', roles: ['admin'] }))).status).toBe(200);

    const invalid = await events('?from=yesterday&limit=0');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { invalid_fields: expect.arrayContaining(['from', 'limit']) },
    });
    expect((await events('?cursor=garbage')).body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { invalid_fields: ['cursor'] },
    });
    const backwards = await events(`?from=2026-04-21T00:00:00Z&to=2026-04-20T00:00:00Z`);
    expect(backwards.status).toBe(400);
    expect((await call(auditUrl, 'GET', '/api/v1/audit/recommendations/not-a-uuid/timeline', { token: analyst })).status).toBe(400);

    const draftsPath = `/api/v1/audit/recommendations/${recommendationId}/drafts`;
    expect((await call(auditUrl, 'GET', draftsPath, { token: analyst })).status).toBe(403);
    const compliance = stack.token({ sub: 'c-1', tenant: 'acme', roles: ['compliance'] });
    const drafts = await call(auditUrl, 'GET', draftsPath, { token: compliance });
    expect(drafts.status).toBe(200);
    expect(drafts.body.drafts.find((draft: { kind: string }) => draft.kind === 'generated').text).toMatch(/^Hi Sarah/);
    const otherCompliance = stack.token({ sub: 'c-9', tenant: 'globex', roles: ['compliance'] });
    expect((await call(auditUrl, 'GET', draftsPath, { token: otherCompliance })).status).toBe(404);
  });
});

describe('replay of the audit topic', () => {
  it('replays a window twice byte for byte, filters by lead, and rebuilds a database whose chains verify identically', async () => {
    const db = stack.database('audit');
    const originals = await verifyAuditChains(db);
    expect(originals.every((report) => !report.break)).toBe(true);
    const stored = await records().countDocuments({});
    const window = replayFilterOf({ from: testStarted, to: new Date(Date.now() + 1000).toISOString() });
    const options = {
      client: kafkaClientConfig(stack.environment, 'admin', 'followup-audit-replay'),
      topic: busTopic(stack.environment, Topics.AuditRecorded),
      groupPrefix: stack.environment.KAFKA_TOPIC_PREFIX,
    };
    const progress: string[] = [];
    const first = await replayAuditTopic({ ...options, filter: window, progressEvery: 10, onProgress: (line) => progress.push(line) });
    const second = await replayAuditTopic({ ...options, filter: window });
    const ndjson = async (result: typeof first) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      });
      await writeNdjson(result.records, sink);
      return Buffer.concat(chunks).toString('utf8');
    };
    expect(first.complete).toBe(true);
    expect(first.records).toHaveLength(stored);
    const firstNdjson = await ndjson(first);
    const lines = firstNdjson.trimEnd().split('\n');
    expect(lines).toHaveLength(stored);
    for (const line of lines) expectCanonical(line);
    expect(await ndjson(second)).toBe(firstNdjson);
    expect(first.byTenant).toMatchObject({ acme: await records().countDocuments({ tenant: 'acme' }), 'concurrent-co': 30 });
    expect(progress.at(-1)).toMatch(/^replay: \d+\/\d+ messages \(100\.0%\)/);
    expect(firstNdjson).not.toMatch(/Sarah|sarah\.lee/);

    const lead = await replayAuditTopic({ ...options, filter: { ...window, lead: 'LD-2048', tenant: 'acme' } });
    expect(lead.records.length).toBeGreaterThanOrEqual(5);
    expect(lead.records.every((record) => record.lead_id === 'LD-2048' && record.tenant === 'acme')).toBe(true);

    const client = new mongo.MongoClient(stack.environment.MONGO_URL);
    await client.connect();
    const rebuiltDb = client.db(`${stack.environment.MONGO_DB_PREFIX}audit_rebuilt`);
    try {
      expect(await rebuildAuditDatabase(rebuiltDb, first.records)).toBe(stored);
      const rebuilt = await verifyAuditChains(rebuiltDb);
      const summary = (reports: typeof rebuilt) =>
        reports.map(({ tenant, records: count, last_sequence, last_hash, break: broken }) => ({
          tenant,
          count,
          last_sequence,
          last_hash,
          broken,
        }));
      expect(summary(rebuilt)).toEqual(summary(originals));
      await expect(rebuildAuditDatabase(rebuiltDb, first.records)).rejects.toBeInstanceOf(AuditDatabaseNotEmptyError);
      expect(await rebuildAuditDatabase(rebuiltDb, first.records, { force: true })).toBe(stored);
      expect(await db.collection('audit_records').countDocuments({})).toBe(stored);
    } finally {
      await rebuiltDb.dropDatabase();
      await client.close();
    }
  });

  it('publishes a record whose publication was cut short (outbox relay)', async () => {
    const before = await records().countDocuments({});
    const pending = await records().find({}).sort({ recorded_at: -1 }).limit(1).next();
    // What the topic carries of this record, read by a consumer of the test's own
    const copies: { partition: number; offset: bigint; record: Record<string, unknown> }[] = [];
    const reader = adminKafka('audit-outbox-it').consumer({ groupId: `${stack.environment.KAFKA_TOPIC_PREFIX}audit-outbox-it` });
    await reader.connect();
    try {
      await reader.subscribe({ topic: busTopic(stack.environment, Topics.AuditRecorded), fromBeginning: true });
      await reader.run({
        eachMessage: async ({ partition, message }) => {
          const record = JSON.parse(message.value!.toString('utf8'));
          if (record.hash === pending!.hash) copies.push({ partition, offset: BigInt(message.offset), record });
        },
      });
      const [original] = await eventually(async () => (copies.length > 0 ? copies : undefined));

      await records().updateOne({ _id: pending!._id }, { $set: { outbox_pending: true, recorded_at: pending!.recorded_at } });
      const republished = await eventually(async () =>
        copies.find((copy) => copy.partition === original.partition && copy.offset > original.offset),
      );
      expect(republished.record).toEqual(original.record);
      expect(republished.record).toMatchObject({ tenant: pending!.tenant, sequence: pending!.sequence, hash: pending!.hash });
      const cleared = await eventually(async () => {
        const current = await records().findOne({ _id: pending!._id });
        return current?.outbox_pending === false ? current : undefined;
      });
      expect(cleared.hash).toBe(pending!.hash);
      expect(await records().countDocuments({})).toBe(before);
    } finally {
      await reader.disconnect();
    }
  });
});

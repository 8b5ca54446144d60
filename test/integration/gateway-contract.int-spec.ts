import { sign } from 'jsonwebtoken';
import { Topics } from '@followup/contracts';
import { auditRecordOf } from '../../apps/audit/src/audit-trail/audit-record.schema';
import { SPEC_EXAMPLE_REQUEST, SPEC_SUCCESS_FIELDS, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, eventuallyStored, TestStack } from '../support/stack';

const RATE_LIMIT = 25;
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: RATE_LIMIT, RATE_LIMIT_WINDOW_SECONDS: 60 } });
const RECOMMEND = '/api/v1/ai/followup/recommendation';

let crm: string;
let rep: string;
let otherTenantRep: string;

beforeAll(async () => {
  await stack.start();
  crm = stack.token({ sub: 'crm-integration', tenant: 'acme', roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  otherTenantRep = stack.token({ sub: 'rep-99', tenant: 'globex', roles: ['sales_rep', 'crm'] });
  const created = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() });
  expect(created.status).toBe(201);
});

afterAll(() => stack.close());

describe('POST /api/v1/ai/followup/recommendation', () => {
  it('answers the spec example with exactly the spec fields plus recommendation_id', async () => {
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: SPEC_EXAMPLE_REQUEST,
      headers: { 'x-request-id': 'spec-example-1' },
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(SPEC_SUCCESS_FIELDS);
    expect(response.body).toMatchObject({ recommended_action: 'follow_up', recommended_channel: 'sms', requires_human_approval: true });
    expect(response.body.priority_score).toBeGreaterThanOrEqual(0);
    expect(response.body.priority_score).toBeLessThanOrEqual(100);
    expect(response.body.draft_message).toMatch(/^Hi Sarah, /);
    expect(response.headers.get('x-request-id')).toBe('spec-example-1');
    expect(response.headers.get('x-recommendation-confidence')).toBe('low');

    const stored = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${response.body.recommendation_id}`, {
      token: rep,
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ status: 'completed', lead_id: 'LD-2048', result: { recommended_channel: 'sms' } });
  });

  it("carries the request id into every service's records and persists what each service received", async () => {
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: SPEC_EXAMPLE_REQUEST,
      headers: { 'x-request-id': 'trace-me-42' },
    });
    const id = response.body.recommendation_id;
    const audit = stack.database('audit').collection('audit_records');
    const trail = await eventually(async () => {
      const records = await audit.find({ recommendation_id: id }).toArray();
      const types = records.map((record) => record.event_type);
      return types.includes('recommendation.requested') && types.includes('recommendation.generated') ? records : undefined;
    });
    expect(trail.every((record) => record.request_id === 'trace-me-42')).toBe(true);
    expect(JSON.stringify(trail)).not.toMatch(/Sarah|sarah\.lee/);
    expect(trail.find((record) => record.event_type === 'recommendation.generated')?.ai_service_version).toMatchObject({
      engine: 'deterministic',
    });

    const screening = await eventuallyStored(stack.database('compliance').collection('screenings'), {
      recommendation_id: id,
      stage: 'generated',
    });
    expect(screening).toMatchObject({ request_id: 'trace-me-42', verdict: 'clear' });
    const recommendation = await stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id });
    expect(recommendation).toMatchObject({ status: 'generated', request_id: 'trace-me-42', confidence: 'low' });
    expect(JSON.parse(recommendation?.outcome_event.json).payload.score_factors).toHaveProperty('recency');
    const contact = await eventuallyStored(stack.database('delivery').collection('contacts'), { tenant: 'acme', lead_id: 'LD-2048' });
    expect(contact).toMatchObject({ version: 1, consent: { sms: true } });
  });

  it('generates a request id when the caller sends none', async () => {
    const response = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-2048', { token: rep });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("errors in the spec's body", () => {
  const expectError = (response: { status: number; body: any }, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    expect(Object.keys(response.body)).toEqual(['error']);
  };

  it('400 for a missing field, worded as in the spec', async () => {
    const { lead_id: _, ...withoutLead } = SPEC_EXAMPLE_REQUEST;
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: withoutLead });
    expectError(response, 400, 'INVALID_REQUEST');
    expect(response.body.error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Required field lead_id is missing.',
      details: { missing_fields: ['lead_id'] },
    });
  });

  it.each([
    ['malformed JSON', '{"lead_id": "LD-2048",', 'malformed_json'],
    ['a JSON array', '[1,2]', 'body_not_an_object'],
  ])('400 for %s', async (_, raw, reason) => {
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: raw });
    expectError(response, 400, 'INVALID_REQUEST');
    expect(response.body.error.details.reason).toBe(reason);
  });

  it.each([
    [
      'an unknown channel',
      {
        engagement_history: [
          { type: 'fax', outcome: 'opened' },
          { type: 'sms', outcome: 'replied' },
        ],
      },
      'engagement_history[0].type',
    ],
    [
      'an unknown outcome',
      {
        engagement_history: [
          { type: 'sms', outcome: 'maybe' },
          { type: 'sms', outcome: 'replied' },
        ],
      },
      'engagement_history[0].outcome',
    ],
    ['an impossible date', { last_engagement_date: '2026-02-30' }, 'last_engagement_date'],
    ['a future date', { last_engagement_date: '2099-01-01' }, 'last_engagement_date'],
    ['a wrong type', { engagement_history: 'lots' }, 'engagement_history'],
    ['an unknown tier', { account_tier: 'galactic' }, 'account_tier'],
  ])('400 for %s', async (_, change, field) => {
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, ...change } });
    expectError(response, 400, 'INVALID_REQUEST');
    expect(response.body.error.details.invalid_fields).toContain(field);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['expired', () => stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] }, -10), 'expired'],
    [
      'signed with another secret',
      () => sign({ tenant: 'acme', roles: ['crm'] }, 'x'.repeat(40), { subject: 'a', issuer: 'followup-dev', audience: 'followup-api' }),
      'invalid_signature',
    ],
    [
      'for another audience',
      () =>
        sign({ tenant: 'acme', roles: ['crm'] }, stack.environment.JWT_SECRET, {
          subject: 'a',
          issuer: 'followup-dev',
          audience: 'other-api',
        }),
      'wrong_audience',
    ],
    [
      'unsigned (alg none)',
      () =>
        sign({ tenant: 'acme', roles: ['crm'] }, '', { algorithm: 'none', subject: 'a', issuer: 'followup-dev', audience: 'followup-api' }),
      'unsigned',
    ],
  ])('401 for a token that is %s', async (_, makeToken, reason) => {
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: makeToken?.(), body: SPEC_EXAMPLE_REQUEST });
    expectError(response, 401, 'INVALID_TOKEN');
    expect(response.body.error.details.reason).toBe(reason);
  });

  it('403 when the role may not call the route', async () => {
    const analyst = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
    const response = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-9', { token: analyst, body: leadRecord() });
    expectError(response, 403, 'FORBIDDEN');
  });

  it("404 for an unknown lead and for another tenant's lead", async () => {
    expectError(
      await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-404' } }),
      404,
      'LEAD_NOT_FOUND',
    );
    expectError(
      await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: otherTenantRep, body: SPEC_EXAMPLE_REQUEST }),
      404,
      'LEAD_NOT_FOUND',
    );
    expectError(await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-2048', { token: otherTenantRep }), 404, 'LEAD_NOT_FOUND');
  });

  it("404 for another tenant's recommendation", async () => {
    const mine = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: SPEC_EXAMPLE_REQUEST });
    const theirs = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${mine.body.recommendation_id}`, {
      token: otherTenantRep,
    });
    expectError(theirs, 404, 'RECOMMENDATION_NOT_FOUND');
  });

  it("422 with fewer than two events, and the lead's owner is prompted for more data once a day", async () => {
    const thin = { ...SPEC_EXAMPLE_REQUEST, engagement_history: [{ type: 'sms', outcome: 'replied' }] };
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: crm, body: thin });
    expectError(response, 422, 'INSUFFICIENT_DATA');
    expect(response.body.error.details).toEqual({ minimum_events_required: 2, events_found: 1 });

    // the spec's failure table: "Prompt sales representative to enter more complete lead data"
    const prompts = async () =>
      (await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: rep })).body.items.filter(
        (notice: { lead_id?: string; message: string }) =>
          notice.lead_id === 'LD-2048' && notice.message.includes('no recommendation could be made'),
      );
    const [prompt] = await eventually(async () => ((await prompts()).length > 0 ? await prompts() : undefined));
    expect(prompt).toMatchObject({ kind: 'low_confidence', recipient_role: 'sales_rep', recipient_sub: 'rep-17' });
    expect(prompt.message).toContain('1 engagement event(s) are logged and at least 2 are needed');

    expectError(await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: crm, body: thin }), 422, 'INSUFFICIENT_DATA');
    await stack.allConsumedUpToNow();
    expect(await prompts()).toHaveLength(1);
  });

  it('404 in the same body for an unknown route, and 413 for an oversized body', async () => {
    expectError(await call(stack.gatewayUrl, 'GET', '/api/v1/nothing-here', { token: rep }), 404, 'ROUTE_NOT_FOUND');
    expectError(await call(stack.gatewayUrl, 'GET', '/nothing', {}), 404, 'ROUTE_NOT_FOUND');
    const huge = { ...SPEC_EXAMPLE_REQUEST, recent_activity_summary: 'x'.repeat(400_000) };
    expectError(await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: huge }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('429 per token subject with retry_after_seconds and Retry-After', async () => {
    const flooder = stack.token({ sub: 'flooding-crm', tenant: 'acme', roles: ['crm'] });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i <= RATE_LIMIT; i += 1) {
      const response = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-2048', { token: flooder });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(RATE_LIMIT);
    expect(limited).toBeDefined();
    expectError(limited!, 429, 'RATE_LIMIT_EXCEEDED');
    expect(limited!.body.error.details.retry_after_seconds).toBeGreaterThan(0);
    expect(limited!.headers.get('retry-after')).toBe(String(limited!.body.error.details.retry_after_seconds));
    expect((await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-2048', { token: rep })).status).toBe(200);
  });
});

describe('lead registry', () => {
  it('upserts with a version and rejects consent without a contact', async () => {
    const updated = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-3000', { token: crm, body: leadRecord({ first_name: 'Ana' }) });
    expect(updated.status).toBe(201);
    const again = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-3000', {
      token: crm,
      body: leadRecord({ first_name: 'Ana', account_tier: 'enterprise' }),
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ lead_id: 'LD-3000', version: 2, account_tier: 'enterprise' });
    const unreachable = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-3001', {
      token: crm,
      body: leadRecord({ contacts: { email: 'a@b.co' } }),
    });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error.details.invalid_fields).toEqual(['consent.sms', 'consent.phone_call']);
    const withNulls = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-3002', {
      token: crm,
      body: leadRecord({
        account_tier: null,
        contacts: { email: 'a@b.co', phone: null },
        consent: { sms: false, email: true, phone_call: false },
      }),
    });
    expect(withNulls.status).toBe(400);
    expect(withNulls.body.error.details.invalid_fields).toEqual(['account_tier', 'contacts.phone']);
    const withNulCharacter = await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-3003', {
      token: crm,
      body: leadRecord({ first_name: 'Sa\u0000rah' }),
    });
    expect(withNulCharacter.status).toBe(400);
    expect(withNulCharacter.body.error.details.violations).toEqual({ first_name: ['noNulCharacter'] });
    const contact = await eventuallyStored(stack.database('delivery').collection('contacts'), { lead_id: 'LD-3000', version: 2 });
    expect(contact.contacts.email).toBe('sarah.lee@example.com');
  });
});

describe('dead letters', () => {
  it('dead-letters a malformed event and keeps consuming', async () => {
    await stack.produceRaw(Topics.RecommendationRequested, '{"event_type":"recommendation.requested","payload":{}}');
    await stack.produceRaw(Topics.RecommendationRequested, 'not json at all');
    const deadLetters = await eventually(async () => {
      const found = (await stack.database('audit').collection('audit_records').find({ event_type: 'dead_letter' }).toArray())
        .map(auditRecordOf)
        .filter((record) => record.payload.consumer === 'recommender');
      return found.length >= 2 ? found : undefined;
    });
    expect(deadLetters.map((record) => record.error_code).sort()).toEqual(['unparseable', 'validation_failed']);
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: SPEC_EXAMPLE_REQUEST });
    expect(response.status).toBe(200);
  });
});

describe('OpenAPI document', () => {
  it('documents the routes and every error response in the standard body', async () => {
    const document = await call(stack.gatewayUrl, 'GET', '/api/docs-json');
    expect(document.status).toBe(200);
    const recommend = document.body.paths[RECOMMEND].post;
    expect(Object.keys(recommend.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(recommend.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    // the answer's headers: the low-confidence flag lives only there, so the body stays the spec's
    expect(Object.keys(recommend.responses['200'].headers).sort()).toEqual([
      'Idempotent-Replayed',
      'X-Recommendation-Confidence',
      'X-Request-Id',
    ]);
    // a repeat with the same key is answered from the first request (409 when its fields differ)
    expect(recommend.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(Object.keys(recommend.responses['429'].headers).sort()).toEqual(['Retry-After', 'X-Request-Id']);
    expect(Object.keys(recommend.responses['503'].headers).sort()).toEqual(['Retry-After', 'X-Request-Id']);
    const approve = document.body.paths['/api/v1/ai/followup/recommendations/{recommendation_id}/approve'].post;
    expect(approve.responses).toHaveProperty('413');
    expect(approve.responses).toHaveProperty('415');
    expect(document.body.paths['/api/v1/leads/{lead_id}'].put).toBeDefined();
  });
});

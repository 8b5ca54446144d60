import { randomBytes, randomUUID } from 'node:crypto';
import { LeadUpsertedEvent, RecommendationInput, RecommendationRequestedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { DeadLetterWatcher, ProducedAt } from '../support/dead-letters';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { expectErrorBody, expectErrorShape } from '../support/hostile';
import { call, HttpResult } from '../support/http';
import { eventually, eventuallyStored, TestStack } from '../support/stack';

/** Hostile input at the gateway's HTTP edge and on the Kafka topics its consumers read. */
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
const watcher = new DeadLetterWatcher();
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const LEAD_ID = 'LD-SEC-INPUT';
const OPERATORS: [string, unknown][] = [
  ['$gt', { $gt: '' }],
  ['$ne', { $ne: null }],
  ['$where', { $where: 'sleep(100)' }],
  ['$regex', { $regex: '.*' }],
  ['$in', { $in: [LEAD_ID, 'LD-2048'] }],
  ['an array', [LEAD_ID]],
];

let crm: string;
let rep: string;
let manager: string;
/** What each caller must never see: ids and lead ids of records a widened filter would find. */
const unseen = new Map<string, string[]>();
const validRequest = () => ({ ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD_ID });

beforeAll(async () => {
  await stack.start(['gateway', 'recommender', 'delivery']);
  await watcher.start();
  crm = stack.token({ sub: 'crm-input', tenant: 'acme', roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  manager = stack.token({ sub: 'manager-input', tenant: 'acme', roles: ['sales_manager'] });
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, { token: crm, body: leadRecord() })).status).toBe(201);
  await seedOtherRecords();
});

async function recommendAs(token: string, leadId: string): Promise<string> {
  const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: leadId } });
  expect(response.status).toBe(200);
  return response.body.recommendation_id;
}

/**
 * Records an injected filter would match if it widened the query, all through the API: another rep's lead,
 * recommendation and notice in the tenant; the same rep sub's lead, recommendation and notice in another
 * tenant; and the rep's own recommendations in two lifecycle states (pending_review, and approved, which
 * waits in compliance_check as no compliance service runs here).
 */
async function seedOtherRecords() {
  const otherRep = stack.token({ sub: 'rep-18', tenant: 'acme', roles: ['sales_rep'] });
  const otherTenantCrm = stack.token({ sub: 'crm-input', tenant: 'globex', roles: ['crm'] });
  const otherTenantRep = stack.token({ sub: 'rep-17', tenant: 'globex', roles: ['sales_rep'] });
  const put = (token: string, leadId: string, owner: string) =>
    call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token, body: leadRecord({ owner_rep_id: owner }) });
  expect((await put(crm, 'LD-SEC-REP18', 'rep-18')).status).toBe(201);
  expect((await put(otherTenantCrm, 'LD-SEC-GLOBEX', 'rep-17')).status).toBe(201);

  const ownPending = await recommendAs(rep, LEAD_ID);
  const ownApproved = await recommendAs(rep, LEAD_ID);
  expect((await call(stack.gatewayUrl, 'POST', `${RECOMMENDATIONS}/${ownApproved}/approve`, { token: rep })).status).toBe(200);
  const otherRepsRecommendation = await recommendAs(otherRep, 'LD-SEC-REP18');
  const otherTenantsRecommendation = await recommendAs(otherTenantRep, 'LD-SEC-GLOBEX');

  // Each owner sees their own: the records are there to be found. Every low-confidence notice has arrived,
  // so the lists the test compares do not change under it.
  for (const [token, id, pending] of [
    [rep, ownPending, true],
    [rep, ownApproved, false],
    [otherRep, otherRepsRecommendation, true],
    [otherTenantRep, otherTenantsRecommendation, true],
  ] as const) {
    await eventually(async () => {
      const notices = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token });
      return notices.body.items.some((notice: { recommendation_id: string }) => notice.recommendation_id === id) ? true : undefined;
    });
    const queue = await call(stack.gatewayUrl, 'GET', RECOMMENDATIONS, { token });
    expect(queue.body.items.some((item: { recommendation_id: string }) => item.recommendation_id === id)).toBe(pending);
  }
  unseen.set(rep, [otherRepsRecommendation, 'LD-SEC-REP18', otherTenantsRecommendation, 'LD-SEC-GLOBEX']);
  unseen.set(manager, [otherTenantsRecommendation, 'LD-SEC-GLOBEX']);
}

/** The ids and lead ids of `unseen` records that appear anywhere in a response body. */
function leaked(body: unknown, token: string): string[] {
  const text = JSON.stringify(body);
  return unseen.get(token)!.filter((id) => text.includes(id));
}

afterAll(async () => {
  await watcher.stop();
  await stack.close();
});

function expectInvalid(response: HttpResult, field?: string) {
  const details = expectErrorBody(response, 400, 'INVALID_REQUEST');
  const fields = [...((details?.invalid_fields as string[]) ?? []), ...((details?.missing_fields as string[]) ?? [])];
  if (field)
    expect({ field, named: fields.some((named) => named === field || named.startsWith(`${field}[`)) }).toEqual({ field, named: true });
}

async function expectStillAlive() {
  const live = await call(stack.gatewayUrl, 'GET', '/health/live');
  expect(live.status).toBe(200);
  const lead = await call(stack.gatewayUrl, 'GET', `/api/v1/leads/${LEAD_ID}`, { token: rep });
  expect(lead.status).toBe(200);
}

describe('operator injection in bodies, path ids and query strings', () => {
  it.each(OPERATORS)('lead_id as %s in the recommendation body is a 400 naming the field', async (_, operator) => {
    expectInvalid(
      await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...validRequest(), lead_id: operator } }),
      'lead_id',
    );
  });

  it.each(OPERATORS)('nested fields as %s in the recommendation body are a 400', async (_, operator) => {
    const nested: [Record<string, unknown>, string][] = [
      [{ account_tier: operator }, 'account_tier'],
      [{ last_engagement_date: operator }, 'last_engagement_date'],
      [{ recent_activity_summary: operator }, 'recent_activity_summary'],
      [{ engagement_history: operator }, 'engagement_history'],
      [
        {
          engagement_history: [
            { type: operator, outcome: 'replied' },
            { type: 'sms', outcome: 'opened' },
          ],
        },
        'engagement_history[0].type',
      ],
      [
        {
          engagement_history: [
            { type: 'sms', outcome: operator },
            { type: 'sms', outcome: 'opened' },
          ],
        },
        'engagement_history[0].outcome',
      ],
      [
        {
          engagement_history: [
            { type: 'sms', outcome: 'replied', occurred_at: operator },
            { type: 'sms', outcome: 'opened' },
          ],
        },
        '',
      ],
    ];
    for (const [override, field] of nested) {
      const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...validRequest(), ...override } });
      expectInvalid(response, field || undefined);
    }
  });

  it.each(OPERATORS)('lead fields as %s in a lead PUT are a 400 and change nothing', async (_, operator) => {
    for (const override of [
      { owner_rep_id: operator },
      { first_name: operator },
      { account_tier: operator },
      { contacts: operator },
      { contacts: { email: operator } },
      { consent: { sms: operator, email: true, phone_call: true } },
    ]) {
      expectInvalid(await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, { token: crm, body: leadRecord(override) }));
    }
    const lead = await call(stack.gatewayUrl, 'GET', `/api/v1/leads/${LEAD_ID}`, { token: crm });
    expect(lead.body).toMatchObject({ version: 1, owner_rep_id: 'rep-17', first_name: 'Sarah' });
  });

  it('operator-looking path ids are a 400 or a 404, never a match', async () => {
    const ids = ['{"$gt":""}', '{"$ne":null}', '$where', '[$ne]', '.*', '%00', '..%2F..%2Fetc%2Fpasswd'];
    for (const id of ids) {
      for (const [path, notFound] of [
        [`/api/v1/leads/${encodeURIComponent(id)}`, 'LEAD_NOT_FOUND'],
        [`/api/v1/ai/followup/recommendations/${encodeURIComponent(id)}`, 'RECOMMENDATION_NOT_FOUND'],
      ]) {
        const response = await call(stack.gatewayUrl, 'GET', path, { token: rep });
        expect({ path, status: [400, 404].includes(response.status), leaked: leaked(response.body, rep) }).toEqual({
          path,
          status: true,
          leaked: [],
        });
        expectErrorShape(response.body);
        if (response.status === 404) expect(['ROUTE_NOT_FOUND', notFound]).toContain(response.body.error.code);
        if (response.status === 400) expect(response.body.error.code).toBe('INVALID_REQUEST');
      }
    }
    // `.` matches LEAD_ID_PATTERN, so it is looked up literally and is simply not there
    const dot = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/.*', { token: rep });
    expect([400, 404]).toContain(dot.status);
  });

  it('operators in query strings are a 400, or ignored (the same answer as without them), never a match', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/ai/followup/recommendations', 'status[$ne]=x', rep],
      ['/api/v1/ai/followup/recommendations', 'tenant[$ne]=acme', rep],
      ['/api/v1/ai/followup/recommendations', 'owner_rep_id[$ne]=rep-17', rep],
      ['/api/v1/ai/followup/recommendations', 'status[$ne]=pending_review', rep],
      ['/api/v1/ai/followup/recommendations', 'status[$in][]=rejected&status[$in][]=pending_review', rep],
      ['/api/v1/ai/followup/recommendations', 'limit[$gt]=0', rep],
      ['/api/v1/ai/followup/recommendations', 'cursor[$gt]=', rep],
      ['/api/v1/ai/followup/recommendations', 'lead_id[$gt]=', rep],
      ['/api/v1/ai/followup/recommendations', 'status=%7B%22%24ne%22%3A%22x%22%7D', rep],
      ['/api/v1/queues/manual', 'limit[$gt]=0', manager],
      ['/api/v1/queues/manual', 'include_claimed[$ne]=false', manager],
      ['/api/v1/notifications', 'page[$gt]=0', manager],
      ['/api/v1/notifications', 'page_size[$ne]=1', manager],
      ['/api/v1/notifications', 'page[$gt]=0', rep],
      ['/api/v1/notifications', 'recipient_sub[$ne]=rep-17', rep],
      ['/api/v1/notifications', 'tenant[$ne]=acme', rep],
      [`/api/v1/leads/${LEAD_ID}`, 'lead_id[$gt]=', rep],
    ];
    for (const [path, query, token] of cases) {
      const baseline = await call(stack.gatewayUrl, 'GET', path, { token });
      expect({ path, status: baseline.status, leaked: leaked(baseline.body, token) }).toEqual({ path, status: 200, leaked: [] });
      const response = await call(stack.gatewayUrl, 'GET', `${path}?${query}`, { token });
      if (response.status === 400) {
        expectErrorBody(response, 400, 'INVALID_REQUEST');
      } else {
        expect({ query, status: response.status, body: response.body, leaked: leaked(response.body, token) }).toEqual({
          query,
          status: 200,
          body: baseline.body,
          leaked: [],
        });
      }
    }
  });

  it('prototype-pollution keys are stripped and harm nothing', async () => {
    const body = `{"__proto__":{"roles":["admin"],"tenant":"globex"},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(validRequest()).slice(1)}`;
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body });
    expect(response.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
    const forbidden = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, { token: rep, body: leadRecord() });
    expectErrorBody(forbidden, 403, 'FORBIDDEN');
  });
});

describe('oversized and pathological bodies', () => {
  it('a body over HTTP_BODY_LIMIT is 413 PAYLOAD_TOO_LARGE with the limit', async () => {
    const limit = 256 * 1024;
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...validRequest(), recent_activity_summary: 'x'.repeat(limit + 1) },
    });
    expect(expectErrorBody(response, 413, 'PAYLOAD_TOO_LARGE')).toEqual({ limit_bytes: limit });
    const lead = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, {
      token: crm,
      body: leadRecord({ last_name: 'y'.repeat(limit) }),
    });
    expectErrorBody(lead, 413, 'PAYLOAD_TOO_LARGE');
    await expectStillAlive();
  });

  it('1001 engagement events are a 400 naming engagement_history; 1000 are accepted', async () => {
    const events = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ type: 'email', outcome: index % 2 ? 'opened' : 'replied' }));
    expectInvalid(
      await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: { ...validRequest(), engagement_history: events(1001) } }),
      'engagement_history',
    );
    const atLimit = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...validRequest(), engagement_history: events(1000) },
    });
    expect(atLimit.status).toBe(200);
  });

  it('100,000 engagement events are refused in the standard body (413, or 400) and the gateway keeps answering', async () => {
    const history = Array.from({ length: 100_000 }, () => ({ type: 'sms', outcome: 'replied' }));
    const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...validRequest(), engagement_history: history },
    });
    expect([400, 413]).toContain(response.status);
    expectErrorShape(response.body);
    const compact = await call(stack.gatewayUrl, 'POST', `/api/v1/leads/${LEAD_ID}/engagements`, {
      token: crm,
      body: { engagements: history.slice(0, 7000) },
    });
    expect([400, 413]).toContain(compact.status);
    expectErrorShape(compact.body);
    await expectStillAlive();
  });

  it('deeply nested JSON, non-object bodies and other content types are a 4xx in the standard body', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const body of [
      `{"lead_id":${deep}}`,
      `{"lead_id":"${LEAD_ID}","recent_activity_summary":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    ]) {
      const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body });
      expectErrorBody(response, 400, 'INVALID_REQUEST');
    }
    // brackets inside strings do not count as nesting
    const bracketsInText = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...validRequest(), recent_activity_summary: `asked about [[[[ ${'['.repeat(500)} \\" {{{{ pricing` },
    });
    expect(bracketsInText.status).toBe(200);
    const attempts: { body: string; type?: string }[] = [
      { body: `{"lead_id":${deep}}` },
      { body: `{"lead_id":"${LEAD_ID}","engagement_history":${deep}}` },
      { body: '[]' },
      { body: '"just a string"' },
      { body: 'null' },
      { body: '{"lead_id": "LD-1",' },
      { body: '\u0000\u0001\u0002' },
      { body: 'lead_id=LD-1', type: 'application/x-www-form-urlencoded' },
      { body: validRequestText(), type: 'text/plain' },
      { body: validRequestText(), type: 'application/json; charset=utf-16' },
    ];
    for (const attempt of attempts) {
      const response = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
        token: rep,
        body: attempt.body,
        headers: attempt.type ? { 'content-type': attempt.type } : {},
      });
      expect({ attempt: attempt.body.slice(0, 40), client: response.status >= 400 && response.status < 500 }).toEqual({
        attempt: attempt.body.slice(0, 40),
        client: true,
      });
      expectErrorShape(response.body);
    }
    await expectStillAlive();
  });
});

function validRequestText(): string {
  return JSON.stringify(validRequest());
}

describe('malformed Kafka events are dead-lettered and the consumers keep going', () => {
  const requested = (mutate: (event: any) => void) => {
    const { lead_id, ...input } = validRequest();
    const event: any = JSON.parse(
      JSON.stringify(
        createEvent(
          RecommendationRequestedEvent,
          'gateway',
          { request_id: 'hostile-event', tenant: 'acme', actor: { kind: 'user', id: 'rep-17' } },
          {
            recommendation_id: randomUUID(),
            lead: { lead_id, first_name: 'Sarah', owner_rep_id: 'rep-17', consent: { sms: true, email: true, phone_call: true } },
            input: input as RecommendationInput,
            requested_at: new Date().toISOString(),
          },
        ),
      ),
    );
    mutate(event);
    return JSON.stringify(event);
  };
  const upserted = (mutate: (event: any) => void) => {
    const event: any = JSON.parse(
      JSON.stringify(
        createEvent(
          LeadUpsertedEvent,
          'gateway',
          { request_id: 'hostile-event', tenant: 'acme', actor: { kind: 'user', id: 'crm-input' } },
          {
            lead_id: 'LD-HOSTILE',
            first_name: 'Sarah',
            owner_rep_id: 'rep-17',
            contacts: { email: 'sarah@example.com' },
            consent: { sms: false, email: true, phone_call: false },
            version: 1,
            updated_at: new Date().toISOString(),
          },
        ),
      ),
    );
    mutate(event);
    return JSON.stringify(event);
  };

  const hostileValues = (build: (mutate: (event: any) => void) => string, payloadField: string): [string, Buffer | string][] => [
    ['garbage bytes', randomBytes(64)],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0xc3, 0x28])],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"recommendation.requested"'],
    ['JSON of the wrong shape', '{"hello":"world"}'],
    ['a valid envelope with an operator in the payload', build((event) => (event.payload[payloadField] = { $gt: '' }))],
    ['a valid envelope with a wrong event_version', build((event) => (event.event_version = 99))],
    ['a valid envelope with a tenant that is an object', build((event) => (event.tenant = { $ne: null }))],
  ];

  it.each([
    ['RecommendationRequested', Topics.RecommendationRequested, 'recommender', () => hostileValues(requested, 'recommendation_id')],
    ['LeadUpserted', Topics.LeadUpserted, 'delivery', () => hostileValues(upserted, 'lead_id')],
  ] as const)('on %s', async (_, topic, consumer, values) => {
    const produced: [string, ProducedAt][] = [];
    for (const [label, value] of values()) produced.push([label, await watcher.produce(topic, value, 'LD-HOSTILE')]);

    const missing = await eventually(async () => {
      const notYet = produced.filter(([, at]) => !watcher.for(at).some((letter) => letter.consumer === consumer));
      return notYet.length === 0 ? [] : undefined;
    }, 60_000).catch(() =>
      produced.filter(([, at]) => !watcher.for(at).some((letter) => letter.consumer === consumer)).map(([label]) => label),
    );
    expect(missing).toEqual([]);
    for (const [, at] of produced) {
      const letters = watcher.for(at).filter((letter) => letter.consumer === consumer);
      expect(letters).toHaveLength(1);
      expect(['unparseable', 'validation_failed']).toContain(letters[0].reason);
      expect(JSON.stringify(letters[0].problems)).not.toContain('Sarah');
    }

    // the consumers keep going: a valid request and a valid lead afterwards still go through
    const recommended = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: validRequest() });
    expect(recommended.status).toBe(200);
    const leadId = `LD-AFTER-${consumer}`;
    expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord() })).status).toBe(201);
    await eventuallyStored(stack.database('delivery').collection('contacts'), { tenant: 'acme', lead_id: leadId });
  });

  it('a tombstone (null value) does not stop the recommender', async () => {
    const at = await watcher.produce(Topics.RecommendationRequested, null, 'LD-HOSTILE');
    const recommended = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: rep, body: validRequest() });
    expect(recommended.status).toBe(200);
    // dead-lettered like any other message that is not an event; never a crash
    const letters = await eventually(async () => (watcher.for(at).length > 0 ? watcher.for(at) : undefined));
    expect(letters).toHaveLength(1);
    expect(['unparseable', 'validation_failed']).toContain(letters[0].reason);
  });
});

import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ERASING_SERVICES, ERASURE_REQUESTER, ErasureRequestedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { LeadView } from '../../apps/gateway/src/leads/lead-view';
import { InstanceReplyListener } from '../../apps/gateway/src/recommendations/instance-reply-listener';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * Two gateway instances, each with its own in-memory view of the leads (LeadView). What is written through one
 * is served and enforced by the other once its view consumed the announcement, and an erased lead leaves both.
 */
const TENANT = 'acme';
const LEAD = 'LD-3001';
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
let first: INestApplication;
let second: INestApplication;
let crm: string;
let rep17: string;
let rep99: string;
let recommendationOfRep17: string;

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
const held = (app: INestApplication) => app.get(LeadView).find(TENANT, LEAD);
const heldAt = (app: INestApplication, version: number) => eventually(async () => (held(app)?.version === version ? true : undefined));
const recommend = (app: INestApplication, token: string) =>
  call(urlOf(app), 'POST', RECOMMEND, { token, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD } });

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  first = stack.app('gateway');
  second = await stack.startExtraInstance('gateway');
  for (const app of [first, second]) await Promise.all([app.get(LeadView).ready, app.get(InstanceReplyListener).fetching]);
  crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  rep17 = stack.token({ sub: 'rep-17', tenant: TENANT, roles: ['sales_rep'] });
  rep99 = stack.token({ sub: 'rep-99', tenant: TENANT, roles: ['sales_rep'] });
}, 60_000);

afterAll(() => stack.close());

it("serves a lead stored through one instance to the other's recommendation request, as stored", async () => {
  const stored = await call(urlOf(first), 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord() });
  expect(stored.status).toBe(201);
  // the writing instance holds it at once, the other once it consumed the announcement
  expect(held(first)).toMatchObject({ version: 1, owner_rep_id: 'rep-17' });
  await heldAt(second, 1);

  const recommended = await recommend(second, rep17);
  expect(recommended.status).toBe(200);
  recommendationOfRep17 = recommended.body.recommendation_id;
  const [onFirst, onSecond] = await Promise.all(
    [first, second].map((app) => call(urlOf(app), 'GET', `/api/v1/leads/${LEAD}`, { token: rep17 })),
  );
  expect(onSecond.status).toBe(200);
  expect(onSecond.body).toEqual(onFirst.body);
  expect(onSecond.body).toMatchObject({ ...stored.body, suppressions: [] });
}, 30_000);

it('enforces on the other instance an ownership change made through one', async () => {
  const moved = await call(urlOf(first), 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord({ owner_rep_id: 'rep-99' }) });
  expect(moved.status).toBe(200);
  await heldAt(second, 2);

  expect((await recommend(second, rep17)).body).toMatchObject({ error: { code: 'LEAD_NOT_FOUND' } });
  expect((await call(urlOf(second), 'GET', `/api/v1/leads/${LEAD}`, { token: rep17 })).status).toBe(404);
  const approval = await call(urlOf(second), 'POST', `/api/v1/ai/followup/recommendations/${recommendationOfRep17}/approve`, {
    token: rep17,
    body: {},
  });
  expect(approval.body).toMatchObject({ error: { code: 'RECOMMENDATION_NOT_FOUND' } });
  expect((await recommend(second, rep99)).status).toBe(200);
}, 30_000);

it('lets an erased lead go from both views; the other instance reads the record marked erased and finds no lead', async () => {
  const request = createEvent(
    ErasureRequestedEvent,
    ERASURE_REQUESTER,
    { request_id: 'erasure-lead-view', tenant: TENANT, actor: { kind: 'user', id: 'audit-erase', role: 'admin' } },
    {
      erasure_id: '3b0a4c55-3f1e-4f55-9a3e-3c1c8f0a2d11',
      lead_id: LEAD,
      services: [...ERASING_SERVICES],
      requested_at: new Date().toISOString(),
    },
  );
  await stack.produceRaw(Topics.ErasureRequested, JSON.stringify(request), LEAD);
  const leads = stack.database('gateway').collection('leads');
  // erased in full: the name is blanked one write before the last name and contacts are removed, and each view lets the
  // lead go as it consumes the request, which may be before the instance erasing it has made that second write
  await eventually(async () => {
    const stored = await leads.findOne({ tenant: TENANT, lead_id: LEAD });
    return stored?.first_name === '[erased]' && stored.last_name === undefined ? true : undefined;
  });
  await eventually(async () => (held(first) === undefined && held(second) === undefined ? true : undefined));

  // the record is kept, marked erased, and answers for no one
  expect(await leads.findOne({ tenant: TENANT, lead_id: LEAD })).toMatchObject({ first_name: '[erased]', erased_at: expect.any(Date) });
  const onSecond = await call(urlOf(second), 'GET', `/api/v1/leads/${LEAD}`, { token: rep99 });
  expect([onSecond.status, onSecond.body.error?.code]).toEqual([404, 'LEAD_NOT_FOUND']);
}, 30_000);

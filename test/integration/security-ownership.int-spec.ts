import { NotificationRequestedEvent, Role, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call, HttpResult } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * Within a tenant: a sales rep reaches only the leads they own, with their recommendations, drafts and call
 * tasks; a manager and an admin the tenant's; and every action is recorded under the role that authorised
 * it. Each attack goes over a real socket to the service that owns the data (gateway, audit, delivery,
 * compliance), so no service relies on another to refuse it.
 */
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
const TENANT = 'acme';
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
/** Only a phone call is consented, so an approved draft becomes a call task. */
const PHONE_ONLY = { consent: { sms: false, email: false, phone_call: true } };

const token = (sub: string, roles: Role[]) => stack.token({ sub, tenant: TENANT, roles });
let crm: string;
let repA: string;
let repB: string;
let manager: string;
let admin: string;
let analyst: string;

const gateway = (method: string, path: string, as: string, body?: unknown) => call(stack.gatewayUrl, method, path, { token: as, body });
const audit = (path: string, as: string) => call(stack.serviceUrl('audit'), 'GET', path, { token: as });
const tasks = (as: string) => call(stack.serviceUrl('delivery'), 'GET', '/api/v1/tasks?page_size=100', { token: as });
const compliance = (method: string, path: string, as: string, body?: unknown) =>
  call(stack.serviceUrl('compliance'), method, path, { token: as, body });

function expectNotFound(label: string, response: HttpResult, code: string) {
  expect({ label, status: response.status, code: response.body?.error?.code }).toEqual({ label, status: 404, code });
}

async function upsertLead(leadId: string, owner: string): Promise<number> {
  const response = await gateway('PUT', `/api/v1/leads/${leadId}`, crm, leadRecord({ ...PHONE_ONLY, owner_rep_id: owner }));
  expect([200, 201]).toContain(response.status);
  return response.body.version;
}

/** Waits until delivery's contact directory holds this version of the lead (it learns owners from lead.upserted). */
function deliveryKnows(leadId: string, version: number) {
  return eventually(async () => {
    const contact = await stack.database('delivery').collection('contacts').findOne({ tenant: TENANT, lead_id: leadId });
    return contact && contact.version === version ? contact : undefined;
  });
}

async function recommend(leadId: string, as: string): Promise<string> {
  const response = await gateway('POST', RECOMMEND, as, { ...SPEC_EXAMPLE_REQUEST, lead_id: leadId });
  expect(response.status).toBe(200);
  return response.body.recommendation_id;
}

beforeAll(async () => {
  await stack.start();
  crm = token('crm-1', ['crm']);
  repA = token('rep-a', ['sales_rep']);
  repB = token('rep-b', ['sales_rep']);
  manager = token('mgr-1', ['sales_manager']);
  admin = token('admin-1', ['admin']);
  analyst = token('analyst-1', ['analyst']);
});

afterAll(() => stack.close());

describe("a sales rep and another rep's lead", () => {
  let recommendationId: string;

  beforeAll(async () => {
    await upsertLead('LD-OWN-A', 'rep-a');
    recommendationId = await recommend('LD-OWN-A', repA);
    // the audit service has the generated draft, and knows rep A owns the lead (from the chained lead.upserted), once
    // rep A can read it: a fetch or two after the answer
    await eventually(async () => {
      const drafts = await audit(`/api/v1/audit/recommendations/${recommendationId}/drafts`, repA);
      return drafts.body.drafts?.some((draft: { kind: string }) => draft.kind === 'generated') ? true : undefined;
    });
  });

  it("refuses rep B rep A's lead, recommendation and drafts as if they did not exist", async () => {
    expectNotFound('lead', await gateway('GET', '/api/v1/leads/LD-OWN-A', repB), 'LEAD_NOT_FOUND');
    expectNotFound('recommendation', await gateway('GET', `${RECOMMENDATIONS}/${recommendationId}`, repB), 'RECOMMENDATION_NOT_FOUND');
    expectNotFound('drafts', await audit(`/api/v1/audit/recommendations/${recommendationId}/drafts`, repB), 'RECOMMENDATION_NOT_FOUND');
    expectNotFound(
      'approve',
      await gateway('POST', `${RECOMMENDATIONS}/${recommendationId}/approve`, repB, {}),
      'RECOMMENDATION_NOT_FOUND',
    );
    const queue = await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=100`, repB);
    expect(queue.body).toEqual({ items: [], next_cursor: null });
  });

  it("filters a manager's queue to one rep's leads, and never widens a rep's queue to another's", async () => {
    const queueOf = async (owner: string, as: string) =>
      (await gateway('GET', `${RECOMMENDATIONS}?status=pending_review&limit=100&owner_rep_id=${owner}`, as)).body.items.map(
        (item: { recommendation_id: string }) => item.recommendation_id,
      );
    expect(await queueOf('rep-a', manager)).toContain(recommendationId);
    expect(await queueOf('rep-b', manager)).toEqual([]);
    expect(await queueOf('rep-a', repB)).toEqual([]);
  });

  it('lets the owner rep ask the managers for more data, and refuses rep B as if the recommendation did not exist', async () => {
    const path = `${RECOMMENDATIONS}/${recommendationId}/more-data-requests`;
    expectNotFound('more data', await gateway('POST', path, repB), 'RECOMMENDATION_NOT_FOUND');
    const asked = await gateway('POST', path, repA);
    expect({ status: asked.status, body: asked.body }).toEqual({
      status: 202,
      body: { recommendation_id: recommendationId, requested: true },
    });
    const notice = await eventually(async () => {
      const inbox = await gateway('GET', '/api/v1/notifications', manager);
      return inbox.body.items.find(
        (item: { kind: string; recommendation_id?: string }) =>
          item.kind === 'more_data_requested' && item.recommendation_id === recommendationId,
      );
    });
    expect(notice).toMatchObject({ recipient_role: 'sales_manager', lead_id: 'LD-OWN-A' });
    expect(notice.message).toBe(
      `Lead LD-OWN-A: rep-a asks for more engagement data before deciding on recommendation ${recommendationId}.`,
    );
  });

  it("refuses rep B a recommendation for rep A's lead, and stores no request", async () => {
    const response = await gateway('POST', RECOMMEND, repB, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-OWN-A' });
    expectNotFound('recommend', response, 'LEAD_NOT_FOUND');
    expect(response.body.error.details).toEqual({ lead_id: 'LD-OWN-A' });
    const stored = await stack.database('gateway').collection('recommendation_requests').countDocuments({ requested_by: 'rep-b' });
    expect(stored).toBe(0);
  });

  it('gives rep A, a manager and an admin the lead, the recommendation and its drafts', async () => {
    for (const [who, as] of [
      ['rep A', repA],
      ['manager', manager],
      ['admin', admin],
    ]) {
      const lead = await gateway('GET', '/api/v1/leads/LD-OWN-A', as);
      expect({ who, status: lead.status, owner: lead.body.owner_rep_id }).toEqual({ who, status: 200, owner: 'rep-a' });
      const recommendation = await gateway('GET', `${RECOMMENDATIONS}/${recommendationId}`, as);
      expect({ who, status: recommendation.status, lead: recommendation.body.lead_id }).toEqual({ who, status: 200, lead: 'LD-OWN-A' });
      const drafts = await audit(`/api/v1/audit/recommendations/${recommendationId}/drafts`, as);
      expect({ who, status: drafts.status, kinds: drafts.body.drafts?.map((draft: any) => draft.kind) }).toEqual({
        who,
        status: 200,
        kinds: expect.arrayContaining(['generated']),
      });
      expect(drafts.body.drafts.find((draft: any) => draft.kind === 'generated').text).toBe(recommendation.body.result.draft_message);
    }
    expect((await gateway('POST', RECOMMEND, manager, { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-OWN-A' })).status).toBe(200);
  });
});

it("shows a call task to the lead's current owner only, and to a manager and an admin", async () => {
  await deliveryKnows('LD-OWN-T', await upsertLead('LD-OWN-T', 'rep-a'));
  const recommendationId = await recommend('LD-OWN-T', repA);
  expect((await gateway('POST', `${RECOMMENDATIONS}/${recommendationId}/approve`, repA, {})).status).toBe(200);
  const taskIdsOf = async (as: string) => {
    const response = await tasks(as);
    expect(response.status).toBe(200);
    return response.body.items.filter((task: any) => task.recommendation_id === recommendationId).map((task: any) => task.task_id);
  };
  const [taskId] = await eventually(async () => ((await taskIdsOf(manager)).length === 1 ? taskIdsOf(manager) : undefined));
  expect(await taskIdsOf(admin)).toEqual([taskId]);
  expect(await taskIdsOf(repA)).toEqual([taskId]);
  expect(await taskIdsOf(repB)).toEqual([]);

  // The CRM hands the lead to rep B: the task (the approved draft as talking points) goes with it.
  await deliveryKnows('LD-OWN-T', await upsertLead('LD-OWN-T', 'rep-b'));
  expect(await taskIdsOf(repA)).toEqual([]);
  expect(await taskIdsOf(repB)).toEqual([taskId]);
  expectNotFound('lead after handover', await gateway('GET', '/api/v1/leads/LD-OWN-T', repA), 'LEAD_NOT_FOUND');
  expect((await gateway('GET', `${RECOMMENDATIONS}/${recommendationId}`, repB)).status).toBe(200);
});

it("shows a rep's notification about a lead to the lead's current owner only, and hands it over with the lead", async () => {
  await upsertLead('LD-OWN-N', 'rep-a');
  const notification = createEvent(
    NotificationRequestedEvent,
    'recommender',
    { request_id: 'own-n-1', tenant: TENANT, actor: { kind: 'service', id: 'recommender' } },
    { kind: 'low_confidence', recipient_role: 'sales_rep', recipient_sub: 'rep-a', lead_id: 'LD-OWN-N', message: 'Too little data.' },
  );
  await stack.produceRaw(Topics.NotificationRequested, JSON.stringify(notification), 'LD-OWN-N');
  const idsOf = async (as: string) =>
    (await gateway('GET', '/api/v1/notifications?page_size=100', as)).body.items
      .filter((item: { lead_id?: string }) => item.lead_id === 'LD-OWN-N')
      .map((item: { notification_id: string }) => item.notification_id);
  const [id] = await eventually(async () => ((await idsOf(repA)).length === 1 ? idsOf(repA) : undefined));
  expect(await idsOf(repB)).toEqual([]);

  // The CRM hands the lead to rep B: the notification about it goes with it.
  await upsertLead('LD-OWN-N', 'rep-b');
  expect(await idsOf(repA)).toEqual([]);
  expect(await idsOf(repB)).toEqual([id]);
  expectNotFound('mark read after handover', await gateway('POST', `/api/v1/notifications/${id}/read`, repA), 'NOTIFICATION_NOT_FOUND');
  expect((await gateway('POST', `/api/v1/notifications/${id}/read`, repB)).status).toBe(200);
});

it("records an admin's release of a blocked draft as the admin's, and a rep's approval as the rep's", async () => {
  await upsertLead('LD-OWN-E', 'rep-a');
  const recommendationId = await recommend('LD-OWN-E', repA);
  const approved = await gateway('POST', `${RECOMMENDATIONS}/${recommendationId}/approve`, repA, {
    draft_message: 'Hi Sarah, my SSN is 219-09-9999.',
  });
  expect(approved.status).toBe(200);
  const open = await eventually(async () => {
    const response = await compliance('GET', '/api/v1/compliance/escalations?status=open&limit=100', admin);
    return response.body.items?.find((item: any) => item.recommendation_id === recommendationId);
  });
  const released = await compliance('POST', `/api/v1/compliance/escalations/${open.escalation_id}/resolve`, admin, {
    resolution: 'release',
  });
  expect(released.status).toBe(200);
  expect(released.body).toMatchObject({ status: 'released', resolved_by: 'admin-1', resolved_by_role: 'admin' });

  const actorOf = (action: string) =>
    eventually(async () => {
      const response = await audit(`/api/v1/audit/events?recommendation_id=${recommendationId}&action=${action}`, analyst);
      return response.body.items?.[0]?.actor;
    });
  expect(await actorOf('compliance.pre_delivery.clear')).toEqual({ kind: 'user', id: 'admin-1', role: 'admin' });
  expect(await actorOf('recommendation.edited_and_approved')).toEqual({ kind: 'user', id: 'rep-a', role: 'sales_rep' });
});

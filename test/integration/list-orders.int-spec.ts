import { ErrorCode } from '@followup/contracts';
import { call } from '../support/http';
import { TestStack } from '../support/stack';
import { storedEscalation, storedRecommendation } from '../support/stored-records';

/**
 * The long lists read in the order a screen needs, page by page over the gateway's socket, on the real database:
 * the review queue by priority and by latest change, the manual queue past one page, the compliance cases by latest
 * decision. The records are stored directly (their workflow is covered elsewhere) with ties and missing values, and
 * each expected order is worked out by hand from the rows below. Pages of 2, so every tie falls across a page.
 */
const TENANT = 'ordered';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const ESCALATIONS = '/api/v1/compliance/escalations';
const MANUAL_QUEUE = '/api/v1/queues/manual';

const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
let manager: string;
let officer: string;

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
const id = (name: string) => `00000000-0000-4000-8000-0000000000${name}`;

const recommendation = (name: string, fields: { score?: number; created: number; changed?: number; legacy?: boolean; tenant?: string }) =>
  storedRecommendation({
    recommendationId: id(name),
    tenant: fields.tenant ?? TENANT,
    createdAt: at(fields.created),
    score: fields.score,
    lifecycle: fields.legacy ? undefined : 'pending_review',
    changedAt: fields.changed === undefined ? undefined : at(fields.changed),
  });
/** Waiting for the recommender's answer: no result, so no score. */
function requested(name: string, created: number) {
  const record: Record<string, unknown> = {
    ...storedRecommendation({ recommendationId: id(name), tenant: TENANT, createdAt: at(created), score: 0, lifecycle: 'requested' }),
    status: 'pending',
  };
  delete record.result;
  return record;
}
const failedRequest = (name: string, created: number, claimed = false) =>
  storedRecommendation({ recommendationId: id(name), tenant: TENANT, createdAt: at(created), claimedBy: claimed ? 'mgr-9' : undefined });
const escalation = (name: string, raised: number, resolved?: { at: number; resolution: 'release' | 'discard' }) =>
  storedEscalation({
    escalationId: id(name),
    tenant: TENANT,
    raisedAt: at(raised),
    resolved: resolved && { at: at(resolved.at), resolution: resolved.resolution },
  });

/** Every page of a list, two at a time: the ids in the order given. */
async function pagedIds(path: string, token: string, idField: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(stack.gatewayUrl, 'GET', `${path}${separator}limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    ids.push(...page.body.items.map((item: Record<string, string>) => item[idField]));
    cursor = page.body.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  await stack.start(['compliance']);
  await stack.startService('gateway', { COMPLIANCE_URL: stack.serviceUrl('compliance') });
  manager = stack.token({ sub: 'mgr-1', tenant: TENANT, roles: ['sales_manager'] });
  officer = stack.token({ sub: 'cmp-1', tenant: TENANT, roles: ['compliance'] });
  await stack
    .database('gateway')
    .collection('recommendation_requests')
    .insertMany([
      recommendation('a1', { score: 90, created: 0, changed: 20 }),
      recommendation('a2', { score: 70, created: 1, changed: 50 }),
      recommendation('a3', { score: 90, created: 2, changed: 50 }),
      recommendation('a4', { score: 70, created: 1, changed: 10 }),
      recommendation('a5', { score: 55, created: 3, legacy: true }),
      // neither listed: another tenant's, and one past review
      recommendation('a6', { score: 99, created: 4, tenant: 'elsewhere' }),
      { ...recommendation('a7', { score: 99, created: 4 }), lifecycle: 'delivered' },
      requested('c2', 9),
      requested('c1', 9),
      requested('c3', 8),
      failedRequest('b1', 5),
      failedRequest('b2', 7),
      failedRequest('b3', 6, true),
      failedRequest('b4', 8),
    ]);
  await stack
    .database('compliance')
    .collection('escalations')
    .insertMany([
      escalation('e1', 0),
      escalation('e2', 1, { at: 30, resolution: 'release' }),
      escalation('e3', 2, { at: 30, resolution: 'discard' }),
      escalation('e4', 3, { at: 10, resolution: 'release' }),
      escalation('e5', 4),
    ]);
}, 60_000);

afterAll(() => stack.close());

describe('the review queue in the order asked for', () => {
  it('oldest first by default: by creation, a tie by id', async () => {
    expect(await pagedIds(RECOMMENDATIONS, manager, 'recommendation_id')).toEqual(['a1', 'a2', 'a4', 'a3', 'a5'].map(id));
  });

  it('highest priority first: by score, a tie oldest first, then by id', async () => {
    expect(await pagedIds(`${RECOMMENDATIONS}?order=highest_priority_first`, manager, 'recommendation_id')).toEqual(
      ['a1', 'a3', 'a2', 'a4', 'a5'].map(id),
    );
  });

  it('latest change first: a tie by id, newest first; one answered before lifecycles existed (no change time) last', async () => {
    expect(await pagedIds(`${RECOMMENDATIONS}?order=latest_change_first`, manager, 'recommendation_id')).toEqual(
      ['a3', 'a2', 'a1', 'a4', 'a5'].map(id),
    );
  });

  it('highest priority first among recommendations without a score (before the answer): oldest first, a tie by id', async () => {
    expect(await pagedIds(`${RECOMMENDATIONS}?status=requested&order=highest_priority_first`, manager, 'recommendation_id')).toEqual(
      ['c3', 'c1', 'c2'].map(id),
    );
  });

  it('refuses a cursor taken in another order, and an order it does not know, with 400', async () => {
    const first = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}?limit=2`, { token: manager });
    const other = await call(
      stack.gatewayUrl,
      'GET',
      `${RECOMMENDATIONS}?order=highest_priority_first&limit=2&cursor=${first.body.next_cursor}`,
      {
        token: manager,
      },
    );
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ code: ErrorCode.InvalidRequest, details: { invalid_fields: ['cursor'] } });
    // an empty cursor is no cursor: the first page
    const empty = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}?limit=2&cursor=`, { token: manager });
    expect(empty.body.items.map((item: { recommendation_id: string }) => item.recommendation_id)).toEqual(['a1', 'a2'].map(id));
    const unknown = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}?order=newest_first`, { token: manager });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.invalid_fields).toEqual(['order']);
  });
});

it('the manual queue continues past a page with its cursor, oldest first, claimed requests only when asked for', async () => {
  expect(await pagedIds(MANUAL_QUEUE, manager, 'recommendation_id')).toEqual(['b1', 'b2', 'b4'].map(id));
  expect(await pagedIds(`${MANUAL_QUEUE}?include_claimed=true`, manager, 'recommendation_id')).toEqual(['b1', 'b3', 'b2', 'b4'].map(id));
});

it("compliance's cases latest decision first: a tie by id, newest first; open cases last", async () => {
  expect(await pagedIds(`${ESCALATIONS}?order=latest_decision_first`, officer, 'escalation_id')).toEqual(
    ['e3', 'e2', 'e4', 'e5', 'e1'].map(id),
  );
  expect(await pagedIds(ESCALATIONS, officer, 'escalation_id')).toEqual(['e1', 'e2', 'e3', 'e4', 'e5'].map(id));
});

import { randomUUID } from 'node:crypto';
import { Role, ROLES } from '@followup/contracts';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { expectErrorBody, expectErrorShape } from '../support/hostile';
import { call, HttpResult } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * Every operation of the gateway's OpenAPI document (read at test time, so a new route is covered the day
 * it is added) × every role × another tenant. Expectations for the routes that exist today are written
 * down below from the controllers; a route not in the table must at least agree with its own 403 details.
 */
const stack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000 } });
const LEAD_ID = 'LD-SEC-ACCESS';
/** The acme sales rep's token has this sub (`${role}-acme`): the seeded lead is theirs, so every role reaches it. */
const OWNER = 'sales_rep-acme';

const EXPECTED_ROLES: Record<string, readonly Role[]> = {
  'PUT /api/v1/leads/{lead_id}': ['crm', 'admin'],
  'GET /api/v1/leads/{lead_id}': ['crm', 'sales_rep', 'sales_manager', 'admin'],
  'POST /api/v1/leads/{lead_id}/engagements': ['crm', 'admin'],
  'POST /api/v1/ai/followup/recommendation': ['crm', 'sales_rep', 'sales_manager', 'admin'],
  'GET /api/v1/ai/followup/recommendations/{recommendation_id}': ['crm', 'sales_rep', 'sales_manager', 'admin'],
  'GET /api/v1/ai/followup/recommendations': ['sales_rep', 'sales_manager', 'admin'],
  'POST /api/v1/ai/followup/recommendations/{recommendation_id}/approve': ['sales_rep', 'sales_manager', 'admin'],
  'POST /api/v1/ai/followup/recommendations/{recommendation_id}/reject': ['sales_rep', 'sales_manager', 'admin'],
  'POST /api/v1/ai/followup/recommendations/{recommendation_id}/more-data-requests': ['sales_rep', 'sales_manager', 'admin'],
  'GET /api/v1/dashboard': ['sales_manager', 'admin'],
  'GET /api/v1/queues/manual': ['sales_manager', 'admin'],
  'POST /api/v1/queues/manual/{recommendation_id}/retry': ['sales_manager', 'admin'],
  'POST /api/v1/queues/manual/{recommendation_id}/claim': ['sales_manager', 'admin'],
  'GET /api/v1/notifications': ['sales_rep', 'sales_manager', 'compliance', 'admin'],
  'POST /api/v1/notifications/{notification_id}/read': ['sales_rep', 'sales_manager', 'compliance', 'admin'],
  // forwarded by the gateway; the owning service decides
  'GET /api/v1/compliance/escalations': ['compliance', 'admin'],
  'POST /api/v1/compliance/escalations/{escalation_id}/resolve': ['compliance', 'admin'],
  'GET /api/v1/tasks': ['sales_rep', 'sales_manager', 'admin'],
  'GET /api/v1/suppressions': ['crm', 'sales_manager', 'compliance', 'admin'],
  'POST /api/v1/suppressions': ['crm', 'sales_manager', 'admin'],
  'GET /api/v1/sending-policy': ['sales_manager', 'admin'],
  'PUT /api/v1/sending-policy': ['sales_manager', 'admin'],
  'GET /api/v1/audit/events': ['analyst', 'admin'],
  'GET /api/v1/audit/recommendations/{id}/timeline': ['analyst', 'admin'],
  'GET /api/v1/audit/recommendations/{id}/drafts': ['sales_rep', 'sales_manager', 'compliance', 'admin'],
  'GET /api/v1/audit/checkpoints': ['analyst', 'admin'],
  'GET /api/v1/audit/verification': ['analyst', 'admin'],
  'POST /api/v1/audit/checkpoints': ['analyst', 'admin'],
};

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  hasBody: boolean;
}

let operations: Operation[] = [];
let recommendationId: string;
const tokens = {} as Record<Role, string>;
const otherTenant = {} as Record<Role, string>;

/** A value for each path parameter: the seeded lead, and ids that exist nowhere for the rest (no state changes). */
function concretePath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? (name === 'lead_id' ? LEAD_ID : name.endsWith('_id') ? randomUUID() : 'x')),
  );
}

beforeAll(async () => {
  await stack.start(['recommender', 'compliance', 'delivery', 'audit']);
  await stack.startService('gateway', {
    COMPLIANCE_URL: stack.serviceUrl('compliance'),
    DELIVERY_URL: stack.serviceUrl('delivery'),
    AUDIT_URL: stack.serviceUrl('audit'),
  });
  for (const role of ROLES) {
    tokens[role] = stack.token({ sub: `${role}-acme`, tenant: 'acme', roles: [role] });
    otherTenant[role] = stack.token({ sub: `${role}-globex`, tenant: 'globex', roles: [role] });
  }
  expect(
    (await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, { token: tokens.crm, body: leadRecord({ owner_rep_id: OWNER }) }))
      .status,
  ).toBe(201);
  const recommended = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
    token: tokens.sales_rep,
    body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD_ID },
  });
  expect(recommended.status).toBe(200);
  recommendationId = recommended.body.recommendation_id;

  // the other tenant's attempts below mean something only once the audit trail holds this recommendation
  await eventually(async () => {
    const timeline = await call(stack.gatewayUrl, 'GET', `/api/v1/audit/recommendations/${recommendationId}/timeline`, {
      token: tokens.analyst,
    });
    return timeline.status === 200 ? timeline : undefined;
  });

  const document = await call(stack.gatewayUrl, 'GET', '/api/docs-json');
  expect(document.status).toBe(200);
  expect(document.body['x-undocumented-services']).toBeUndefined();
  const globalSecurity = document.body.security;
  operations = Object.entries<Record<string, any>>(document.body.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        secured: (operation.security ?? globalSecurity ?? []).length > 0,
        hasBody: operation.requestBody !== undefined,
      })),
  );
});

afterAll(() => stack.close());

function expectNoServerError(label: string, response: HttpResult) {
  expect({ label, status: response.status < 500 ? 'not 5xx' : response.status }).toEqual({ label, status: 'not 5xx' });
  if (response.status >= 400) expectErrorShape(response.body);
}

it('reads the operations from the OpenAPI document, including every route in the expectations table', () => {
  const found = operations.map((operation) => `${operation.method} ${operation.path}`);
  expect(found.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED_ROLES).length);
  expect(found).toEqual(expect.arrayContaining(Object.keys(EXPECTED_ROLES)));
});

it('every operation × every role: never 5xx, and exactly the expected roles get past the role check', async () => {
  const observed: Record<string, Role[]> = {};
  const untabled: string[] = [];
  for (const operation of operations.filter((candidate) => candidate.secured)) {
    const key = `${operation.method} ${operation.path}`;
    const allowed: Role[] = [];
    let requiredRoles: string[] | undefined;
    for (const role of ROLES) {
      const response = await call(stack.gatewayUrl, operation.method, concretePath(operation.path), {
        token: tokens[role],
        body: operation.hasBody ? {} : undefined,
      });
      expectNoServerError(`${key} as ${role}`, response);
      if (response.status === 403) {
        const details = expectErrorBody(response, 403, 'FORBIDDEN');
        requiredRoles = details?.required_roles as string[];
        expect(requiredRoles).not.toContain(role);
      } else {
        allowed.push(role);
      }
    }
    observed[key] = allowed;
    if (requiredRoles) expect({ key, allowed: [...allowed].sort() }).toEqual({ key, allowed: [...requiredRoles].sort() });
    if (!EXPECTED_ROLES[key]) untabled.push(key);
  }
  const expected = Object.fromEntries(
    Object.entries(EXPECTED_ROLES)
      .filter(([key]) => key in observed)
      .map(([key, roles]) => [key, [...roles].sort()]),
  );
  const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, [...observed[key]].sort()]));
  expect(actual).toEqual(expected);
  if (untabled.length > 0)
    process.stderr.write(`routes without a row in EXPECTED_ROLES (checked for consistency only): ${untabled.join(', ')}\n`);
});

it('every secured operation refuses a caller without a token: 401 INVALID_TOKEN, reason missing', async () => {
  for (const operation of operations.filter((candidate) => candidate.secured)) {
    const response = await call(stack.gatewayUrl, operation.method, concretePath(operation.path), {
      body: operation.hasBody ? {} : undefined,
    });
    expect({ operation: `${operation.method} ${operation.path}`, status: response.status }).toMatchObject({ status: 401 });
    expect(expectErrorBody(response, 401, 'INVALID_TOKEN')).toEqual({ reason: 'missing' });
  }
});

it('public operations (if the document has any) never answer 5xx', async () => {
  for (const operation of operations.filter((candidate) => !candidate.secured)) {
    expectNoServerError(
      `${operation.method} ${operation.path}`,
      await call(stack.gatewayUrl, operation.method, concretePath(operation.path)),
    );
  }
});

describe("another tenant's lead and recommendation are 404, whatever the role", () => {
  it.each(['admin', 'crm', 'sales_manager', 'sales_rep'] as Role[])('as %s of another tenant', async (role) => {
    const token = otherTenant[role];
    const attempts: [string, string, string, unknown, string][] = [
      ['GET', `/api/v1/leads/${LEAD_ID}`, 'LEAD_NOT_FOUND', undefined, 'crm sales_rep sales_manager admin'],
      [
        'POST',
        `/api/v1/leads/${LEAD_ID}/engagements`,
        'LEAD_NOT_FOUND',
        { engagements: [{ type: 'sms', outcome: 'replied' }] },
        'crm admin',
      ],
      [
        'POST',
        '/api/v1/ai/followup/recommendation',
        'LEAD_NOT_FOUND',
        { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD_ID },
        'crm sales_rep sales_manager admin',
      ],
      [
        'GET',
        `/api/v1/ai/followup/recommendations/${recommendationId}`,
        'RECOMMENDATION_NOT_FOUND',
        undefined,
        'crm sales_rep sales_manager admin',
      ],
      [
        'POST',
        `/api/v1/ai/followup/recommendations/${recommendationId}/approve`,
        'RECOMMENDATION_NOT_FOUND',
        {},
        'sales_rep sales_manager admin',
      ],
      [
        'POST',
        `/api/v1/ai/followup/recommendations/${recommendationId}/reject`,
        'RECOMMENDATION_NOT_FOUND',
        { reason: 'Not interested.' },
        'sales_rep sales_manager admin',
      ],
      ['POST', `/api/v1/queues/manual/${recommendationId}/retry`, 'RECOMMENDATION_NOT_FOUND', undefined, 'sales_manager admin'],
      ['POST', `/api/v1/queues/manual/${recommendationId}/claim`, 'RECOMMENDATION_NOT_FOUND', undefined, 'sales_manager admin'],
      ['GET', `/api/v1/audit/recommendations/${recommendationId}/timeline`, 'RECOMMENDATION_NOT_FOUND', undefined, 'admin'],
      ['GET', `/api/v1/audit/recommendations/${recommendationId}/drafts`, 'RECOMMENDATION_NOT_FOUND', undefined, 'sales_manager admin'],
    ];
    for (const [method, path, code, body, roles] of attempts) {
      if (!roles.split(' ').includes(role)) continue;
      const response = await call(stack.gatewayUrl, method, path, { token, body });
      expect({ method, path, status: response.status, code: response.body?.error?.code }).toEqual({ method, path, status: 404, code });
      expectErrorShape(response.body);
      expect(JSON.stringify(response.body)).not.toContain('Sarah');
    }
    if (['sales_rep', 'sales_manager', 'admin'].includes(role)) {
      for (const status of ['pending_review', 'compliance_check', 'rejected']) {
        const queue = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations?status=${status}`, { token });
        expect(queue.status).toBe(200);
        expect(JSON.stringify(queue.body)).not.toContain(recommendationId);
        expect(JSON.stringify(queue.body)).not.toContain(LEAD_ID);
      }
    }
  });

  it("a PUT of the same lead id by another tenant creates that tenant's own lead and leaves the first untouched", async () => {
    const theirs = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD_ID}`, {
      token: otherTenant.crm,
      body: leadRecord({ first_name: 'Mallory', owner_rep_id: 'rep-globex' }),
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body).toMatchObject({ version: 1, owner_rep_id: 'rep-globex' });
    const ours = await call(stack.gatewayUrl, 'GET', `/api/v1/leads/${LEAD_ID}`, { token: tokens.crm });
    expect(ours.status).toBe(200);
    expect(ours.body).toMatchObject({ first_name: 'Sarah', owner_rep_id: OWNER, version: 1 });
    const stillOurs = await call(stack.gatewayUrl, 'GET', `/api/v1/ai/followup/recommendations/${recommendationId}`, {
      token: tokens.sales_rep,
    });
    expect(stillOurs.status).toBe(200);
    expect(stillOurs.body.lead_id).toBe(LEAD_ID);
  });
});

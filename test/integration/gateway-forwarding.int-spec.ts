import { call } from '../support/http';
import { TestStack } from '../support/stack';

const stack = new TestStack();

beforeAll(async () => {
  await stack.start(['compliance', 'delivery', 'audit']);
  await stack.startService('gateway', {
    COMPLIANCE_URL: stack.serviceUrl('compliance'),
    DELIVERY_URL: stack.serviceUrl('delivery'),
    AUDIT_URL: stack.serviceUrl('audit'),
  });
});

afterAll(() => stack.close());

describe('routes other services own, through the gateway', () => {
  it("forwards with the caller's token and request id, and the owning service checks the role", async () => {
    const analyst = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
    const events = await call(stack.gatewayUrl, 'GET', '/api/v1/audit/events?limit=5', {
      token: analyst,
      headers: { 'x-request-id': 'fwd-1' },
    });
    expect(events.status).toBe(200);
    expect(events.body).toHaveProperty('items');
    expect(events.headers.get('x-request-id')).toBe('fwd-1');

    const rep = stack.token({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'] });
    const forbidden = await call(stack.gatewayUrl, 'GET', '/api/v1/compliance/escalations', { token: rep });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect((await call(stack.gatewayUrl, 'GET', '/api/v1/tasks', { token: rep })).status).toBe(200);
    const compliance = stack.token({ sub: 'officer-1', tenant: 'acme', roles: ['compliance'] });
    expect((await call(stack.gatewayUrl, 'GET', '/api/v1/compliance/escalations?status=open', { token: compliance })).status).toBe(200);
  });

  it('authenticates at the gateway before forwarding', async () => {
    const response = await call(stack.gatewayUrl, 'GET', '/api/v1/audit/events');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });

  it('forwards bodies, and answers 503 in the standard body when the owning service is down', async () => {
    const compliance = stack.token({ sub: 'officer-1', tenant: 'acme', roles: ['compliance'] });
    const unknownCase = await call(stack.gatewayUrl, 'POST', '/api/v1/compliance/escalations/00000000-0000-4000-8000-000000000000/resolve', {
      token: compliance,
      body: { resolution: 'release' },
    });
    expect(unknownCase.status).toBe(404);
    expect(unknownCase.body.error.code).toBe('ESCALATION_NOT_FOUND');

    await stack.stopService('audit');
    const analyst = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
    const down = await call(stack.gatewayUrl, 'GET', '/api/v1/audit/events', { token: analyst });
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { service: 'audit' } });
    expect(down.headers.get('retry-after')).toBeTruthy();
  });
});

import { leadRecord, SPEC_EXAMPLE_REQUEST } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';
import { TcpRelay } from '../support/tcp-relay';

// The gateway reaches the database through a relay this file cuts: the database gone, as the gateway sees it.
const stack = new TestStack();
const database = new URL(stack.environment.MONGO_URL);
const relay = new TcpRelay({ host: database.hostname, port: Number(database.port || 27017) });
const LEAD = 'LD-OUTAGE-1';
let crm: string;
let rep: string;

beforeAll(async () => {
  await relay.open();
  await stack.startService('gateway', { MONGO_URL: relay.urlFor(stack.environment.MONGO_URL) });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(async () => {
  await relay.mend();
  await stack.close();
});

describe('the database out of reach', () => {
  it('answers 503 SERVICE_UNAVAILABLE with when to retry, as the spec has it, not an unexpected 500; and recovers', async () => {
    await relay.cut();
    const requested = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
      token: rep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD },
    });
    expect([requested.status, requested.headers.get('retry-after'), requested.body]).toEqual([
      503,
      '30',
      {
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'The service is temporarily unavailable. Retry after a few minutes.',
          details: { reason: 'dependency_unavailable', retry_after_seconds: 30 },
        },
      },
    ]);
    const upserted = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord({ first_name: 'Sara' }) });
    expect([upserted.status, upserted.body.error?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);

    await relay.mend();
    await eventually(async () => {
      const again = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${LEAD}`, { token: crm, body: leadRecord({ first_name: 'Sara' }) });
      return again.status === 200 ? true : undefined;
    });
  });
});

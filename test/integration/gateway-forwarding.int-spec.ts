import { call, rawHttp } from '../support/http';
import { RecordingServer } from '../support/recording-server';
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

  it("describes every forwarded route in the gateway's OpenAPI document, as the owning service does", async () => {
    const document = await call(stack.gatewayUrl, 'GET', '/api/docs-json');
    const operations = Object.entries<Record<string, any>>(document.body.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/compliance/escalations',
        'POST /api/v1/compliance/escalations/{escalation_id}/resolve',
        'GET /api/v1/tasks',
        'GET /api/v1/audit/events',
        'GET /api/v1/audit/recommendations/{id}/timeline',
        'GET /api/v1/audit/recommendations/{id}/drafts',
        'GET /api/v1/audit/checkpoints',
        'POST /api/v1/audit/checkpoints',
      ]),
    );
    const resolve = document.body.paths['/api/v1/compliance/escalations/{escalation_id}/resolve'].post;
    const schemaName = resolve.requestBody.content['application/json'].schema.$ref.split('/').pop();
    expect(document.body.components.schemas[schemaName].required).toEqual(['resolution']);
    expect(document.body['x-undocumented-services']).toBeUndefined();
  });

  it('authenticates at the gateway before forwarding', async () => {
    const response = await call(stack.gatewayUrl, 'GET', '/api/v1/audit/events');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });

  it('forwards bodies, and answers 503 in the standard body when the owning service is down', async () => {
    const compliance = stack.token({ sub: 'officer-1', tenant: 'acme', roles: ['compliance'] });
    const unknownCase = await call(
      stack.gatewayUrl,
      'POST',
      '/api/v1/compliance/escalations/00000000-0000-4000-8000-000000000000/resolve',
      {
        token: compliance,
        body: { resolution: 'release' },
      },
    );
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

describe('the forwarding is no proxy: attacks over a raw socket', () => {
  const owner = new RecordingServer();
  const elsewhere = new RecordingServer();
  const attacked = new TestStack();
  let gatewayPort: number;
  let token: string;

  beforeAll(async () => {
    const ownerUrl = await owner.start();
    await elsewhere.start('127.0.0.2');
    owner.answer('/api/v1/audit/recommendations/slow/timeline', () => undefined);
    owner.answer('/api/v1/audit/recommendations/huge/timeline', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 64 && response.write(chunk)) sent += 1;
        if (sent < 64) response.once('drain', pump);
        else response.end();
      };
      pump();
    });
    owner.answer('/api/v1/audit/recommendations/moved/timeline', (_request, response) =>
      response.writeHead(302, { location: `http://127.0.0.2:${elsewhere.port}/latest/meta-data/` }).end(),
    );
    await attacked.startService('gateway', {
      COMPLIANCE_URL: ownerUrl,
      DELIVERY_URL: ownerUrl,
      AUDIT_URL: ownerUrl,
      FORWARD_TIMEOUT_MS: 1000,
      FORWARD_MAX_RESPONSE_BYTES: 1024 * 1024,
    });
    gatewayPort = Number(new URL(attacked.gatewayUrl).port);
    token = attacked.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst', 'compliance', 'admin'] });
  });

  afterAll(async () => {
    await attacked.close();
    await owner.stop();
    await elsewhere.stop();
  });

  const get = (target: string) =>
    rawHttp(gatewayPort, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);

  it('answers Cache-Control: no-store whatever the owning service says about caching', async () => {
    owner.answer('/api/v1/audit/events', (_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' })
        .end('{"items":[],"next_cursor":null}'),
    );
    const answer = await call(attacked.gatewayUrl, 'GET', '/api/v1/audit/events', { token });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('reaches exactly the intended route, with the query re-encoded', async () => {
    owner.requests.length = 0;
    const answer = await get('/api/v1/audit/events?limit=5&lead_id=LD-1');
    expect(answer.status).toBe(200);
    expect(owner.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /api/v1/audit/events?limit=5&lead_id=LD-1']);
  });

  it("hands the service the request id the gateway answers with and logs: the caller's when sane, else its own", async () => {
    owner.requests.length = 0;
    const unnamed = await call(attacked.gatewayUrl, 'GET', '/api/v1/audit/events', { token });
    const insane = await call(attacked.gatewayUrl, 'GET', '/api/v1/audit/events', { token, headers: { 'x-request-id': 'two words' } });
    const named = await call(attacked.gatewayUrl, 'GET', '/api/v1/audit/events', { token, headers: { 'x-request-id': 'fwd-2' } });
    const answered = [unnamed, insane, named].map((response) => response.headers.get('x-request-id'));
    expect(answered[2]).toBe('fwd-2');
    expect(answered[1]).not.toBe('two words');
    expect(owner.requests.map((request) => request.headers['x-request-id'])).toEqual(answered);
  });

  it.each([
    ['an absolute-form request line naming another host', `http://127.0.0.2:ELSEWHERE/latest/meta-data/`, 404],
    ['an absolute-form line with dot segments', `http://127.0.0.2:ELSEWHERE/api/v1/audit/../../../latest/meta-data/`, 404],
    ['literal dot segments', '/api/v1/audit/../../health/live', 404],
    ['a dot-segment parameter', '/api/v1/audit/recommendations/../timeline', 400],
    ['an encoded dot-segment parameter', '/api/v1/audit/recommendations/%2e%2e/timeline', 400],
    ['an encoded slash', '/api/v1/audit/recommendations/x%2f..%2f..%2fadmin/timeline', 400],
    ['an encoded backslash', '/api/v1/audit/recommendations/x%5c..%5cadmin/timeline', 400],
    ['a path outside the route table', '/api/v1/audit/internal/state', 404],
  ])('refuses %s, and nothing reaches any service', async (_label, target, status) => {
    owner.requests.length = 0;
    const answer = await get(target.replace('ELSEWHERE', String(elsewhere.port)));
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).error.code).toMatch(/^(ROUTE_NOT_FOUND|INVALID_REQUEST)$/);
    expect(owner.requests).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('an absolute-form request line for a forwarded path goes to the configured service, not to the named host', async () => {
    owner.requests.length = 0;
    const answer = await get(`http://127.0.0.2:${elsewhere.port}/api/v1/audit/events`);
    expect(answer.status).toBe(200);
    expect(owner.requests.map((request) => request.url)).toEqual(['/api/v1/audit/events']);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses a method the table does not list, and an overlong body, before forwarding', async () => {
    owner.requests.length = 0;
    const deleted = await rawHttp(
      gatewayPort,
      `DELETE /api/v1/audit/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(deleted.status).toBe(405);
    const body = JSON.stringify({ resolution: 'release', note: 'x'.repeat(300 * 1024) });
    const overlong = await rawHttp(
      gatewayPort,
      `POST /api/v1/compliance/escalations/00000000-0000-4000-8000-000000000000/resolve HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(overlong.status).toBe(413);
    const form = `Body=${'x'.repeat(65 * 1024)}`;
    const overlongAnonymous = await rawHttp(
      gatewayPort,
      `POST /api/v1/webhooks/sms/inbound HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
    );
    expect(overlongAnonymous.status).toBe(413);
    expect(JSON.parse(overlongAnonymous.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 64 * 1024 } });
    expect(owner.requests).toEqual([]);
  });

  it('gives up on a slow service within the forward timeout, refuses an oversized answer, and follows no redirect', async () => {
    const slow = await get('/api/v1/audit/recommendations/slow/timeline');
    expect(slow.status).toBe(503);
    expect(JSON.parse(slow.body).error.code).toBe('SERVICE_UNAVAILABLE');
    const huge = await get('/api/v1/audit/recommendations/huge/timeline');
    expect(huge.status).toBe(500);
    expect(JSON.parse(huge.body).error.code).toBe('INTERNAL_ERROR');
    const moved = await get('/api/v1/audit/recommendations/moved/timeline');
    expect(moved.status).toBe(302);
    expect(elsewhere.requests).toEqual([]);
  });
});

import { expectErrorBody } from '../support/hostile';
import { call } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * helmet's headers on every service, no stored copy of an API answer, CORS closed unless CORS_ALLOWED_ORIGINS
 * lists the origin, and Swagger UI still working.
 */
const ALLOWED = 'https://crm.example.com';
// the audit service is not running: nothing listens on the discard port
const stack = new TestStack({
  gateway: { CORS_ALLOWED_ORIGINS: ` ${ALLOWED}/ , https://ops.example.com`, AUDIT_URL: 'http://127.0.0.1:9' },
});
let rep: string;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  rep = stack.token({ sub: 'rep-hdr', tenant: 'acme', roles: ['sales_rep'] });
});

afterAll(() => stack.close());

const raw = (url: string, init: RequestInit = {}) => fetch(url, init);

function expectHardenedHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(headers.get('x-powered-by')).toBeNull();
  expect(headers.get('content-security-policy')).toBeTruthy();
}

describe('security headers', () => {
  it.each([
    ['an API success', '/api/v1/ai/followup/recommendations?limit=1', 200],
    ['an API error', '/api/v1/leads/LD-NOPE', 404],
    ['an unknown route', '/nope', 404],
    ['health', '/health/live', 200],
  ])('on %s: helmet headers and a CSP that lets nothing load', async (_, path, status) => {
    const response = await call(stack.gatewayUrl, 'GET', path, { token: rep });
    expect(response.status).toBe(status);
    expectHardenedHeaders(response.headers);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
    );
    if (status >= 400) expectErrorBody(response, status, response.body.error.code);
  });

  it('on every other service too (the recommender)', async () => {
    const response = await raw(`${stack.serviceUrl('recommender')}/health/live`);
    expect(response.status).toBe(200);
    expectHardenedHeaders(response.headers);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });
});

describe('Cache-Control on API answers', () => {
  it.each([
    ['an API success', '/api/v1/ai/followup/recommendations?limit=1', 200, true],
    ['an API error', '/api/v1/leads/LD-NOPE', 404, true],
    ['an unknown API route', '/api/v1/nope', 404, true],
    ['a call without a token', '/api/v1/leads/LD-NOPE', 401, false],
    ['a forwarded route whose service is not running', '/api/v1/audit/events', 503, true],
  ])('no-store on %s', async (_, path, status, withToken) => {
    const response = await call(stack.gatewayUrl, 'GET', path, withToken ? { token: rep } : {});
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('CORS', () => {
  it('is closed by default: no Access-Control-Allow-Origin from a service without CORS_ALLOWED_ORIGINS', async () => {
    const response = await raw(`${stack.serviceUrl('recommender')}/health/live`, { headers: { origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await raw(`${stack.serviceUrl('recommender')}/health/live`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('answers nothing CORS to an origin that is not listed, on simple requests and preflights', async () => {
    for (const origin of ['https://evil.example', 'https://crm.example.com.evil.example', 'null', 'http://crm.example.com']) {
      const simple = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-NOPE', { token: rep, headers: { origin } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await raw(`${stack.gatewayUrl}/api/v1/ai/followup/recommendation`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('allows a listed origin: the preflight and the actual request, with the useful headers exposed', async () => {
    const preflight = await raw(`${stack.gatewayUrl}/api/v1/ai/followup/recommendation`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(preflight.headers.get('vary')).toMatch(/origin/i);

    const actual = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-NOPE', {
      token: rep,
      headers: { origin: 'https://ops.example.com' },
    });
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(actual.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
    expectErrorBody(actual, 404, 'LEAD_NOT_FOUND');
  });
});

describe('Swagger UI under helmet', () => {
  it('renders /api/docs: the page, every script and stylesheet it loads, and the JSON document, within its CSP', async () => {
    const page = await raw(`${stack.gatewayUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);

    // script-src 'self' without 'unsafe-inline': every script must be an external file of the same origin
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter((match) => match[1].trim() !== '');
    expect(inlineScripts).toEqual([]);
    const assets = [
      ...[...html.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/g)].map((match) => match[1]),
      ...[...html.matchAll(/<link[^>]*\shref=["']([^"']+)["']/g)].map((match) => match[1]),
    ];
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const url = new URL(asset, `${stack.gatewayUrl}/api/docs/`);
      expect(url.origin).toBe(stack.gatewayUrl);
      const response = await raw(url.href);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('content-security-policy')).toBe(csp);
    }
    const init = await raw(`${stack.gatewayUrl}/api/docs/swagger-ui-init.js`);
    expect(await init.text()).toContain('"openapi"');

    const document = await raw(`${stack.gatewayUrl}/api/docs-json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });
});

import { sign } from 'jsonwebtoken';
import { UNATTRIBUTED_TENANT } from '@followup/contracts';
import { leadRecord } from '../support/fixtures';
import { craftToken, expectErrorBody, nowSeconds } from '../support/hostile';
import { call } from '../support/http';
import { JwksServer } from '../support/jwks-server';
import { eventually, TestStack } from '../support/stack';

/**
 * Hostile tokens against two real gateways: the development one (HS256 with JWT_SECRET) and one configured
 * like production (RS256, keys from a JWKS endpoint of our own). Every refusal is 401 INVALID_TOKEN with a
 * `reason`, in the standard error body; an identity provider that cannot be reached for a key is a 503.
 */
const jwks = new JwksServer('followup-test-key-1');
const rsaGatewayOverrides: Record<string, unknown> = {};
const hsStack = new TestStack({ gateway: { RATE_LIMIT_MAX_REQUESTS: 10_000 } });
const rsStack = new TestStack({ gateway: rsaGatewayOverrides });
const LEAD_PATH = '/api/v1/leads/LD-SEC-AUTH';

let secret: string;
let issuer: string;
let audience: string;

const goodClaims = () => ({
  sub: 'crm-sec',
  tenant: 'acme',
  roles: ['crm'],
  iss: issuer,
  aud: audience,
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
});

/** passport keeps one 'jwt' strategy per process, so the two gateways run one after the other, never together. */
beforeAll(async () => {
  ({ JWT_SECRET: secret, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = hsStack.environment);
  rsaGatewayOverrides.JWT_JWKS_URI = await jwks.start();
  rsaGatewayOverrides.RATE_LIMIT_MAX_REQUESTS = 10_000;
  // a `kid` not in the key set may fetch it again one second after the last fetch (30 s by default)
  rsaGatewayOverrides.JWT_JWKS_UNKNOWN_KID_REFRESH_SECONDS = 1;
});

afterAll(() => jwks.stop());

function omit(claims: Record<string, unknown>, claim: string): Record<string, unknown> {
  const { [claim]: _, ...rest } = claims;
  return rest;
}

async function expectRefused(baseUrl: string, token: string | undefined, reason: string | RegExp) {
  const response = await call(baseUrl, 'GET', LEAD_PATH, { token });
  const details = expectErrorBody(response, 401, 'INVALID_TOKEN');
  expect(details).toEqual(expect.objectContaining({ reason: expect.any(String) }));
  expect(details!.reason).toMatch(reason);
  return details;
}

describe('the HS256 gateway (JWT_SECRET)', () => {
  beforeAll(async () => {
    await hsStack.start(['gateway']);
    const crm = hsStack.token({ sub: 'crm-sec', tenant: 'acme', roles: ['crm'] });
    expect((await call(hsStack.gatewayUrl, 'PUT', LEAD_PATH, { token: crm, body: leadRecord() })).status).toBe(201);
  });
  afterAll(() => hsStack.close());

  it('accepts a well-formed token (the control case)', async () => {
    const response = await call(hsStack.gatewayUrl, 'GET', LEAD_PATH, { token: sign(goodClaims(), secret, { algorithm: 'HS256' }) });
    expect(response.status).toBe(200);
  });

  it.each<[string, () => string | undefined, string | RegExp]>([
    ['no token', () => undefined, 'missing'],
    ['alg: none (unsigned)', () => craftToken({ alg: 'none', typ: 'JWT' }, goodClaims()), /unsigned|unsupported_algorithm|malformed/],
    [
      'alg: NONE with the real signature stripped',
      () => `${sign(goodClaims(), secret).split('.').slice(0, 2).join('.')}.`,
      /unsigned|malformed/,
    ],
    [
      'a forged signature',
      () => craftToken({ alg: 'HS256', typ: 'JWT' }, goodClaims(), { hmacSecret: 'x'.repeat(48) }),
      'invalid_signature',
    ],
    [
      'claims changed after signing (tenant swapped)',
      () => {
        const [header, , signature] = sign(goodClaims(), secret, { algorithm: 'HS256' }).split('.');
        const payload = Buffer.from(JSON.stringify({ ...goodClaims(), tenant: 'globex' })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      'invalid_signature',
    ],
    ['an RS256 token (HS/RS confusion the other way)', () => jwks.token({ ...goodClaims() }), 'unsupported_algorithm'],
    ['a wrong issuer', () => sign({ ...goodClaims(), iss: 'evil-idp' }, secret, { algorithm: 'HS256' }), 'wrong_issuer'],
    ['a wrong audience', () => sign({ ...goodClaims(), aud: 'another-api' }, secret, { algorithm: 'HS256' }), 'wrong_audience'],
    ['an expired token', () => sign({ ...goodClaims(), exp: nowSeconds() - 60 }, secret, { algorithm: 'HS256' }), 'expired'],
    ['a token without exp', () => sign(omit(goodClaims(), 'exp'), secret, { algorithm: 'HS256' }), 'missing_expiry'],
    ['a token without iat', () => sign(omit(goodClaims(), 'iat'), secret, { algorithm: 'HS256', noTimestamp: true }), 'missing_issued_at'],
    [
      'a token valid for longer than JWT_MAX_TOKEN_AGE_SECONDS (a day)',
      () => sign({ ...goodClaims(), exp: nowSeconds() + 86_401 }, secret, { algorithm: 'HS256' }),
      'lifetime_too_long',
    ],
    [
      'a token issued in the future, to outlive the maximum age',
      () => sign({ ...goodClaims(), iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 }, secret, { algorithm: 'HS256' }),
      'issued_in_future',
    ],
    [
      'a token not valid yet (nbf)',
      () => sign({ ...goodClaims(), nbf: nowSeconds() + 3600 }, secret, { algorithm: 'HS256' }),
      'not_yet_valid',
    ],
    ['no tenant claim', () => sign({ ...goodClaims(), tenant: undefined }, secret, { algorithm: 'HS256' }), 'invalid_claims'],
    ['no sub claim', () => sign({ ...goodClaims(), sub: undefined }, secret, { algorithm: 'HS256' }), 'invalid_claims'],
    ['no roles claim', () => sign({ ...goodClaims(), roles: undefined }, secret, { algorithm: 'HS256' }), 'invalid_claims'],
    ['an unknown role', () => sign({ ...goodClaims(), roles: ['root'] }, secret, { algorithm: 'HS256' }), 'invalid_claims'],
    [
      'a tenant outside the documented pattern',
      () => sign({ ...goodClaims(), tenant: 'Acme Corp' }, secret, { algorithm: 'HS256' }),
      'invalid_claims',
    ],
    [
      'the reserved tenant of unattributed dead letters',
      () => sign({ ...goodClaims(), tenant: UNATTRIBUTED_TENANT }, secret, { algorithm: 'HS256' }),
      'invalid_claims',
    ],
    ['roles as a string, not a list', () => sign({ ...goodClaims(), roles: 'admin' }, secret, { algorithm: 'HS256' }), 'invalid_claims'],
    [
      'a tenant that is an operator object',
      () => sign({ ...goodClaims(), tenant: { $ne: null } }, secret, { algorithm: 'HS256' }),
      'invalid_claims',
    ],
    ['garbage', () => 'not.a.jwt', 'malformed'],
  ])('refuses %s', async (_, token, reason) => {
    await expectRefused(hsStack.gatewayUrl, token(), reason);
  });

  it('refuses a scheme other than Bearer', async () => {
    const token = sign(goodClaims(), secret, { algorithm: 'HS256' });
    const response = await call(hsStack.gatewayUrl, 'GET', LEAD_PATH, { headers: { authorization: `Basic ${token}` } });
    expect(expectErrorBody(response, 401, 'INVALID_TOKEN')).toEqual({ reason: 'missing' });
  });
});

describe('the RS256 gateway (JWT_JWKS_URI)', () => {
  beforeAll(() => rsStack.start(['gateway']));
  afterAll(() => rsStack.close());

  it('accepts an RS256 token from the identity provider: PUT then GET the lead', async () => {
    const token = jwks.token({ tenant: 'acme', roles: ['crm'] }, { subject: 'crm-rs', issuer, audience });
    const put = await call(rsStack.gatewayUrl, 'PUT', '/api/v1/leads/LD-SEC-RS', { token, body: leadRecord() });
    expect(put.status).toBeLessThan(300);
    const get = await call(rsStack.gatewayUrl, 'GET', '/api/v1/leads/LD-SEC-RS', { token });
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ lead_id: 'LD-SEC-RS', owner_rep_id: 'rep-17' });
    expect(jwks.fetches).toBeGreaterThan(0);
  });

  it.each<[string, () => string, string | RegExp]>([
    ['a token whose kid is unknown', () => jwks.token({ ...goodClaims() }, { kid: 'not-a-known-key' }), 'unknown_signing_key'],
    [
      'a token signed by another RSA key with the known kid',
      () => new JwksServer('followup-test-key-1').token({ ...goodClaims() }),
      'invalid_signature',
    ],
    [
      'HS256 signed with the RSA public key as the secret (HS/RS confusion)',
      () => craftToken({ alg: 'HS256', typ: 'JWT', kid: jwks.kid }, goodClaims(), { hmacSecret: jwks.publicKeyPem }),
      'unsupported_algorithm',
    ],
    [
      'HS256 with the development secret',
      () => sign(goodClaims(), secret, { algorithm: 'HS256', keyid: jwks.kid }),
      'unsupported_algorithm',
    ],
    ['alg: none with the known kid', () => craftToken({ alg: 'none', typ: 'JWT', kid: jwks.kid }, goodClaims()), 'unsupported_algorithm'],
    ['a wrong issuer', () => jwks.token({ ...goodClaims(), iss: 'evil-idp' }), 'wrong_issuer'],
    ['a wrong audience', () => jwks.token({ ...goodClaims(), aud: 'another-api' }), 'wrong_audience'],
    ['an expired token', () => jwks.token({ ...goodClaims(), exp: nowSeconds() - 60 }), 'expired'],
    ['a token not valid yet', () => jwks.token({ ...goodClaims(), nbf: nowSeconds() + 3600 }), 'not_yet_valid'],
    ['an unknown role', () => jwks.token({ ...goodClaims(), roles: ['superuser'] }), 'invalid_claims'],
  ])('refuses %s', async (_, token, reason) => {
    await expectRefused(rsStack.gatewayUrl, token(), reason);
  });

  it('answers 503 with Retry-After, not 401, when the identity provider cannot be asked for a key', async () => {
    jwks.failing = true;
    try {
      const token = jwks.token({ tenant: 'acme', roles: ['crm'] }, { subject: 'crm-rs', issuer, audience, kid: 'rotated-key-2' });
      // an unseen kid fetches the key set once the last fetch is a second old; until then it is unknown (401)
      const response = await eventually(async () => {
        const answer = await call(rsStack.gatewayUrl, 'GET', '/api/v1/leads/LD-SEC-RS', { token });
        return answer.status === 503 ? answer : undefined;
      });
      expect(expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE')).toMatchObject({ reason: 'identity_provider_unavailable' });
      expect(response.headers.get('retry-after')).toBe('30');
    } finally {
      jwks.failing = false;
    }
  });
});

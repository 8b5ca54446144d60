import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, verify } from 'jsonwebtoken';
import { DEVELOPMENT_JWT_SECRET, validateEnvironment } from '@followup/config';
import { developmentKafkaPassword, kafkaUsername, provisionBus } from '@followup/messaging';
import { craftToken, expectErrorBody, nowSeconds } from '../support/hostile';
import { call, HttpResult, rawHttp } from '../support/http';
import { JwksServer } from '../support/jwks-server';
import { eventually, TestStack } from '../support/stack';
import { TcpRelay } from '../support/tcp-relay';

/**
 * The perimeter under attack, over real sockets: a service refuses to start with the public development
 * secret outside development on loopback; a production-configured gateway refuses tokens minted with it; a
 * flood of invalid tokens from one address is stopped before authentication (X-Forwarded-For believed only
 * from a trusted proxy) and logged once; a key rotation at the identity provider is picked up while an
 * attacker sprays random `kid`s; a gateway whose development login is on answers only requests addressed to a
 * loopback name (DNS rebinding); and an anonymous caller learns from /health/ready only up or down.
 * passport keeps one 'jwt' strategy per process, so the gateways here run one after the other.
 */
const ROOT = join(__dirname, '../..');
const LEAD_PATH = '/api/v1/leads/LD-PERIMETER';
const NOTIFICATIONS_PATH = '/api/v1/notifications';
const ISSUER = 'followup-dev';
const AUDIENCE = 'followup-api';
const claims = (extra: Record<string, unknown> = {}) => ({ tenant: 'acme', roles: ['sales_rep'], iss: ISSUER, aud: AUDIENCE, ...extra });
const forgedToken = () =>
  craftToken(
    { alg: 'HS256', typ: 'JWT' },
    { ...claims(), sub: 'rep-1', iat: nowSeconds(), exp: nowSeconds() + 600 },
    { hmacSecret: 'x'.repeat(48) },
  );
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The gateway's own Kafka credentials, given explicitly as a production deployment gives them. */
const GATEWAY_KAFKA = {
  KAFKA_SASL_USERNAME: kafkaUsername('gateway'),
  KAFKA_SASL_PASSWORD: developmentKafkaPassword(kafkaUsername('gateway')),
};

/** The gateway from dist/ as its own process, with only the given settings (not the test's NODE_ENV). */
function spawnGateway(settings: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/gateway/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX,
      MONGO_DB_PREFIX: process.env.MONGO_DB_PREFIX,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      LOG_LEVEL: 'silent',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a service with the public development JWT secret', () => {
  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }, 'NODE_ENV is production, not development or test'],
    ['NODE_ENV unset', {}, 'NODE_ENV is unset, not development or test'],
    ['NODE_ENV=development listening on 0.0.0.0', { NODE_ENV: 'development', HOST: '0.0.0.0' }, 'HOST 0.0.0.0 is not a loopback address'],
  ])('refuses to start with %s, and says why', async (_, settings, why) => {
    const gateway = spawnGateway(settings);
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain('JWT_SECRET: the built-in development secret is public');
    expect(gateway.output()).toContain(why);
  });

  it('starts in production with a secret of its own (the control case)', async () => {
    const port = await freePort();
    await provisionBus(validateEnvironment(process.env));
    const gateway = spawnGateway({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      ...GATEWAY_KAFKA,
    });
    await eventually(async () => {
      if (gateway.child.exitCode !== null) throw new Error(`the gateway exited: ${gateway.output()}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      return ready ? true : undefined;
    }, 60_000);
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  });
});

describe('a production-configured gateway', () => {
  const ownSecret = randomBytes(32).toString('hex');
  const stack = new TestStack({ gateway: { NODE_ENV: 'production', JWT_SECRET: ownSecret, ...GATEWAY_KAFKA } });
  beforeAll(() => stack.start(['gateway']));
  afterAll(() => stack.close());

  it('refuses an admin token minted with the public development secret', async () => {
    const minted = sign(claims({ roles: ['admin'] }), DEVELOPMENT_JWT_SECRET, { algorithm: 'HS256', subject: 'intruder', expiresIn: 600 });
    const response = await call(stack.gatewayUrl, 'GET', LEAD_PATH, { token: minted });
    expect(expectErrorBody(response, 401, 'INVALID_TOKEN')).toEqual({ reason: 'invalid_signature' });
    const own = sign(claims({ roles: ['admin'] }), ownSecret, { algorithm: 'HS256', subject: 'admin-1', expiresIn: 600 });
    expect(expectErrorBody(await call(stack.gatewayUrl, 'GET', LEAD_PATH, { token: own }), 404, 'LEAD_NOT_FOUND')).toEqual({
      lead_id: 'LD-PERIMETER',
    });
  });
});

describe("the console's development login in a test gateway on loopback (behind a reverse proxy, say)", () => {
  const askForAdminToken = (stack: TestStack) =>
    call(stack.gatewayUrl, 'POST', '/console/dev-token', { body: { sub: 'intruder', tenant: 'acme', role: 'admin' } });
  /** The admin token asked for over a socket with the given Host header, as a page whose name was rebound to 127.0.0.1 asks. */
  const askForAdminTokenAddressedTo = (stack: TestStack, host: string) => {
    const body = JSON.stringify({ sub: 'intruder', tenant: 'acme', role: 'admin' });
    return rawHttp(
      Number(new URL(stack.gatewayUrl).port),
      `POST /console/dev-token HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  it('does not exist with a JWT_SECRET of its own: 404 ROUTE_NOT_FOUND, as in production, whatever the Host header', async () => {
    const stack = new TestStack({ gateway: { NODE_ENV: 'test', HOST: '127.0.0.1', JWT_SECRET: randomBytes(32).toString('hex') } });
    await stack.start(['gateway']);
    try {
      expectErrorBody(await askForAdminToken(stack), 404, 'ROUTE_NOT_FOUND');
      expect((await call(stack.gatewayUrl, 'GET', '/console/config.json')).body).toEqual({ development_login: false, oidc: null });
      // no development login, so any Host header is answered (a deployment behind its own name)
      const port = Number(new URL(stack.gatewayUrl).port);
      const named = await rawHttp(port, `GET /console/config.json HTTP/1.1\r\nHost: followup.example:${port}\r\nConnection: close\r\n\r\n`);
      expect(named.status).toBe(200);
    } finally {
      await stack.close();
    }
  });

  it('signs a token with the public development secret (the control case), only for a request addressed to a loopback name', async () => {
    const stack = new TestStack({ gateway: { NODE_ENV: 'test', HOST: '127.0.0.1', JWT_SECRET: DEVELOPMENT_JWT_SECRET } });
    await stack.start(['gateway']);
    try {
      const answer = await askForAdminToken(stack);
      expect(answer.status).toBe(200);
      expect(verify(answer.body.access_token, DEVELOPMENT_JWT_SECRET, { issuer: ISSUER, audience: AUDIENCE })).toMatchObject({
        sub: 'intruder',
        roles: ['admin'],
      });
      const port = new URL(stack.gatewayUrl).port;
      expect((await askForAdminTokenAddressedTo(stack, `localhost:${port}`)).status).toBe(200);
      // DNS rebinding: a page's own name, now resolving to 127.0.0.1, gets nothing
      const rebound = await askForAdminTokenAddressedTo(stack, `evil.example:${port}`);
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'host_not_loopback' } });
    } finally {
      await stack.close();
    }
  });
});

const ADDRESS_LIMIT = 20;

/** Floods `count` requests with forged tokens, each with the X-Forwarded-For `forwardedFor(index)` gives. */
async function flood(baseUrl: string, count: number, forwardedFor: (index: number) => string): Promise<HttpResult[]> {
  const responses: HttpResult[] = [];
  for (let index = 0; index < count; index += 1) {
    responses.push(await call(baseUrl, 'GET', LEAD_PATH, { token: forgedToken(), headers: { 'x-forwarded-for': forwardedFor(index) } }));
  }
  return responses;
}

function expectRateLimited(response: HttpResult): void {
  const details = expectErrorBody(response, 429, 'RATE_LIMIT_EXCEEDED');
  const seconds = details!.retry_after_seconds as number;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(response.body.error.message).toBe(`Request rate limit exceeded. Retry after ${seconds} seconds.`);
  expect(response.headers.get('retry-after')).toBe(String(seconds));
}

describe('a flood of invalid tokens from one address, no proxy trusted', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'followup-perimeter-'));
  const logFile = join(logDir, 'gateway.log');
  const stack = new TestStack({
    gateway: {
      ADDRESS_RATE_LIMIT_MAX_REQUESTS: ADDRESS_LIMIT,
      ADDRESS_RATE_LIMIT_WINDOW_SECONDS: 60,
      LOG_FILE: logFile,
      LOG_LEVEL: 'info',
    },
  });
  beforeAll(() => stack.start(['gateway']));
  afterAll(async () => {
    await stack.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('ends in 429 before authentication, whatever X-Forwarded-For claims, and is logged once', async () => {
    const responses = await flood(stack.gatewayUrl, ADDRESS_LIMIT + 5, (index) => `198.18.0.${index + 1}`);
    for (const response of responses.slice(0, ADDRESS_LIMIT)) {
      expect(expectErrorBody(response, 401, 'INVALID_TOKEN')).toEqual({ reason: 'invalid_signature' });
    }
    for (const response of responses.slice(ADDRESS_LIMIT)) expectRateLimited(response);
    // a valid token from the flooding address is refused too: the limit runs before the token is looked at
    const valid = stack.token({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'] });
    expectRateLimited(await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: valid }));
    // /health/ready checks a token when one is sent, so it is no way around the limit; /health/live stays open
    expectRateLimited(await call(stack.gatewayUrl, 'GET', '/health/ready', { token: forgedToken() }));
    expect((await call(stack.gatewayUrl, 'GET', '/health/live')).status).toBe(200);

    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const invalidToken = lines.filter((line) => line.error_code === 'INVALID_TOKEN');
    expect(invalidToken).toHaveLength(1);
    expect(invalidToken[0]).toMatchObject({ client_address: '127.0.0.1', details: { reason: 'invalid_signature' } });
    expect(lines.filter((line) => line.error_code === 'RATE_LIMIT_EXCEEDED')).toHaveLength(1);
  });
});

describe('a flood of invalid tokens behind a trusted proxy', () => {
  const stack = new TestStack({
    gateway: { ADDRESS_RATE_LIMIT_MAX_REQUESTS: ADDRESS_LIMIT, ADDRESS_RATE_LIMIT_WINDOW_SECONDS: 60, TRUSTED_PROXIES: '127.0.0.1' },
  });
  beforeAll(() => stack.start(['gateway']));
  afterAll(() => stack.close());

  it('limits the flooding client, while another client behind the same proxy is served', async () => {
    const attacker = '203.0.113.7';
    const responses = await flood(stack.gatewayUrl, ADDRESS_LIMIT + 1, () => attacker);
    expect(responses.slice(0, ADDRESS_LIMIT).every((response) => response.status === 401)).toBe(true);
    expectRateLimited(responses[ADDRESS_LIMIT]);
    const valid = stack.token({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'] });
    expectRateLimited(await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: valid, headers: { 'x-forwarded-for': attacker } }));
    const other = await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: valid, headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(other.status).toBe(200);
  });
});

describe('a key rotation at the identity provider while random kids are sprayed', () => {
  const jwks = new JwksServer('followup-rotation-key-1');
  const overrides: Record<string, unknown> = { JWT_JWKS_UNKNOWN_KID_REFRESH_SECONDS: 1, ADDRESS_RATE_LIMIT_MAX_REQUESTS: 1_000_000 };
  const stack = new TestStack({ gateway: overrides });
  beforeAll(async () => {
    overrides.JWT_JWKS_URI = await jwks.start();
    await stack.start(['gateway']);
  });
  afterAll(async () => {
    await stack.close();
    await jwks.stop();
  });

  const tokenOf = (server: JwksServer, kid = server.kid) => server.token(claims(), { subject: 'rep-1', kid });

  it('accepts the new key within the refresh interval, with a bounded number of fetches', async () => {
    const startedAt = Date.now();
    expect((await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: tokenOf(jwks) })).status).toBe(200);
    let spraying = true;
    const sprayed: number[] = [];
    const sprayer = async () => {
      while (spraying) {
        const response = await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: tokenOf(jwks, randomUUID()) });
        sprayed.push(response.status);
      }
    };
    const sprayers = Array.from({ length: 4 }, sprayer);
    await eventually(async () => (sprayed.length >= 200 ? true : undefined));
    jwks.rotate('followup-rotation-key-2');
    const accepted = await eventually(async () => {
      const response = await call(stack.gatewayUrl, 'GET', NOTIFICATIONS_PATH, { token: tokenOf(jwks) });
      return response.status === 200 ? response : undefined;
    }, 15_000);
    expect(accepted.status).toBe(200);
    const total = sprayed.length;
    await eventually(async () => (sprayed.length >= total + 200 ? true : undefined));
    spraying = false;
    await Promise.all(sprayers);
    const elapsedSeconds = (Date.now() - startedAt) / 1000;

    expect(new Set(sprayed)).toEqual(new Set([401]));
    // the first fetch, then at most one a second (JWT_JWKS_UNKNOWN_KID_REFRESH_SECONDS) however many kids arrive
    expect(jwks.fetches).toBeLessThanOrEqual(1 + Math.ceil(elapsedSeconds));
    expect(sprayed.length).toBeGreaterThanOrEqual(400);
  });
});

describe('/health/ready', () => {
  const stack = new TestStack();
  const mongo = new URL(stack.environment.MONGO_URL);
  const relay = new TcpRelay({ host: mongo.hostname, port: Number(mongo.port || 27017) });
  beforeAll(async () => {
    await relay.open();
    await stack.startService('gateway', { MONGO_URL: relay.urlFor(stack.environment.MONGO_URL) });
  });
  afterAll(() => stack.close());

  it('tells an anonymous caller up or down and nothing else; a caller with a token which dependency, in a word', async () => {
    const token = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
    const anonymousUp = await call(stack.gatewayUrl, 'GET', '/health/ready');
    expect({ status: anonymousUp.status, body: anonymousUp.body }).toEqual({ status: 200, body: { status: 'up' } });
    const detailedUp = await call(stack.gatewayUrl, 'GET', '/health/ready', { token });
    expect(detailedUp.body).toEqual({ status: 'up', checks: { mongodb: { status: 'up' }, kafka: { status: 'up' } } });
    expect(expectErrorBody(await call(stack.gatewayUrl, 'GET', '/health/ready', { token: forgedToken() }), 401, 'INVALID_TOKEN')).toEqual({
      reason: 'invalid_signature',
    });

    await relay.cut();
    const anonymousDown = await eventually(async () => {
      const response = await call(stack.gatewayUrl, 'GET', '/health/ready');
      return response.status === 503 ? response : undefined;
    });
    expect(anonymousDown.body).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'A dependency of this service is unavailable.',
        // when to ask again, as every 503 says
        details: { status: 'down', retry_after_seconds: 30 },
      },
    });
    const detailedDown = await call(stack.gatewayUrl, 'GET', '/health/ready', { token });
    expect(expectErrorBody(detailedDown, 503, 'SERVICE_UNAVAILABLE')).toEqual({
      status: 'down',
      checks: { mongodb: { status: 'down', reason: expect.stringMatching(/^(timeout|unreachable)$/) }, kafka: { status: 'up' } },
      retry_after_seconds: 30,
    });
  });
});

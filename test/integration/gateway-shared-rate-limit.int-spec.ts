import type { INestApplication } from '@nestjs/common';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { call } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * The attack: a client that spreads its requests over every gateway instance behind a load balancer to get
 * the budget once per instance. With RATE_LIMIT_REDIS_URL the instances share one count.
 */
const LIMIT = 6;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6380';
const stack = new TestStack({ gateway: { RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_MAX_REQUESTS: LIMIT, RATE_LIMIT_WINDOW_SECONDS: 60 } });
let second: INestApplication;

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

beforeAll(async () => {
  await stack.start(['gateway']);
  second = await stack.startExtraInstance('gateway');
});

afterAll(() => stack.close());

it('holds one budget for a subject across two gateway instances', async () => {
  const rep = stack.token({ sub: 'rep-spread', tenant: 'acme', roles: ['sales_rep'] });
  const urls = [stack.gatewayUrl, urlOf(second)];
  const statuses: number[] = [];
  for (let index = 0; index < LIMIT + 2; index += 1) {
    statuses.push((await call(urls[index % 2], 'GET', '/api/v1/notifications', { token: rep })).status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
});

describe('while the shared storage cannot be reached', () => {
  let closedPort: Server;
  let alone: INestApplication;

  beforeAll(async () => {
    // A port that accepts nothing: bound, then closed before the gateway connects.
    closedPort = createServer();
    await new Promise<void>((resolve) => closedPort.listen(0, '127.0.0.1', resolve));
    const port = (closedPort.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closedPort.close(() => resolve()));
    alone = await stack.startExtraInstance('gateway', { RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${port}` });
  });

  it('still answers, and still limits within the instance', async () => {
    const rep = stack.token({ sub: 'rep-alone', tenant: 'acme', roles: ['sales_rep'] });
    const statuses: number[] = [];
    for (let index = 0; index < LIMIT + 1; index += 1) {
      statuses.push((await call(urlOf(alone), 'GET', '/api/v1/notifications', { token: rep })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

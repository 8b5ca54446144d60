import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { InstanceReplyListener } from '../../apps/gateway/src/recommendations/instance-reply-listener';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * Two gateway instances share one durable consumer group, so each recommender answer is consumed by whichever
 * instance owns its partition. Every answer must still reach the instance holding the HTTP request: the reply
 * timeout is set far beyond the test's own, so a request that depended on the timeout and the stored record
 * would fail the test instead of passing slowly.
 */
const NEVER_IN_THIS_TEST_MS = 600_000;
const stack = new TestStack({
  gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: NEVER_IN_THIS_TEST_MS, RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: 2 * NEVER_IN_THIS_TEST_MS },
});
let second: INestApplication;
let rep: string;

const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  second = await stack.startExtraInstance('gateway');
  await Promise.all([stack.app('gateway'), second].map((app) => app.get(InstanceReplyListener).fetching));
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  for (const lead of ['LD-2048', 'LD-2049', 'LD-2050']) {
    const stored = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${lead}`, { token: crm, body: leadRecord() });
    expect(stored.status).toBe(201);
  }
});

afterAll(() => stack.close());

it('answers every request on the instance that holds it, whichever instance consumed the answer', async () => {
  const urls = [stack.gatewayUrl, urlOf(second)];
  const requests = Array.from({ length: 12 }, (_, index) =>
    call(urls[index % 2], 'POST', '/api/v1/ai/followup/recommendation', {
      token: rep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: `LD-${2048 + (index % 3)}` },
    }),
  );
  const responses = await Promise.all(requests);
  expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));
  expect(new Set(responses.map((response) => response.body.recommendation_id)).size).toBe(12);
}, 60_000);

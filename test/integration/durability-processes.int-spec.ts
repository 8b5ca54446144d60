import { randomBytes } from 'node:crypto';
import { ProcessStack } from '../../scripts/process-stack.cjs';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/** Real processes from dist/, killed with SIGKILL mid-flow: nothing may be lost or answered twice. */
const processes = new ProcessStack({
  basePort: 3200 + (randomBytes(1)[0] % 50) * 10,
  env: {
    KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX!,
    MONGO_DB_PREFIX: process.env.MONGO_DB_PREFIX!,
    LOG_LEVEL: 'warn',
    RECOMMENDATION_REPLY_TIMEOUT_MS: '1000',
    OUTBOX_RELAY_INTERVAL_MS: '1000',
  },
});
const helper = new TestStack();
const gateway = () => processes.url('gateway');
let rep: string;

beforeAll(async () => {
  await processes.startAll(['gateway', 'recommender']);
  rep = helper.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = helper.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(gateway(), 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await processes.stopAll();
  await helper.close();
});

it('finishes every request accepted while the recommender was killed with SIGKILL, each exactly once', async () => {
  await processes.kill('recommender');
  const accepted: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const response = await call(gateway(), 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
    expect(response.status).toBe(503);
    accepted.push(response.body.error.details.recommendation_id);
  }
  await processes.start('recommender');

  await eventually(async () => {
    const states = await Promise.all(
      accepted.map((id) => call(gateway(), 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep }).then((r) => r.body.status)),
    );
    return states.every((status) => status === 'completed' || status === 'pending_review') ? states : undefined;
  }, 60_000);
  const stored = await helper
    .database('recommender')
    .collection('recommendations')
    .find({ recommendation_id: { $in: accepted } })
    .toArray();
  expect(stored).toHaveLength(accepted.length);
});

it('loses nothing when the gateway is killed right after accepting requests', async () => {
  const accepted: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const response = await call(gateway(), 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
    accepted.push(response.body.recommendation_id ?? response.body.error.details.recommendation_id);
  }
  await processes.kill('gateway');
  await processes.start('gateway');
  await eventually(async () => {
    const states = await Promise.all(
      accepted.map((id) => call(gateway(), 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep }).then((r) => r.body.status)),
    );
    return states.every((status) => status !== 'pending') ? states : undefined;
  }, 60_000);
});

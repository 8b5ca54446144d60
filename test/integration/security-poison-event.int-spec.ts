import { randomUUID } from 'node:crypto';
import { RecommendationInput, RecommendationRequestedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { DeadLetterWatcher } from '../support/dead-letters';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * A poison pill: an envelope whose `payload` is missing or null. class-validator skips @ValidateNested on
 * undefined, so every event class also requires `payload` (@IsDefined); the event is dead-lettered as
 * `validation_failed` and the next request on the same partition is still answered.
 */
const stack = new TestStack({ gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: 3000 } });
const watcher = new DeadLetterWatcher();
let rep: string;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender']);
  await watcher.start();
  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-poison', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(async () => {
  await watcher.stop();
  await stack.close();
});

function requestEvent(): RecommendationRequestedEvent {
  const { lead_id, ...input } = SPEC_EXAMPLE_REQUEST;
  return createEvent(
    RecommendationRequestedEvent,
    'gateway',
    { request_id: 'poison', tenant: 'acme', actor: { kind: 'user', id: 'rep-17' } },
    {
      recommendation_id: randomUUID(),
      lead: { lead_id, first_name: 'Sarah', owner_rep_id: 'rep-17', consent: { sms: true, email: true, phone_call: true } },
      input: input as RecommendationInput,
      requested_at: new Date().toISOString(),
    },
  );
}

function envelopeWithPayload(payload: unknown): string {
  return JSON.stringify({ ...requestEvent(), payload });
}

it('an envelope without a payload is dead-lettered and the recommender keeps going', async () => {
  // partition 0 of a one-key topic: the same partition the request below lands on (key LD-2048)
  const at = await watcher.produce(Topics.RecommendationRequested, envelopeWithPayload(undefined), 'LD-2048');
  const letters = await eventually(async () => (watcher.for(at).length > 0 ? watcher.for(at) : undefined), 15_000);
  expect(letters[0]).toMatchObject({ consumer: 'recommender', reason: 'validation_failed' });
  const after = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(after.status).toBe(200);
});

it('an event with a `constructor` key inside is handled, and the next request on its partition answered', async () => {
  // class-transformer took such a key's value for the class of the object holding it and threw, before the consumer's
  // dead-lettering: kafkajs delivered the event again and again, and the partition's next requests timed out
  const withConstructorKey = JSON.stringify({ ...requestEvent(), crm_note: { constructor: 'LeadImport', batch: 7 } });
  const at = await watcher.produce(Topics.RecommendationRequested, withConstructorKey, 'LD-2048');
  const after = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(after.status).toBe(200);
  expect(watcher.for(at)).toEqual([]);
});

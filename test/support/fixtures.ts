import { RecommendationInput, RecommendationRequestedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import specExampleRequest from '../../scripts/spec-example-request.json';

/** The spec's example request body (shared with npm start and npm run demo). */
export const SPEC_EXAMPLE_REQUEST = specExampleRequest;

export function leadRecord(overrides: Record<string, unknown> = {}) {
  return {
    first_name: 'Sarah',
    last_name: 'Lee',
    account_tier: 'mid-market',
    owner_rep_id: 'rep-17',
    contacts: { email: 'sarah.lee@example.com', phone: '+14155550123' },
    consent: { sms: true, email: true, phone_call: true },
    ...overrides,
  };
}

export const SPEC_SUCCESS_FIELDS = [
  'draft_message',
  'priority_score',
  'reasoning_summary',
  'recommendation_id',
  'recommended_action',
  'recommended_channel',
  'requires_human_approval',
];

/**
 * The gateway's record of the spec's example request by rep-17 of tenant acme, stored `pending` at `storedAt` and never
 * published, as a crash between the write and the publish (or Kafka down) leaves it: its outbox points to the event's
 * text in `requested_event` and is flagged for the outbox relay. With the event, for a test that stores it itself.
 */
export function unpublishedRequestRecord(recommendationId: string, requestId: string, storedAt: Date) {
  const { lead_id, ...input } = SPEC_EXAMPLE_REQUEST;
  const event = createEvent(
    RecommendationRequestedEvent,
    'gateway',
    { request_id: requestId, tenant: 'acme', actor: { kind: 'user', id: 'rep-17' } },
    {
      recommendation_id: recommendationId,
      lead: { lead_id, first_name: 'Sarah', owner_rep_id: 'rep-17', consent: { sms: true, email: true, phone_call: true } },
      input: input as RecommendationInput,
      requested_at: new Date().toISOString(),
    },
  );
  const record = {
    recommendation_id: recommendationId,
    tenant: 'acme',
    lead_id,
    request_id: requestId,
    requested_by: 'rep-17',
    status: 'pending',
    attempt: 1,
    outbox: { topic: Topics.RecommendationRequested, key: lead_id, event_id: event.event_id, request_id: requestId },
    outbox_pending: true,
    requested_event: JSON.stringify(event),
    created_at: storedAt,
    updated_at: storedAt,
  };
  return { event, record };
}

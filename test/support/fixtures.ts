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

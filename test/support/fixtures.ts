/** The spec's example request body. */
export const SPEC_EXAMPLE_REQUEST = {
  lead_id: 'LD-2048',
  account_tier: 'mid-market',
  last_engagement_date: '2026-04-20',
  engagement_history: [
    { type: 'email', outcome: 'opened' },
    { type: 'phone_call', outcome: 'no_response' },
    { type: 'sms', outcome: 'replied' },
  ],
  recent_activity_summary: 'Requested pricing information during product demo.',
};

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

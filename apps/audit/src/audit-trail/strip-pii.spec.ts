import { REMOVED, stripPii } from './strip-pii';

describe('stripPii', () => {
  it('removes PII at any depth and keeps the rest', () => {
    const stripped = stripPii({
      recommendation_id: 'r-1',
      lead: { lead_id: 'LD-1', first_name: 'Sarah', consent: { sms: true, email: false } },
      result: { priority_score: 80, draft_message: 'Hi Sarah' },
      history: [{ contacts: { email: 'sarah@example.com' } }],
    });
    expect(stripped).toEqual({
      recommendation_id: 'r-1',
      lead: { lead_id: 'LD-1', first_name: REMOVED, consent: { sms: true, email: false } },
      result: { priority_score: 80, draft_message: REMOVED },
      history: [{ contacts: REMOVED }],
    });
    expect(JSON.stringify(stripped)).not.toMatch(/Sarah|example\.com/);
  });
});

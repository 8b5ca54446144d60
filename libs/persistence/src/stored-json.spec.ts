import { fromStoredJson } from './stored-json';

describe('fromStoredJson', () => {
  it('reads a field kept as JSON text, and one a record stored before kept as an object', () => {
    const kept = {
      decided_at: '2026-05-01T00:00:00.000Z',
      snapshot_id: 's-1',
      tier_history: { sms: { responses: 0, attempts: 0 }, email: { responses: 0, attempts: 0 }, phone_call: { responses: 0, attempts: 0 } },
      prior_strength: 4,
      reply_hours: { tier: [1], tenant: [2] },
      suppressed_channels: [],
    };
    expect(
      fromStoredJson(
        '{"decided_at":"2026-05-01T00:00:00.000Z","snapshot_id":"s-1","tier_history":{"sms":{"responses":0,"attempts":0},"email":{"responses":0,"attempts":0},"phone_call":{"responses":0,"attempts":0}},"prior_strength":4,"reply_hours":{"tier":[1],"tenant":[2]},"suppressed_channels":[]}',
      ),
    ).toEqual(kept);
    expect(fromStoredJson(kept)).toBe(kept);
  });
});

import { bodyShape } from './body-shape';

describe('bodyShape', () => {
  it("describes each of the API's fields by type and length, never by value", () => {
    expect(
      bodyShape({
        lead_id: 'LD-2048',
        engagement_history: [{ type: 'sms', outcome: 'replied' }],
        recent_activity_summary: 'Call Jane Doe at jane@example.com',
        account_tier: 42,
        consent: { sms: true, email: 'yes' },
        retry: null,
      }),
    ).toEqual({
      lead_id: 'string(7)',
      engagement_history: 'array(1)',
      recent_activity_summary: 'string(33)',
      account_tier: 'number',
      consent: '{sms: boolean, email: string(3)}',
      retry: 'null',
    });
  });

  it('counts, and does not name, keys that are not field names (a key may itself be data)', () => {
    expect(bodyShape({ 'jane@example.com': 1, 'Jane Doe': 'x', lead_id: 'LD-1', nested: { 'jane@example.com': 2 } })).toEqual({
      lead_id: 'string(4)',
      nested: '{…}',
      other_fields: '2',
    });
  });

  it('says what a body that is not an object was, and nothing for no body', () => {
    expect(bodyShape([1, 2, 3])).toBe('array(3)');
    expect(bodyShape('Jane Doe')).toBe('string(8)');
    expect(bodyShape(undefined)).toBeUndefined();
    expect(bodyShape({})).toBeUndefined();
  });
});

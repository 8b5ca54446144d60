import { DEFAULT_SENDING_POLICY, leadZone, sendTime, zoneOfCountry } from './sending-policy';

const at = (iso: string) => new Date(iso);
const policy = DEFAULT_SENDING_POLICY;

describe('sendTime', () => {
  it('sends at once inside the window with nothing to wait for', () => {
    // 10:00 EDT on Wednesday 10 June 2026
    expect(sendTime({ now: at('2026-06-10T14:00:00Z'), channel: 'sms', zone: 'America/New_York', policy })).toEqual({
      at: at('2026-06-10T14:00:00Z'),
      reason: undefined,
    });
  });

  it('defers an SMS approved at 23:00 lead-local time to 08:00, and says the window did', () => {
    expect(sendTime({ now: at('2026-06-10T03:00:00Z'), channel: 'sms', zone: 'America/New_York', policy })).toEqual({
      at: at('2026-06-10T12:00:00Z'),
      reason: 'send_window',
    });
  });

  it('sends email at any hour by default, and calls only on weekdays', () => {
    expect(sendTime({ now: at('2026-06-10T03:00:00Z'), channel: 'email', zone: 'America/New_York', policy }).at).toEqual(
      at('2026-06-10T03:00:00Z'),
    );
    // Saturday 13 June 2026, 12:00 EDT → Monday 15 June 08:00 EDT
    expect(sendTime({ now: at('2026-06-13T16:00:00Z'), channel: 'phone_call', zone: 'America/New_York', policy }).at).toEqual(
      at('2026-06-15T12:00:00Z'),
    );
  });

  it('holds the next message 48 hours after the last one, then inside the window', () => {
    // last message Monday 8 June 19:30 EDT (23:30Z); the cap ends Wednesday 10 June 19:30 EDT: still open for SMS
    expect(
      sendTime({
        now: at('2026-06-09T14:00:00Z'),
        channel: 'sms',
        lastMessageAt: at('2026-06-08T23:30:00Z'),
        zone: 'America/New_York',
        policy,
      }),
    ).toEqual({ at: at('2026-06-10T23:30:00Z'), reason: 'frequency_cap', capped: true });
    // last message at 20:30 EDT (00:30Z on the 9th): the cap ends at 20:30 EDT on the 10th, closed → 08:00 EDT on the 11th
    expect(
      sendTime({
        now: at('2026-06-09T14:00:00Z'),
        channel: 'sms',
        lastMessageAt: at('2026-06-09T00:30:00Z'),
        zone: 'America/New_York',
        policy,
      }),
    ).toEqual({ at: at('2026-06-11T12:00:00Z'), reason: 'send_window', capped: true });
  });

  it('waits out a retry backoff; no cap when the tenant turned it off', () => {
    expect(
      sendTime({
        now: at('2026-06-10T14:00:00Z'),
        channel: 'email',
        retryAfter: at('2026-06-10T14:00:00.400Z'),
        lastMessageAt: at('2026-06-10T13:00:00Z'),
        zone: null,
        policy: { ...policy, frequency_cap_hours: 0 },
      }),
    ).toEqual({ at: at('2026-06-10T14:00:00.400Z'), reason: 'retry_backoff' });
  });

  it('holds no window for a lead without a zone when the tenant has no default zone', () => {
    expect(sendTime({ now: at('2026-06-10T03:00:00Z'), channel: 'sms', zone: null, policy }).at).toEqual(at('2026-06-10T03:00:00Z'));
  });
});

describe('leadZone', () => {
  it('takes the lead’s zone, else its country’s, else the tenant default', () => {
    expect(leadZone({ time_zone: 'Europe/Paris', country: 'US' }, policy)).toBe('Europe/Paris');
    expect(leadZone({ country: 'us' }, policy)).toBe('America/New_York');
    expect(leadZone({ country: 'DE' }, policy)).toBe('Europe/Berlin');
    expect(leadZone({ country: 'JP' }, policy)).toBe('Asia/Tokyo');
    expect(leadZone({}, { default_time_zone: 'Europe/London' })).toBe('Europe/London');
    expect(leadZone({}, policy)).toBeNull();
    expect(zoneOfCountry('ZZ')).toBeUndefined();
  });
});

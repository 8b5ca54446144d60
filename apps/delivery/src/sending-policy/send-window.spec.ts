import { ChannelWindow, nextAllowedMoment, zonedInstant } from './send-window';

const EVERY_DAY: ChannelWindow = { start: '08:00', end: '20:00', days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };
const WEEKDAYS_ONLY: ChannelWindow = { start: '08:00', end: '20:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
const at = (iso: string) => new Date(iso);

describe('nextAllowedMoment', () => {
  it('moves 23:00 New York time (EDT, UTC-4) to 08:00 the next morning', () => {
    expect(nextAllowedMoment(at('2026-06-10T03:00:00Z'), EVERY_DAY, 'America/New_York')).toEqual(at('2026-06-10T12:00:00Z'));
  });

  it('keeps a moment inside the window; the end is exclusive', () => {
    expect(nextAllowedMoment(at('2026-06-10T15:00:00Z'), EVERY_DAY, 'America/New_York')).toEqual(at('2026-06-10T15:00:00Z'));
    expect(nextAllowedMoment(at('2026-06-10T12:00:00Z'), EVERY_DAY, 'America/New_York')).toEqual(at('2026-06-10T12:00:00Z'));
    // 20:00 EDT on 10 June is 00:00Z on the 11th: closed, so 08:00 EDT on the 11th
    expect(nextAllowedMoment(at('2026-06-11T00:00:00Z'), EVERY_DAY, 'America/New_York')).toEqual(at('2026-06-11T12:00:00Z'));
  });

  it('crosses a spring-forward night: 23:00 EST on 7 March 2026 → 08:00 EDT on the 8th (12:00Z, not 13:00Z)', () => {
    expect(nextAllowedMoment(at('2026-03-08T04:00:00Z'), EVERY_DAY, 'America/New_York')).toEqual(at('2026-03-08T12:00:00Z'));
  });

  it('crosses Berlin’s spring-forward night: 23:00 CET on 28 March 2026 → 08:00 CEST on the 29th (06:00Z)', () => {
    expect(nextAllowedMoment(at('2026-03-28T22:00:00Z'), EVERY_DAY, 'Europe/Berlin')).toEqual(at('2026-03-29T06:00:00Z'));
  });

  it('skips the weekend for a weekdays-only window: Friday 21:00 EDT → Monday 08:00 EDT', () => {
    expect(nextAllowedMoment(at('2026-06-13T01:00:00Z'), WEEKDAYS_ONLY, 'America/New_York')).toEqual(at('2026-06-15T12:00:00Z'));
  });

  it('skips holidays (local dates): 24 Dec 21:00 in Berlin with the 25th off → 26 Dec 08:00 CET (07:00Z)', () => {
    expect(nextAllowedMoment(at('2026-12-24T20:00:00Z'), EVERY_DAY, 'Europe/Berlin', ['2026-12-25'])).toEqual(at('2026-12-26T07:00:00Z'));
  });

  it('judges the day by the lead’s zone: 03:00Z on a Saturday is still Friday 20:00 in Los Angeles (PDT), closed', () => {
    // Saturday 13 June 03:00Z = Friday 12 June 20:00 PDT → Monday 15 June 08:00 PDT = 15:00Z
    expect(nextAllowedMoment(at('2026-06-13T03:00:00Z'), WEEKDAYS_ONLY, 'America/Los_Angeles')).toEqual(at('2026-06-15T15:00:00Z'));
  });

  it('allows any moment without a window, and none when the window has no days', () => {
    expect(nextAllowedMoment(at('2026-06-10T03:00:00Z'), null, 'America/New_York')).toEqual(at('2026-06-10T03:00:00Z'));
    expect(nextAllowedMoment(at('2026-06-10T03:00:00Z'), { ...EVERY_DAY, days: [] }, 'UTC')).toBeUndefined();
  });
});

describe('zonedInstant', () => {
  it('takes a time skipped by spring-forward as the same distance past the change', () => {
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:30 does not exist → 03:30 CEST = 01:30Z
    expect(new Date(zonedInstant({ year: 2026, month: 3, day: 29 }, '02:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes a time repeated by fall-back as its later occurrence', () => {
    // Berlin, 25 October 2026: 03:00 CEST falls back to 02:00 CET at 01:00Z; 02:30 happens at 00:30Z and at 01:30Z
    expect(new Date(zonedInstant({ year: 2026, month: 10, day: 25 }, '02:30', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });
});

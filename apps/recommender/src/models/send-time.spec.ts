import { emptyHourCounts, hourCounts, hourOfWeek, predictSendTime, sparseHourCounts, sparseReplyHours } from './send-time';

describe('hourOfWeek', () => {
  it('counts from Monday 00:00 UTC', () => {
    expect(hourOfWeek(new Date('2026-05-04T09:30:00Z'))).toBe(9); // a Monday
    expect(hourOfWeek(new Date('2026-05-05T15:00:00Z'))).toBe(39); // Tuesday 15:00
    expect(hourOfWeek(new Date('2026-05-03T23:59:00Z'))).toBe(167); // Sunday 23:59
  });
});

describe('predictSendTime', () => {
  const counts = (hour: number, replies: number) => {
    const hours = emptyHourCounts();
    hours[hour] = replies;
    return hours;
  };

  it("takes the lead's own replies first, at the busiest hour and its neighbours", () => {
    const history = [
      { type: 'sms' as const, outcome: 'replied' as const, occurred_at: '2026-05-04T09:10:00Z' },
      { type: 'sms' as const, outcome: 'replied' as const, occurred_at: '2026-05-04T10:40:00Z' },
      { type: 'email' as const, outcome: 'replied' as const, occurred_at: '2026-05-05T15:00:00Z' },
      { type: 'email' as const, outcome: 'opened' as const, occurred_at: '2026-05-06T15:00:00Z' },
    ];
    // hours 9 and 10 both see two replies around them; the earlier wins
    expect(predictSendTime(history, counts(100, 50), counts(120, 80))).toEqual({ hour_of_week: 9, source: 'lead', replies: 3 });
  });

  it('falls back to the tier, then the tenant, once they have five replies', () => {
    const untimed = [{ type: 'sms' as const, outcome: 'replied' as const }];
    expect(predictSendTime(untimed, counts(100, 5), counts(120, 80))).toEqual({ hour_of_week: 100, source: 'tier', replies: 5 });
    expect(predictSendTime(untimed, counts(100, 4), counts(120, 5))).toEqual({ hour_of_week: 120, source: 'tenant', replies: 5 });
    expect(predictSendTime(untimed, counts(100, 4), counts(120, 4))).toBeUndefined();
  });
});

describe('sparseHourCounts and hourCounts', () => {
  it('keeps only the hours with replies, and gives back all 168 from either form', () => {
    const counts = emptyHourCounts();
    counts[0] = 2;
    counts[41] = 1;
    counts[167] = 5;
    expect(sparseHourCounts(counts)).toEqual({ 0: 2, 41: 1, 167: 5 });
    const restored = hourCounts({ 0: 2, 41: 1, 167: 5 });
    expect(restored).toHaveLength(168);
    expect(restored.reduce((sum, count) => sum + count, 0)).toBe(8);
    expect([restored[0], restored[41], restored[167], restored[1]]).toEqual([2, 1, 5, 0]);
    expect(hourCounts(counts)).toEqual(counts);
    expect(sparseHourCounts(emptyHourCounts())).toEqual({});
    expect(sparseReplyHours({ tier: counts, tenant: emptyHourCounts() })).toEqual({ tier: { 0: 2, 41: 1, 167: 5 }, tenant: {} });
  });

  it('leaves out what is not a count of an hour of the week', () => {
    const restored = hourCounts({ 5: 2, 168: 9, '-1': 4, x: 3, 7: Number.NaN } as Record<string, number>);
    expect(restored).toHaveLength(168);
    expect(restored.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(restored[5]).toBe(2);
  });
});

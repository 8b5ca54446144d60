import { dashboardCounts, rejectionCategory } from './dashboard-counts';

const at = (iso: string) => new Date(iso);
const from = at('2026-11-30T10:00:00Z');
const to = at('2026-12-02T09:00:00Z');

describe('rejectionCategory', () => {
  it.each([
    ['wrong_timing: on holiday', 'wrong_timing'],
    ['wrong_tone', 'wrong_tone'],
    ['Lead already signed with us last week.', 'unspecified'],
    [undefined, 'unspecified'],
  ])('%s → %s', (reason, category) => expect(rejectionCategory(reason)).toBe(category));
});

describe('dashboardCounts', () => {
  it('counts decisions and final deliveries inside the window, per UTC day', () => {
    const counts = dashboardCounts(
      [
        { created_at: from, review: { decision: 'approved', reviewed_at: at('2026-11-30T12:00:00Z') } },
        {
          created_at: from,
          review: { decision: 'edited_and_approved', reviewed_at: at('2026-12-01T08:00:00Z') },
          delivery: { channel: 'sms', outcome: 'delivered', final: true, attempted_at: at('2026-12-01T08:01:00Z') },
        },
        {
          created_at: from,
          review: { decision: 'edited_and_approved', reviewed_at: at('2026-12-01T09:00:00Z') },
          delivery: { channel: 'email', outcome: 'failed', final: true, attempted_at: at('2026-12-02T01:00:00Z') },
        },
        {
          created_at: from,
          review: { decision: 'rejected', reviewed_at: at('2026-12-01T10:00:00Z'), rejection_reason: 'wrong_tone: too pushy' },
        },
        {
          created_at: from,
          review: { decision: 'rejected', reviewed_at: at('2026-12-02T08:00:00Z'), rejection_reason: 'Already a customer.' },
        },
        // before the window, and a delivery still being retried: neither counts
        { created_at: from, review: { decision: 'approved', reviewed_at: at('2026-11-29T23:00:00Z') } },
        {
          created_at: from,
          review: { decision: 'approved', reviewed_at: at('2026-11-29T23:30:00Z') },
          delivery: { channel: 'sms', outcome: 'failed', final: false, attempted_at: at('2026-12-01T00:00:00Z') },
        },
      ],
      from,
      to,
    );
    expect(counts.reviews).toEqual({ approved: 1, edited_and_approved: 2, rejected: 2, edit_rate: 2 / 3 });
    expect(counts.rejections_by_reason).toEqual([
      { reason: 'unspecified', count: 1 },
      { reason: 'wrong_tone', count: 1 },
    ]);
    expect(counts.deliveries_by_channel).toEqual([
      { channel: 'email', outcome: 'failed', count: 1 },
      { channel: 'sms', outcome: 'delivered', count: 1 },
    ]);
    expect(counts.by_day).toEqual([
      { date: '2026-11-30', approved: 1, edited_and_approved: 0, rejected: 0, delivered: 0, failed: 0 },
      { date: '2026-12-01', approved: 0, edited_and_approved: 2, rejected: 1, delivered: 1, failed: 0 },
      { date: '2026-12-02', approved: 0, edited_and_approved: 0, rejected: 1, delivered: 0, failed: 1 },
    ]);
  });

  it('has no edit rate without approvals', () => {
    expect(dashboardCounts([], from, to).reviews).toEqual({ approved: 0, edited_and_approved: 0, rejected: 0, edit_rate: null });
  });
});

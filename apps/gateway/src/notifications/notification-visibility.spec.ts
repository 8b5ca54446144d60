import { canSee, visibilityFilter } from './notification-visibility';

const rep = { sub: 'rep-17', tenant: 'acme', roles: ['sales_rep' as const] };

describe('canSee', () => {
  it("shows a rep their own and their role's notifications", () => {
    expect(canSee(rep, { tenant: 'acme', recipient_role: 'sales_rep', recipient_sub: 'rep-17' })).toBe(true);
    expect(canSee(rep, { tenant: 'acme', recipient_role: 'sales_rep' })).toBe(true);
  });

  it("hides another rep's, another role's and another tenant's", () => {
    expect(canSee(rep, { tenant: 'acme', recipient_role: 'sales_rep', recipient_sub: 'rep-9' })).toBe(false);
    expect(canSee(rep, { tenant: 'acme', recipient_role: 'sales_manager' })).toBe(false);
    expect(canSee(rep, { tenant: 'globex', recipient_role: 'sales_rep', recipient_sub: 'rep-17' })).toBe(false);
  });

  it('lets a user with several roles see each role’s notifications', () => {
    const both = { sub: 'u-1', tenant: 'acme', roles: ['sales_manager' as const, 'compliance' as const] };
    expect(canSee(both, { tenant: 'acme', recipient_role: 'compliance' })).toBe(true);
    expect(canSee(both, { tenant: 'acme', recipient_role: 'sales_manager' })).toBe(true);
    expect(canSee(both, { tenant: 'acme', recipient_role: 'sales_rep' })).toBe(false);
  });

  it("gives a rep's notification about a lead to the lead's owner now, whoever it was sent to", () => {
    const aboutLead = { tenant: 'acme', recipient_role: 'sales_rep' as const, recipient_sub: 'rep-17', lead_id: 'LD-1' };
    expect(canSee(rep, aboutLead, 'rep-17')).toBe(true);
    // the CRM handed LD-1 to rep-9: rep-17 no longer sees it, rep-9 does
    expect(canSee(rep, aboutLead, 'rep-9')).toBe(false);
    expect(canSee({ ...rep, sub: 'rep-9' }, aboutLead, 'rep-9')).toBe(true);
    expect(canSee(rep, aboutLead, undefined)).toBe(false);
    // a null or empty lead id names no lead: the rule by sub applies, as in the filter
    expect(canSee(rep, { ...aboutLead, lead_id: null as unknown as string }, 'rep-9')).toBe(true);
    expect(canSee(rep, { ...aboutLead, lead_id: '' }, 'rep-9')).toBe(true);
  });
});

describe('visibilityFilter', () => {
  it("filters a rep's notifications about leads by the leads they own now, the others by their sub", () => {
    expect(visibilityFilter(rep, ['LD-1', 'LD-2'])).toEqual({
      tenant: 'acme',
      recipient_role: 'sales_rep',
      $or: [
        { lead_id: { $in: ['LD-1', 'LD-2'] } },
        { lead_id: { $in: [null, ''] }, recipient_sub: { $exists: false } },
        { lead_id: { $in: [null, ''] }, recipient_sub: null },
        { lead_id: { $in: [null, ''] }, recipient_sub: 'rep-17' },
      ],
    });
  });

  it("filters by tenant, the caller's roles and the caller's sub for a caller without the sales_rep role", () => {
    const manager = { sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager' as const] };
    expect(visibilityFilter(manager)).toEqual({
      tenant: 'acme',
      recipient_role: { $in: ['sales_manager'] },
      $or: [{ recipient_sub: { $exists: false } }, { recipient_sub: null }, { recipient_sub: 'mgr-1' }],
    });
  });

  it("keeps a rep who is also a manager to the manager's notifications addressed to them", () => {
    const both = { sub: 'u-1', tenant: 'acme', roles: ['sales_manager' as const, 'sales_rep' as const] };
    expect(visibilityFilter(both, [])).toEqual({
      tenant: 'acme',
      $or: [
        { recipient_role: 'sales_rep', lead_id: { $in: [] } },
        { recipient_role: 'sales_rep', lead_id: { $in: [null, ''] }, recipient_sub: { $exists: false } },
        { recipient_role: 'sales_rep', lead_id: { $in: [null, ''] }, recipient_sub: null },
        { recipient_role: 'sales_rep', lead_id: { $in: [null, ''] }, recipient_sub: 'u-1' },
        { recipient_role: { $in: ['sales_manager'] }, recipient_sub: { $exists: false } },
        { recipient_role: { $in: ['sales_manager'] }, recipient_sub: null },
        { recipient_role: { $in: ['sales_manager'] }, recipient_sub: 'u-1' },
      ],
    });
  });
});

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
});

describe('visibilityFilter', () => {
  it("filters by tenant, the caller's roles and the caller's sub", () => {
    expect(visibilityFilter(rep)).toEqual({
      tenant: 'acme',
      recipient_role: { $in: ['sales_rep'] },
      $or: [{ recipient_sub: { $exists: false } }, { recipient_sub: null }, { recipient_sub: 'rep-17' }],
    });
  });
});

import { actingRole, mayAccessLead, ownLeadsOnly, userActor } from './acting-role';

describe('actingRole', () => {
  it("is the caller's widest role among those the route allows", () => {
    expect(actingRole(['compliance', 'admin'], ['compliance', 'admin'])).toBe('admin');
    expect(actingRole(['sales_rep', 'sales_manager'], ['sales_rep', 'sales_manager', 'admin'])).toBe('sales_manager');
    expect(actingRole(['sales_rep', 'crm'], ['crm', 'sales_rep', 'sales_manager', 'admin'])).toBe('crm');
  });

  it('ignores roles the route does not allow, and is undefined when none is allowed', () => {
    expect(actingRole(['admin', 'sales_rep'], ['sales_rep'])).toBe('sales_rep');
    expect(actingRole(['analyst', 'crm'], ['sales_rep', 'sales_manager', 'admin'])).toBeUndefined();
  });
});

describe('mayAccessLead', () => {
  const rep = { sub: 'rep-17', acting_role: 'sales_rep' as const };

  it('lets a sales rep reach only the leads they own', () => {
    expect(mayAccessLead(rep, 'rep-17')).toBe(true);
    expect(mayAccessLead(rep, 'rep-18')).toBe(false);
    expect(mayAccessLead(rep, undefined)).toBe(false);
  });

  it("lets every other acting role reach the tenant's leads", () => {
    for (const acting_role of ['sales_manager', 'admin', 'crm', 'compliance'] as const) {
      expect(mayAccessLead({ sub: 'someone', acting_role }, 'rep-17')).toBe(true);
    }
  });

  it('holds a caller no role check ran for to their own leads', () => {
    expect(ownLeadsOnly({})).toBe(true);
    expect(mayAccessLead({ sub: 'mgr-1' }, 'rep-17')).toBe(false);
  });
});

describe('userActor', () => {
  it('records the caller under the role that authorised the call', () => {
    expect(userActor({ sub: 'admin-1', acting_role: 'admin' })).toEqual({ kind: 'user', id: 'admin-1', role: 'admin' });
  });

  it('refuses to attribute an action no role check authorised', () => {
    expect(() => userActor({ sub: 'admin-1' })).toThrow('without a role check');
  });
});

import { callTaskFilter } from './task-visibility';

describe('callTaskFilter', () => {
  it('shows a rep only their own tasks in their tenant', () => {
    expect(callTaskFilter({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'] })).toEqual({ tenant: 'acme', owner_rep_id: 'rep-1' });
  });

  it("shows managers and admins the whole tenant's tasks", () => {
    expect(callTaskFilter({ sub: 'm-1', tenant: 'acme', roles: ['sales_manager'] })).toEqual({ tenant: 'acme' });
    expect(callTaskFilter({ sub: 'a-1', tenant: 'acme', roles: ['sales_rep', 'admin'] })).toEqual({ tenant: 'acme' });
  });
});

import type { AuthenticatedUser } from '@followup/auth';

/** Who sees which call tasks: managers and admins the whole tenant's, a rep only the ones they own. */
export function callTaskFilter(user: Pick<AuthenticatedUser, 'sub' | 'tenant' | 'roles'>): { tenant: string; owner_rep_id?: string } {
  const seesTenant = user.roles.includes('sales_manager') || user.roles.includes('admin');
  return seesTenant ? { tenant: user.tenant } : { tenant: user.tenant, owner_rep_id: user.sub };
}

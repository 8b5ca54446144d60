import type { EventActor, Role } from '@followup/contracts';
import type { AuthenticatedUser } from './authenticated-user';

/** Roles from the widest authority to the narrowest: a caller acts under the first of theirs the route allows. */
export const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'compliance', 'sales_manager', 'analyst', 'crm', 'sales_rep'];

/** The role that authorises a call: the caller's widest role among those the route allows, if any. */
export function actingRole(roles: readonly Role[], allowed: readonly Role[]): Role | undefined {
  return ROLE_PRECEDENCE.find((role) => roles.includes(role) && allowed.includes(role));
}

type Caller = Pick<AuthenticatedUser, 'sub' | 'acting_role'>;

/**
 * Whether the caller reaches only the leads they own: a sales rep does, every other role the whole tenant.
 * A caller whose acting role is unknown (no role check ran) is held to their own leads.
 */
export function ownLeadsOnly(caller: Pick<AuthenticatedUser, 'acting_role'>): boolean {
  return caller.acting_role === undefined || caller.acting_role === 'sales_rep';
}

/** Whether the caller may see a lead, its recommendations, drafts and tasks, given who owns it now. */
export function mayAccessLead(caller: Caller, ownerRepId: string | undefined): boolean {
  return !ownLeadsOnly(caller) || (ownerRepId !== undefined && ownerRepId === caller.sub);
}

/** Who an action is recorded as: the caller's id and the role that authorised it (an action no role check authorised is a bug). */
export function userActor(caller: Caller): EventActor & { role: Role } {
  if (!caller.acting_role) throw new Error('An action reached a use case without a role check');
  return { kind: 'user', id: caller.sub, role: caller.acting_role };
}

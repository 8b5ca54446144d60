import type { AuthenticatedUser } from '@followup/auth';
import type { NotificationRecord } from './notification.schema';

type Caller = Pick<AuthenticatedUser, 'sub' | 'tenant' | 'roles'>;
type Addressed = Pick<NotificationRecord, 'tenant' | 'recipient_role' | 'recipient_sub' | 'lead_id'>;

/** A rep's notification about a lead goes with the lead: it is its current owner's, whoever owned it when it was sent. */
export function followsLeadOwner(
  notification: Pick<NotificationRecord, 'recipient_role' | 'lead_id'>,
): notification is typeof notification & {
  lead_id: string;
} {
  return notification.recipient_role === 'sales_rep' && typeof notification.lead_id === 'string' && notification.lead_id !== '';
}

/** A notification that names no lead: `lead_id` missing, null or empty (`$in` with null matches a missing field too). */
const NO_LEAD = { $in: [null, ''] };

/**
 * A caller sees a notification of their own tenant addressed to any of their roles, unless it names another user:
 * a notification with `recipient_sub` is for that one user only. One for the sales_rep role that names a lead is for
 * the rep who owns the lead now (`leadOwner`), as everything else a rep sees of a lead is.
 */
export function canSee(caller: Caller, notification: Addressed, leadOwner?: string): boolean {
  if (notification.tenant !== caller.tenant || !caller.roles.includes(notification.recipient_role)) return false;
  if (followsLeadOwner(notification)) return leadOwner === caller.sub;
  return notification.recipient_sub === undefined || notification.recipient_sub === null || notification.recipient_sub === caller.sub;
}

/** The same rule as a MongoDB filter, for listing; `ownedLeads`: the leads a caller with the sales_rep role owns now. */
export function visibilityFilter(caller: Caller, ownedLeads: readonly string[] = []): Record<string, unknown> {
  const addressedToCaller = [{ recipient_sub: { $exists: false } }, { recipient_sub: null }, { recipient_sub: caller.sub }];
  if (!caller.roles.includes('sales_rep')) {
    return { tenant: caller.tenant, recipient_role: { $in: [...caller.roles] }, $or: addressedToCaller };
  }
  const asRep = [{ lead_id: { $in: [...ownedLeads] } }, ...addressedToCaller.map((addressed) => ({ lead_id: NO_LEAD, ...addressed }))];
  const otherRoles = caller.roles.filter((role) => role !== 'sales_rep');
  // a rep only: the role as a condition of its own, which FerretDB passes on to PostgreSQL
  if (otherRoles.length === 0) return { tenant: caller.tenant, recipient_role: 'sales_rep', $or: asRep };
  return {
    tenant: caller.tenant,
    $or: [
      ...asRep.map((condition) => ({ recipient_role: 'sales_rep', ...condition })),
      ...addressedToCaller.map((addressed) => ({ recipient_role: { $in: otherRoles }, ...addressed })),
    ],
  };
}

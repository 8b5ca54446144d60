import type { AuthenticatedUser } from '@followup/auth';
import type { NotificationRecord } from './notification.schema';

type Caller = Pick<AuthenticatedUser, 'sub' | 'tenant' | 'roles'>;
type Addressed = Pick<NotificationRecord, 'tenant' | 'recipient_role' | 'recipient_sub'>;

/**
 * A caller sees a notification of their own tenant addressed to any of their roles, unless it names
 * another user: a notification with `recipient_sub` is for that one user only.
 */
export function canSee(caller: Caller, notification: Addressed): boolean {
  return (
    notification.tenant === caller.tenant &&
    caller.roles.includes(notification.recipient_role) &&
    (notification.recipient_sub === undefined || notification.recipient_sub === null || notification.recipient_sub === caller.sub)
  );
}

/** The same rule as a MongoDB filter, for listing. */
export function visibilityFilter(caller: Caller): Record<string, unknown> {
  return {
    tenant: caller.tenant,
    recipient_role: { $in: [...caller.roles] },
    $or: [{ recipient_sub: { $exists: false } }, { recipient_sub: null }, { recipient_sub: caller.sub }],
  };
}

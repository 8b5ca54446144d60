export const CHANNELS = ['sms', 'email', 'phone_call'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Outcomes of one engagement, from strongest to weakest signal of interest. */
export const OUTCOMES = ['replied', 'opened', 'delivered', 'no_response', 'bounced'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ACCOUNT_TIERS = ['smb', 'mid-market', 'enterprise'] as const;
export type AccountTier = (typeof ACCOUNT_TIERS)[number];

export const RECOMMENDED_ACTIONS = ['follow_up', 'schedule_call', 'send_information', 'nurture', 'no_action'] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

export const ROLES = ['crm', 'sales_rep', 'sales_manager', 'compliance', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The spec: leads with fewer than two engagement events return an error, not a low-confidence recommendation. */
export const MINIMUM_ENGAGEMENT_EVENTS = 2;

/** How a lead's phone number is given and kept (the gateway refuses any other): E.164, its country code included. */
export const E164_PHONE_PATTERN = /^\+[1-9]\d{6,14}$/;

export const SERVICE_NAMES = ['gateway', 'recommender', 'compliance', 'delivery', 'audit'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** A tenant id as a token's `tenant` claim carries it: lower-case letters, digits, `_` and `-`, at most 63. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The tenant the audit trail files a dead letter under when its message names no valid tenant. */
export const UNATTRIBUTED_TENANT = '_unattributed';

/** Names the system uses for itself; no token may claim one as its tenant. */
export const RESERVED_TENANTS: readonly string[] = [UNATTRIBUTED_TENANT];

import type { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';

export const FORWARDED_SERVICES = ['compliance', 'delivery', 'audit'] as const;
export type ForwardedService = (typeof FORWARDED_SERVICES)[number];

export interface ForwardedRoute {
  service: ForwardedService;
  method: 'GET' | 'POST' | 'PUT';
  /** An Express path pattern; the owning service serves the same path. */
  path: string;
  /**
   * No token: the owning service authenticates the caller itself (the SMS provider's request signature, a signed
   * unsubscribe link), so the body goes on exactly as received. Still behind the per-address rate limit.
   */
  anonymous?: true;
}

/**
 * Every route the gateway forwards, and nothing else: a request reaches another service only when its method
 * and path match one of these, and the target is rebuilt from the pattern, never from the request line.
 */
export const FORWARDED_ROUTES: readonly ForwardedRoute[] = [
  { service: 'compliance', method: 'GET', path: '/api/v1/compliance/escalations' },
  { service: 'compliance', method: 'POST', path: '/api/v1/compliance/escalations/:escalation_id/resolve' },
  { service: 'delivery', method: 'GET', path: '/api/v1/tasks' },
  { service: 'delivery', method: 'GET', path: '/api/v1/suppressions' },
  { service: 'delivery', method: 'POST', path: '/api/v1/suppressions' },
  { service: 'delivery', method: 'POST', path: '/api/v1/webhooks/sms/inbound', anonymous: true },
  { service: 'delivery', method: 'POST', path: '/api/v1/webhooks/sms/status', anonymous: true },
  { service: 'delivery', method: 'POST', path: '/api/v1/webhooks/email/bounce', anonymous: true },
  { service: 'delivery', method: 'POST', path: '/api/v1/unsubscribe/email', anonymous: true },
  { service: 'delivery', method: 'GET', path: '/api/v1/sending-policy' },
  { service: 'delivery', method: 'PUT', path: '/api/v1/sending-policy' },
  { service: 'audit', method: 'GET', path: '/api/v1/audit/events' },
  { service: 'audit', method: 'GET', path: '/api/v1/audit/recommendations/:id/timeline' },
  { service: 'audit', method: 'GET', path: '/api/v1/audit/recommendations/:id/drafts' },
  { service: 'audit', method: 'GET', path: '/api/v1/audit/checkpoints' },
  { service: 'audit', method: 'POST', path: '/api/v1/audit/checkpoints' },
  { service: 'audit', method: 'GET', path: '/api/v1/audit/verification' },
];

const pathsOf = (routes: readonly ForwardedRoute[]) => [...new Set(routes.map((route) => route.path))];

/** Paths whose routes need a token, and paths of anonymous routes (a path is one or the other, never both). */
export const FORWARDED_PATHS = pathsOf(FORWARDED_ROUTES.filter((route) => !route.anonymous));
export const ANONYMOUS_FORWARDED_PATHS = pathsOf(FORWARDED_ROUTES.filter((route) => route.anonymous));

/** Where each forwarded service answers, as configured. */
export function forwardedServiceUrls(environment: Environment): Record<ForwardedService, string> {
  return { compliance: environment.COMPLIANCE_URL, delivery: environment.DELIVERY_URL, audit: environment.AUDIT_URL };
}

/** An id-like path segment: no dot segments (it cannot start with a dot), no slashes, no percent signs. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._:@-]{0,127}$/;

export function findForwardedRoute(method: string, path: string): ForwardedRoute | undefined {
  return FORWARDED_ROUTES.find((route) => route.method === method && route.path === path);
}

/**
 * The URL on the owning service for a matched route: the configured origin, the route's own pattern with each
 * (already decoded) parameter checked and encoded, and the query re-encoded from its parsed form. Refuses a
 * parameter that could change the path (`..`, an encoded slash) and any result that leaves the pattern.
 */
export function forwardTarget(
  route: ForwardedRoute,
  serviceUrl: string,
  params: Record<string, string>,
  query: Record<string, unknown>,
): URL {
  const invalid = Object.entries(params)
    .filter(([, value]) => !SAFE_SEGMENT.test(value))
    .map(([name]) => name);
  if (invalid.length > 0) {
    throw new FollowupError(ErrorCode.InvalidRequest, 'A path parameter is malformed.', { invalid_fields: invalid });
  }
  const path = route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const origin = new URL(serviceUrl).origin;
  const target = new URL(path, origin);
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') target.searchParams.append(name, item);
    }
  }
  if (target.origin !== origin || target.pathname !== path) {
    throw new FollowupError(ErrorCode.InvalidRequest, 'The request path is malformed.', { reason: 'path_not_forwardable' });
  }
  return target;
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEVELOPMENT_JWT_SECRET, developmentDefaultAllowed, Environment, isLoopbackHost } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';

type ConsoleSettings = Pick<Environment, 'NODE_ENV' | 'HOST' | 'JWT_SECRET' | 'JWT_JWKS_URI' | 'JWT_ISSUER' | 'CONSOLE_OIDC_CLIENT_ID'>;

/** What the console's login page offers: read by the browser from GET /console/config.json. */
export interface ConsoleConfig {
  development_login: boolean;
  oidc: { authority: string; client_id: string; scope: string } | null;
}

/**
 * The development login (a token for any role and user, signed with the gateway's own secret) exists only where
 * the built-in development secret is allowed and is the secret in use, and only while tokens are checked against
 * that secret rather than an identity provider's keys: it never signs with a secret of the deployment's own.
 */
export function developmentLoginAllowed(settings: ConsoleSettings): boolean {
  return developmentDefaultAllowed(settings) && settings.JWT_SECRET === DEVELOPMENT_JWT_SECRET && !settings.JWT_JWKS_URI;
}

/** The names a browser on the developer's own machine reaches the gateway by. */
const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The name in a Host header (`name`, `name:port`, `[v6]` or `[v6]:port`), lower-cased. */
function hostNameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

/** Whether a Host header names a loopback address: localhost, 127.0.0.1, [::1] or the loopback HOST the gateway listens on, any port. */
export function namesLoopback(hostHeader: string | undefined, listenHost: string): boolean {
  if (!hostHeader) return false;
  const listening = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
  const names = isLoopbackHost(listenHost) ? [...LOOPBACK_HOST_NAMES, listening.toLowerCase()] : LOOPBACK_HOST_NAMES;
  return names.includes(hostNameOf(hostHeader));
}

/**
 * Against DNS rebinding, while the development login is allowed: a page the developer visits can rebind its own
 * name to 127.0.0.1 and so be same-origin with the gateway, free to mint an admin token and read the data, but its
 * requests still name it in their Host header. Only requests addressed to a loopback name are answered; the rest
 * get 403 FORBIDDEN.
 */
export function loopbackHostsOnly(listenHost: string): RequestHandler {
  const notLoopback = new FollowupError(
    ErrorCode.Forbidden,
    'With its development login on, the gateway answers only requests addressed to localhost, 127.0.0.1 or [::1].',
    { reason: 'host_not_loopback' },
  );
  return (request: Request, _response: Response, next: NextFunction) =>
    next(namesLoopback(request.headers.host, listenHost) ? undefined : notLoopback);
}

export function consoleConfig(settings: ConsoleSettings): ConsoleConfig {
  const oidc =
    settings.JWT_JWKS_URI && settings.CONSOLE_OIDC_CLIENT_ID
      ? { authority: settings.JWT_ISSUER, client_id: settings.CONSOLE_OIDC_CLIENT_ID, scope: 'openid profile' }
      : null;
  return { development_login: developmentLoginAllowed(settings), oidc };
}

/** An origin for a CSP source list, or undefined when the issuer is not a URL (the development issuer is a name). */
function originOf(url: string): string | undefined {
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The console's pages: its own scripts and one stylesheet only (no inline script or style), data: images, and
 * calls to this origin and, with OpenID Connect, to the identity provider (discovery and the token endpoint).
 */
export function consoleContentSecurityPolicy(settings: ConsoleSettings): string {
  const identityProvider = consoleConfig(settings).oidc ? originOf(settings.JWT_ISSUER) : undefined;
  const connect = ["'self'", ...(identityProvider ? [identityProvider] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

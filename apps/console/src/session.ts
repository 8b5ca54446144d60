export const ROLES = ['sales_rep', 'sales_manager', 'compliance', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is signed in: the token stays in this object, in memory only (never in browser storage or a URL). */
export interface Session {
  token: string;
  sub: string;
  tenant: string;
  roles: string[];
  /** The identity provider's ID token, when signed in with OpenID Connect: the hint that ends its session on sign out. */
  idToken?: string;
}

/** The claims the console needs to choose its screens; the gateway still decides what is allowed. */
export function sessionFromToken(token: string, idToken?: string): Session {
  const payload = token.split('.')[1] ?? '';
  const json = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  const claims = JSON.parse(json) as { sub?: string; tenant?: string; roles?: string[] };
  return { token, sub: claims.sub ?? '', tenant: claims.tenant ?? '', roles: claims.roles ?? [], idToken };
}

export function hasRole(session: Session, ...roles: string[]): boolean {
  return session.roles.some((role) => role === 'admin' || roles.includes(role));
}

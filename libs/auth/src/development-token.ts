import { sign } from 'jsonwebtoken';
import { Role } from '@followup/contracts';

export interface DevelopmentTokenClaims {
  sub: string;
  tenant: string;
  roles: Role[];
}

export interface SigningSettings {
  secret: string;
  issuer: string;
  audience: string;
  expiresInSeconds?: number;
}

/** An HS256 token in the shape the gateway expects; for development, tests and the demo only. */
export function signDevelopmentToken(claims: DevelopmentTokenClaims, settings: SigningSettings): string {
  return sign({ tenant: claims.tenant, roles: claims.roles }, settings.secret, {
    algorithm: 'HS256',
    subject: claims.sub,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.expiresInSeconds ?? 3600,
  });
}

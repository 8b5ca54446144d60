import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decode, JsonWebTokenError } from 'jsonwebtoken';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { AuthenticatedUser } from './authenticated-user';

/**
 * Whether jwks-rsa failed because the identity provider could not be asked (unreachable, or an HTTP error
 * from its JWKS endpoint), rather than because it does not know the token's key.
 */
export function isIdentityProviderOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'JwksError') return true;
  return typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** A valid token cannot be told from a forged one while the keys are out of reach: retry, not re-authenticate. */
function identityProviderUnavailable(environment: Environment): FollowupError {
  return new FollowupError(
    ErrorCode.ServiceUnavailable,
    'The identity provider cannot be reached to check the bearer token. Retry after a few minutes.',
    { reason: 'identity_provider_unavailable', retry_after_seconds: environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS },
  );
}

/**
 * HS256 with the configured secret in development; RS256 with keys from the identity provider's JWKS
 * endpoint when JWT_JWKS_URI is set. Only the one algorithm is accepted, which rules out `alg: none`
 * and HS/RS confusion. A token whose key cannot be fetched because the identity provider is down gets
 * the spec's 503, not a 401 that would send the caller to re-authenticate.
 */
export function jwtStrategyOptions(environment: Environment): StrategyOptionsWithoutRequest {
  const common = {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    issuer: environment.JWT_ISSUER,
    audience: environment.JWT_AUDIENCE,
    ignoreExpiration: false,
  };
  if (environment.JWT_JWKS_URI) {
    const keyFromJwks = passportJwtSecret({
      jwksUri: environment.JWT_JWKS_URI,
      cache: true,
      rateLimit: true,
      jwksRequestsPerMinute: 10,
    });
    return {
      ...common,
      algorithms: ['RS256'],
      // jwks-rsa answers "no key" both for an unknown `kid` and for another algorithm; tell them apart first
      secretOrKeyProvider: (request, rawToken, done) => {
        const header = decode(rawToken, { complete: true })?.header;
        if (!header) return done(new JsonWebTokenError('jwt malformed'));
        if (header.alg !== 'RS256') return done(new JsonWebTokenError('invalid algorithm'));
        return keyFromJwks(request, rawToken, (error, key) =>
          isIdentityProviderOutage(error) ? done(identityProviderUnavailable(environment)) : done(error, key),
        );
      },
    };
  }
  return { ...common, algorithms: ['HS256'], secretOrKey: environment.JWT_SECRET };
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(environment: Environment) {
    super(jwtStrategyOptions(environment));
  }

  validate(payload: Record<string, unknown>): AuthenticatedUser {
    const user = plainToInstance(AuthenticatedUser, { sub: payload.sub, tenant: payload.tenant, roles: payload.roles });
    const problems = validateSync(user).map((error) => error.property);
    if (problems.length > 0) {
      throw new FollowupError(ErrorCode.InvalidToken, 'The bearer token is missing required claims.', {
        reason: 'invalid_claims',
        claims: problems,
      });
    }
    return user;
  }
}

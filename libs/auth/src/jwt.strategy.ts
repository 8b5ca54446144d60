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
 * HS256 with the configured secret in development; RS256 with keys from the identity provider's JWKS
 * endpoint when JWT_JWKS_URI is set. Only the one algorithm is accepted, which rules out `alg: none`
 * and HS/RS confusion.
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
        return keyFromJwks(request, rawToken, done);
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

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decode, JsonWebTokenError } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { AuthenticatedUser } from './authenticated-user';
import { JwksKeyStore, KeySet } from './jwks-key-store';

/** How far ahead of this server's clock a token's `iat` may be (clock skew between issuer and API). */
const ISSUED_AT_SKEW_SECONDS = 60;
const JWKS_FETCH_TIMEOUT_MS = 5_000;

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
 * HS256 with the configured secret; RS256 with keys from the identity provider's JWKS endpoint when
 * JWT_JWKS_URI is set, held in a JwksKeyStore so that tokens cannot spend its fetch budget. Only the one algorithm is accepted, which rules out `alg: none`
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
    const client = new JwksClient({ jwksUri: environment.JWT_JWKS_URI, cache: false, rateLimit: false, timeout: JWKS_FETCH_TIMEOUT_MS });
    const keys = new JwksKeyStore(
      async (): Promise<KeySet> => new Map((await client.getSigningKeys()).map((key) => [key.kid, key.getPublicKey()])),
      {
        refreshIntervalMs: environment.JWT_JWKS_REFRESH_INTERVAL_SECONDS * 1000,
        unknownKidRefreshMs: environment.JWT_JWKS_UNKNOWN_KID_REFRESH_SECONDS * 1000,
      },
    );
    return {
      ...common,
      algorithms: ['RS256'],
      // the key store answers "no key" both for an unknown `kid` and for another algorithm; tell them apart first
      secretOrKeyProvider: (_request, rawToken, done) => {
        const header = decode(rawToken, { complete: true })?.header;
        if (!header) return done(new JsonWebTokenError('jwt malformed'));
        if (header.alg !== 'RS256') return done(new JsonWebTokenError('invalid algorithm'));
        keys.keyFor(header.kid).then(
          (key) => done(null, key),
          (error: unknown) => (isIdentityProviderOutage(error) ? done(identityProviderUnavailable(environment)) : done(error)),
        );
      },
    };
  }
  // A KeyObject, made once: given the string, jsonwebtoken tries it as a PEM public key on every request and builds
  // the secret key only after that attempt has thrown. passport-jwt passes it through; its types say string | Buffer.
  const secretKey = createSecretKey(Buffer.from(environment.JWT_SECRET));
  return { ...common, algorithms: ['HS256'], secretOrKey: secretKey as unknown as Buffer };
}

/**
 * What is wrong with a verified token's lifetime, if anything: it must say when it was issued (`iat`, not in
 * the future) and when it expires (`exp`), and may not be valid for longer than `maxAgeSeconds`.
 */
export function tokenLifetimeProblem(
  payload: Record<string, unknown>,
  maxAgeSeconds: number,
  nowSeconds: number,
): { reason: string; message: string } | undefined {
  const { iat, exp } = payload;
  if (typeof exp !== 'number') return { reason: 'missing_expiry', message: 'The bearer token has no expiry (exp).' };
  if (typeof iat !== 'number') return { reason: 'missing_issued_at', message: 'The bearer token has no issue time (iat).' };
  if (iat > nowSeconds + ISSUED_AT_SKEW_SECONDS)
    return { reason: 'issued_in_future', message: 'The bearer token is issued in the future.' };
  if (exp - iat > maxAgeSeconds) {
    return {
      reason: 'lifetime_too_long',
      message: `The bearer token is valid for longer than this API accepts (${maxAgeSeconds} seconds).`,
    };
  }
  return undefined;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly environment: Environment) {
    super(jwtStrategyOptions(environment));
  }

  validate(payload: Record<string, unknown>): AuthenticatedUser {
    const lifetime = tokenLifetimeProblem(payload, this.environment.JWT_MAX_TOKEN_AGE_SECONDS, Math.floor(Date.now() / 1000));
    if (lifetime) throw new FollowupError(ErrorCode.InvalidToken, lifetime.message, { reason: lifetime.reason });
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

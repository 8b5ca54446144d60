import { JsonWebTokenError, TokenExpiredError, verify } from 'jsonwebtoken';
import { validateEnvironment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { describeTokenProblem } from './guards';
import { signDevelopmentToken } from './development-token';
import { isIdentityProviderOutage, jwtStrategyOptions, JwtStrategy, tokenLifetimeProblem } from './jwt.strategy';

describe('describeTokenProblem', () => {
  it.each([
    [new TokenExpiredError('jwt expired', new Date()), 'expired'],
    [new Error('No auth token'), 'missing'],
    [new JsonWebTokenError('invalid signature'), 'invalid_signature'],
    [new JsonWebTokenError('jwt audience invalid. expected: followup-api'), 'wrong_audience'],
    [new JsonWebTokenError('jwt issuer invalid. expected: followup-dev'), 'wrong_issuer'],
    [new JsonWebTokenError('invalid algorithm'), 'unsupported_algorithm'],
    [new JsonWebTokenError('jwt signature is required'), 'unsigned'],
    [new JsonWebTokenError('jwt malformed'), 'malformed'],
    [
      Object.assign(new Error("Unable to find a signing key that matches 'k9'"), { name: 'SigningKeyNotFoundError' }),
      'unknown_signing_key',
    ],
    [new JsonWebTokenError('secret or public key must be provided'), 'unknown_signing_key'],
  ])('%s → %s', (info, reason) => {
    expect(describeTokenProblem(info).reason).toBe(reason);
  });
});

describe('JwtStrategy.validate', () => {
  const strategy = new JwtStrategy(validateEnvironment({}));
  const now = Math.floor(Date.now() / 1000);
  const lifetime = { iat: now, exp: now + 600 };

  it('keeps sub, tenant and roles', () => {
    expect(strategy.validate({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'], extra: 1, ...lifetime })).toEqual({
      sub: 'rep-1',
      tenant: 'acme',
      roles: ['sales_rep'],
    });
  });

  it('rejects a token without a tenant or with an unknown role', () => {
    for (const claims of [
      { sub: 'rep-1', roles: ['sales_rep'] },
      { sub: 'rep-1', tenant: 'acme', roles: ['root'] },
      { sub: 'rep-1', tenant: 'acme', roles: [] },
    ]) {
      expect(() => strategy.validate({ ...claims, ...lifetime })).toThrow(FollowupError);
    }
    try {
      strategy.validate({ sub: 'rep-1', roles: ['sales_rep'], ...lifetime });
    } catch (error) {
      expect((error as FollowupError).code).toBe(ErrorCode.InvalidToken);
      expect((error as FollowupError).details).toEqual({ reason: 'invalid_claims', claims: ['tenant'] });
    }
  });

  it.each(['a', 'acme', 'acme-eu_2', '0day', 'a'.repeat(63)])('accepts the tenant %s', (tenant) => {
    expect(strategy.validate({ sub: 'rep-1', tenant, roles: ['sales_rep'], ...lifetime }).tenant).toBe(tenant);
  });

  it.each(['_unattributed', 'Acme', '-acme', 'ac me', 'acme.eu', 'a'.repeat(64), '', 'acme\n'])('refuses the tenant %j', (tenant) => {
    expect(() => strategy.validate({ sub: 'rep-1', tenant, roles: ['sales_rep'], ...lifetime })).toThrow(
      expect.objectContaining({ details: { reason: 'invalid_claims', claims: ['tenant'] } }),
    );
  });

  it('refuses a token without exp before looking at its claims', () => {
    expect(() => strategy.validate({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'], iat: now })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidToken, details: { reason: 'missing_expiry' } }),
    );
  });
});

describe('jwtStrategyOptions with a shared secret', () => {
  const environment = validateEnvironment({});
  const options = jwtStrategyOptions(environment);
  const settings = { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE };
  const token = (secret: string) => signDevelopmentToken({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'] }, { ...settings, secret });
  const check = (raw: string) => verify(raw, (options as { secretOrKey: Buffer }).secretOrKey, { algorithms: options.algorithms });

  it('verifies a token signed with the secret, and refuses one signed with another', () => {
    expect(check(token(environment.JWT_SECRET))).toMatchObject({ sub: 'rep-1', tenant: 'acme' });
    expect(() => check(token(`${environment.JWT_SECRET}-other`))).toThrow('invalid signature');
  });
});

describe('tokenLifetimeProblem', () => {
  const now = 1_800_000_000;

  it.each<[Record<string, unknown>, string | undefined]>([
    [{ iat: now, exp: now + 3600 }, undefined],
    [{ iat: now - 3000, exp: now + 600 }, undefined],
    [{ iat: now, exp: now + 3601 }, 'lifetime_too_long'],
    [{ iat: now }, 'missing_expiry'],
    [{ iat: now, exp: String(now + 60) }, 'missing_expiry'],
    [{ exp: now + 60 }, 'missing_issued_at'],
    [{ iat: now + 61, exp: now + 120 }, 'issued_in_future'],
    [{ iat: now + 60, exp: now + 120 }, undefined],
  ])('%j with a one-hour maximum → %s', (payload, reason) => {
    expect(tokenLifetimeProblem(payload, 3600, now)?.reason).toBe(reason);
  });
});

describe('isIdentityProviderOutage', () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name }, extra);

  it('is an unreachable or failing JWKS endpoint, never a key it does not know', () => {
    expect(isIdentityProviderOutage(named('JwksError'))).toBe(true);
    expect(isIdentityProviderOutage(named('Error', { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isIdentityProviderOutage(named('SigningKeyNotFoundError'))).toBe(false);
    expect(isIdentityProviderOutage(named('JwksRateLimitError'))).toBe(false);
    expect(isIdentityProviderOutage(new JsonWebTokenError('invalid algorithm'))).toBe(false);
    expect(isIdentityProviderOutage(null)).toBe(false);
  });
});

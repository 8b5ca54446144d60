import { JsonWebTokenError, TokenExpiredError } from 'jsonwebtoken';
import { validateEnvironment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { describeTokenProblem } from './guards';
import { isIdentityProviderOutage, JwtStrategy } from './jwt.strategy';

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

  it('keeps sub, tenant and roles', () => {
    expect(strategy.validate({ sub: 'rep-1', tenant: 'acme', roles: ['sales_rep'], extra: 1 })).toEqual({
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
      expect(() => strategy.validate(claims)).toThrow(FollowupError);
    }
    try {
      strategy.validate({ sub: 'rep-1', roles: ['sales_rep'] });
    } catch (error) {
      expect((error as FollowupError).code).toBe(ErrorCode.InvalidToken);
      expect((error as FollowupError).details).toEqual({ reason: 'invalid_claims', claims: ['tenant'] });
    }
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

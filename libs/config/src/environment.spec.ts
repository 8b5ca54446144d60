import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('fills defaults and converts numbers', () => {
    const environment = validateEnvironment({ RATE_LIMIT_MAX_REQUESTS: '7' });
    expect(environment.RATE_LIMIT_MAX_REQUESTS).toBe(7);
    expect(environment.KAFKA_BROKERS).toBe('127.0.0.1:9092');
  });

  it('names every invalid setting', () => {
    expect(() => validateEnvironment({ LOG_LEVEL: 'loud', RECOMMENDATION_REPLY_TIMEOUT_MS: 'soon' })).toThrow(
      /LOG_LEVEL[\s\S]*RECOMMENDATION_REPLY_TIMEOUT_MS/,
    );
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(InvalidEnvironmentError);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });
});

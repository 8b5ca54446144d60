import {
  developmentDefaultAllowed,
  developmentDefaultRefusal,
  forbiddenDevelopmentDefaults,
  InvalidEnvironmentError,
  refuseForbiddenDevelopmentDefaults,
  validateEnvironment,
} from './environment';

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

  it("checks a service's own settings and the shared ones, never another service's", () => {
    const raw = { SMTP_PORT: 'twenty-five', OPENAI_TIMEOUT_MS: 'slow' };
    expect(() => validateEnvironment(raw, 'gateway')).not.toThrow();
    expect(() => validateEnvironment(raw, 'compliance')).not.toThrow();
    expect(() => validateEnvironment(raw, 'delivery')).toThrow(/SMTP_PORT/);
    expect(() => validateEnvironment(raw, 'delivery')).not.toThrow(/OPENAI_TIMEOUT_MS/);
    expect(() => validateEnvironment(raw, 'recommender')).toThrow(/OPENAI_TIMEOUT_MS/);
    expect(() => validateEnvironment(raw)).toThrow(/SMTP_PORT[\s\S]*OPENAI_TIMEOUT_MS/);
  });

  it('refuses a gateway whose requests would go to the manual queue while their caller still waits for the answer', () => {
    const raw = { RECOMMENDATION_REPLY_TIMEOUT_MS: '8000', RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: '8000' };
    expect(() => validateEnvironment(raw, 'gateway')).toThrow(/RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: must be longer/);
    expect(() => validateEnvironment(raw, 'recommender')).not.toThrow();
    expect(() => validateEnvironment({ ...raw, RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: '8001' }, 'gateway')).not.toThrow();
  });

  it('checks the shared settings in every service', () => {
    for (const service of ['gateway', 'recommender', 'compliance', 'delivery', 'audit'] as const) {
      expect(() => validateEnvironment({ LOG_LEVEL: 'loud' }, service)).toThrow(/LOG_LEVEL/);
    }
  });

  it('treats an empty value as unset, for optional settings and settings with a default alike', () => {
    const environment = validateEnvironment({ JWT_JWKS_URI: '', OPENAI_BASE_URL: '', NODE_ENV: '', HOST: '', SMTP_PORT: '' });
    expect(environment.JWT_JWKS_URI).toBeUndefined();
    expect(environment.OPENAI_BASE_URL).toBeUndefined();
    expect(environment.NODE_ENV).toBeUndefined();
    expect(environment.HOST).toBe('127.0.0.1');
    expect(environment.SMTP_PORT).toBe(587);
  });
});

describe('developmentDefaultAllowed', () => {
  it.each([
    ['development', '127.0.0.1', true],
    ['test', '::1', true],
    ['test', 'localhost', true],
    ['development', '127.0.0.2', true],
    [undefined, '127.0.0.1', false],
    ['production', '127.0.0.1', false],
    ['development', '0.0.0.0', false],
    ['test', '10.0.0.5', false],
    ['development', '::', false],
  ] as const)('NODE_ENV %s, HOST %s → %s', (NODE_ENV, HOST, allowed) => {
    expect(developmentDefaultAllowed({ NODE_ENV, HOST })).toBe(allowed);
  });

  it('says why not', () => {
    expect(developmentDefaultRefusal({ NODE_ENV: undefined, HOST: '127.0.0.1' })).toBe('NODE_ENV is unset, not development or test');
    expect(developmentDefaultRefusal({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toBe('HOST 0.0.0.0 is not a loopback address');
  });
});

describe('refuseForbiddenDevelopmentDefaults', () => {
  it('refuses the built-in JWT secret outside development on loopback, and names the setting', () => {
    for (const raw of [{}, { NODE_ENV: 'production' }, { NODE_ENV: 'development', HOST: '0.0.0.0' }]) {
      expect(() => refuseForbiddenDevelopmentDefaults(validateEnvironment(raw))).toThrow(InvalidEnvironmentError);
      expect(forbiddenDevelopmentDefaults(validateEnvironment(raw))).toEqual([
        expect.stringMatching(/^JWT_SECRET: /),
        expect.stringMatching(/^KAFKA_SASL_USERNAME: /),
      ]);
    }
  });

  it('accepts it in development on loopback, and an own secret or a JWKS endpoint anywhere', () => {
    expect(forbiddenDevelopmentDefaults(validateEnvironment({ NODE_ENV: 'development' }))).toEqual([]);
    const kafka = { KAFKA_SASL_USERNAME: 'followup-gateway', KAFKA_SASL_PASSWORD: 'a-secret' };
    expect(forbiddenDevelopmentDefaults(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...kafka }))).toEqual([]);
    expect(
      forbiddenDevelopmentDefaults(
        validateEnvironment({ NODE_ENV: 'production', HOST: '0.0.0.0', JWT_JWKS_URI: 'https://idp.example/jwks', ...kafka }),
      ),
    ).toEqual([]);
  });
});

describe('Kafka credentials', () => {
  it('need a password with a username, and a username with a password', () => {
    expect(() => validateEnvironment({ KAFKA_SASL_USERNAME: 'followup-gateway' })).toThrow(/KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD/);
    expect(() => validateEnvironment({ KAFKA_SASL_PASSWORD: 'a-secret' })).toThrow(/KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD/);
  });
});

import { DEVELOPMENT_UNSUBSCRIBE_SECRET, unsubscribeSecret } from './unsubscribe-secret';

describe('unsubscribeSecret', () => {
  const configured = 'a-configured-unsubscribe-secret-0123456789';

  it('uses the development key only in development or test on loopback', () => {
    expect(unsubscribeSecret({ NODE_ENV: 'test', HOST: '127.0.0.1' })).toBe(DEVELOPMENT_UNSUBSCRIBE_SECRET);
    expect(() => unsubscribeSecret({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toThrow(
      'UNSUBSCRIBE_TOKEN_SECRET: required here (NODE_ENV is production, not development or test)',
    );
    expect(() => unsubscribeSecret({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toThrow('HOST 0.0.0.0 is not a loopback address');
  });

  it('refuses the development key configured explicitly outside development, and uses a configured one anywhere', () => {
    expect(() =>
      unsubscribeSecret({ NODE_ENV: 'production', HOST: '0.0.0.0', UNSUBSCRIBE_TOKEN_SECRET: DEVELOPMENT_UNSUBSCRIBE_SECRET }),
    ).toThrow('UNSUBSCRIBE_TOKEN_SECRET');
    expect(unsubscribeSecret({ NODE_ENV: 'production', HOST: '0.0.0.0', UNSUBSCRIBE_TOKEN_SECRET: configured })).toBe(configured);
  });
});

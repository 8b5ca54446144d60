import { DEVELOPMENT_JWT_SECRET } from '@followup/config';
import { consoleConfig, consoleContentSecurityPolicy, developmentLoginAllowed, namesLoopback } from './console-access';

const development = { NODE_ENV: 'development' as const, HOST: '127.0.0.1', JWT_SECRET: DEVELOPMENT_JWT_SECRET, JWT_ISSUER: 'followup-dev' };
const identityProvider = {
  NODE_ENV: 'production' as const,
  HOST: '0.0.0.0',
  JWT_SECRET: DEVELOPMENT_JWT_SECRET,
  JWT_ISSUER: 'https://login.example.test/realms/acme',
  JWT_JWKS_URI: 'https://login.example.test/realms/acme/certs',
  CONSOLE_OIDC_CLIENT_ID: 'followup-console',
};

describe('developmentLoginAllowed', () => {
  it.each([
    ['development on loopback', development, true],
    ['test on loopback', { ...development, NODE_ENV: 'test' as const }, true],
    ['production', { ...development, NODE_ENV: 'production' as const }, false],
    ['NODE_ENV unset', { ...development, NODE_ENV: undefined }, false],
    ['development on every interface', { ...development, HOST: '0.0.0.0' }, false],
    [
      'test on loopback with a secret of its own',
      { ...development, NODE_ENV: 'test' as const, JWT_SECRET: 'a-real-secret-of-at-least-32-characters' },
      false,
    ],
    ['development with an identity provider', { ...development, JWT_JWKS_URI: 'http://127.0.0.1:8080/certs' }, false],
  ])('%s: %s', (_, settings, allowed) => {
    expect(developmentLoginAllowed(settings)).toBe(allowed);
  });
});

describe('namesLoopback', () => {
  it.each([
    ['localhost:3000', '127.0.0.1'],
    ['LOCALHOST', '127.0.0.1'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['[::1]:3000', '127.0.0.1'],
    ['[::1]', '127.0.0.1'],
    ['127.0.0.2:3000', '127.0.0.2'],
    ['[::1]:3000', '::1'],
  ])('takes %s (listening on %s)', (hostHeader, listenHost) => {
    expect(namesLoopback(hostHeader, listenHost)).toBe(true);
  });

  it.each([
    ['a rebound name', 'evil.example:3000', '127.0.0.1'],
    ['a name ending like localhost', 'localhost.evil.example:3000', '127.0.0.1'],
    ['another loopback address than the one listened on', '127.0.0.2:3000', '127.0.0.1'],
    ['an unclosed IPv6 literal', '[::1:3000', '127.0.0.1'],
    ['an address the gateway listens on that is not loopback', '10.0.0.5:3000', '10.0.0.5'],
    ['no Host header', undefined, '127.0.0.1'],
  ])('refuses %s', (_, hostHeader, listenHost) => {
    expect(namesLoopback(hostHeader, listenHost)).toBe(false);
  });
});

describe('consoleConfig', () => {
  it('offers the development login and no OpenID Connect in development', () => {
    expect(consoleConfig(development)).toEqual({ development_login: true, oidc: null });
  });

  it('offers OpenID Connect against the issuer when a key set and a client id are configured', () => {
    expect(consoleConfig(identityProvider)).toEqual({
      development_login: false,
      oidc: { authority: 'https://login.example.test/realms/acme', client_id: 'followup-console', scope: 'openid profile' },
    });
  });

  it('offers no OpenID Connect without a client id', () => {
    expect(consoleConfig({ ...identityProvider, CONSOLE_OIDC_CLIENT_ID: undefined }).oidc).toBeNull();
  });
});

describe('consoleContentSecurityPolicy', () => {
  it('allows only its own scripts and styles, and calls to its own origin in development', () => {
    expect(consoleContentSecurityPolicy(development)).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("lets the browser call the identity provider's origin with OpenID Connect", () => {
    expect(consoleContentSecurityPolicy(identityProvider)).toContain("connect-src 'self' https://login.example.test;");
  });
});

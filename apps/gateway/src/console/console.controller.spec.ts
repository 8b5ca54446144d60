import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { verify } from 'jsonwebtoken';
import { Environment, validateEnvironment } from '@followup/config';
import { ApiExceptionFilter, ContractValidationPipe } from '@followup/http';
import { ConsoleController } from './console.controller';

/** The console's routes over a real socket, in the settings that offer the development login and in those that must not. */
async function consoleApp(settings: Record<string, unknown>): Promise<{ app: INestApplication; url: string }> {
  const module = await Test.createTestingModule({
    controllers: [ConsoleController],
    providers: [{ provide: Environment, useValue: validateEnvironment(settings) }],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  app.useGlobalFilters(new ApiExceptionFilter(60_000, 30));
  app.useGlobalPipes(new ContractValidationPipe());
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

const askForToken = (url: string, body: unknown) =>
  fetch(`${url}/console/dev-token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the console routes', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('signs a development token for the chosen role and user in development', async () => {
    const started = await consoleApp({ NODE_ENV: 'development', HOST: '127.0.0.1' });
    app = started.app;
    expect(await (await fetch(`${started.url}/console/config.json`)).json()).toEqual({ development_login: true, oidc: null });
    const response = await askForToken(started.url, { sub: 'rep-17', tenant: 'acme', role: 'sales_rep' });
    expect(response.status).toBe(200);
    const { access_token, expires_in } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(3600);
    const claims = verify(access_token, 'followup-development-secret-not-for-production', {
      issuer: 'followup-dev',
      audience: 'followup-api',
    }) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  });

  it('refuses an unknown role or a malformed tenant', async () => {
    const started = await consoleApp({ NODE_ENV: 'development', HOST: '127.0.0.1' });
    app = started.app;
    expect((await askForToken(started.url, { sub: 'rep-17', tenant: 'acme', role: 'root' })).status).toBe(400);
    expect((await askForToken(started.url, { sub: 'rep-17', tenant: 'Acme Corp', role: 'analyst' })).status).toBe(400);
  });

  it.each([
    [
      'production with a secret of its own',
      { NODE_ENV: 'production', HOST: '0.0.0.0', JWT_SECRET: 'a-production-secret-of-at-least-32-chars' },
    ],
    ['development behind an identity provider', { NODE_ENV: 'development', HOST: '127.0.0.1', JWT_JWKS_URI: 'http://127.0.0.1:9/certs' }],
  ])('does not exist in %s (404 ROUTE_NOT_FOUND) and the config says so', async (_, settings) => {
    const started = await consoleApp(settings);
    app = started.app;
    for (const body of [{ sub: 'rep-17', tenant: 'acme', role: 'admin' }, {}]) {
      const response = await askForToken(started.url, body);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
    }
    expect(((await (await fetch(`${started.url}/console/config.json`)).json()) as { development_login: boolean }).development_login).toBe(
      false,
    );
  });

  it('serves the built page under its strict policy, any route of the app as the page, and nothing outside the bundle', async () => {
    const started = await consoleApp({ NODE_ENV: 'development', HOST: '127.0.0.1' });
    app = started.app;
    for (const path of ['/console', '/console/', '/console/queue']) {
      const page = await fetch(`${started.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    }
    expect((await fetch(`${started.url}/console/assets/none.js`)).status).toBe(404);
    expect((await fetch(`${started.url}/console/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });
});

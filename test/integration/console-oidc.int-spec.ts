import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { JwksServer } from '../support/jwks-server';
import { eventually, TestStack } from '../support/stack';
import { launchChromium } from './console-browser';

/**
 * The console's OpenID Connect sign-in in a real browser: authorization code with PKCE (S256) against a
 * stand-in identity provider on a local port, whose RS256 access token the gateway then accepts; and the sign
 * out, which must not leave the provider's session for the next person at the workstation.
 */
const CLIENT_ID = 'followup-console';
const keys = new JwksServer('console-oidc-key');
let provider: Server;
let issuer: string;
let stack: TestStack;
let browser: Browser;
/**
 * What the provider saw: each authorization request's PKCE challenge and prompt, each token request's verifier
 * check, and each end-session request; and the ID tokens it issued.
 */
const authorizations: { code_challenge_method: string | null; redirect_uri: string | null; prompt: string | null }[] = [];
const tokenRequests: { pkce_ok: boolean; client_id: string | null }[] = [];
const endSessions: { id_token_hint: string | null; post_logout_redirect_uri: string | null }[] = [];
const idTokens: string[] = [];
const challenges = new Map<string, string>();
/** Whether the discovery document offers an end-session endpoint (RP-initiated logout). */
let offersEndSession = true;

async function form(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', issuer);
  const json = (body: unknown): void => {
    response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(body));
  };
  if (url.pathname === '/.well-known/openid-configuration') {
    return json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      ...(offersEndSession ? { end_session_endpoint: `${issuer}/logout` } : {}),
    });
  }
  if (url.pathname === '/jwks') return json(keys.jwks);
  if (url.pathname === '/authorize') {
    // signs the person in at once and sends the browser back with a one-time code
    authorizations.push({
      code_challenge_method: url.searchParams.get('code_challenge_method'),
      redirect_uri: url.searchParams.get('redirect_uri'),
      prompt: url.searchParams.get('prompt'),
    });
    const code = randomUUID();
    challenges.set(code, url.searchParams.get('code_challenge') ?? '');
    const back = new URL(url.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    response.writeHead(302, { location: back.toString() }).end();
    return;
  }
  if (url.pathname === '/token' && request.method === 'POST') {
    const body = await form(request);
    const challenge = challenges.get(body.get('code') ?? '');
    challenges.delete(body.get('code') ?? '');
    const verifier = body.get('code_verifier') ?? '';
    const pkce_ok = challenge !== undefined && createHash('sha256').update(verifier).digest('base64url') === challenge;
    tokenRequests.push({ pkce_ok, client_id: body.get('client_id') });
    if (!pkce_ok) {
      response.writeHead(400, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end('{"error":"invalid_grant"}');
      return;
    }
    const idToken = keys.token({}, { subject: 'rep-oidc', issuer, audience: CLIENT_ID });
    idTokens.push(idToken);
    return json({
      token_type: 'Bearer',
      expires_in: 600,
      access_token: keys.token({ tenant: 'acme', roles: ['sales_rep'] }, { subject: 'rep-oidc', issuer, audience: 'followup-api' }),
      id_token: idToken,
    });
  }
  if (url.pathname === '/logout' && offersEndSession) {
    // ends the person's session and sends the browser back where the console asked
    endSessions.push({
      id_token_hint: url.searchParams.get('id_token_hint'),
      post_logout_redirect_uri: url.searchParams.get('post_logout_redirect_uri'),
    });
    response.writeHead(302, { location: url.searchParams.get('post_logout_redirect_uri')! }).end();
    return;
  }
  response.writeHead(404).end();
}

beforeAll(async () => {
  provider = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  stack = new TestStack({ gateway: { JWT_JWKS_URI: `${issuer}/jwks`, JWT_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: CLIENT_ID } });
  await stack.start(['gateway']);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await new Promise<void>((resolve) => (provider ? provider.close(() => resolve()) : resolve()));
});

it('signs in with authorization code and PKCE, keeps the token out of storage and the URL, and calls the API with it', async () => {
  const page = await (await browser.newContext()).newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => void (/Content Security Policy/i.test(message.text()) && cspViolations.push(message.text())));
  await page.goto(`${stack.gatewayUrl}/console/`);
  await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  expect(authorizations).toEqual([{ code_challenge_method: 'S256', redirect_uri: `${stack.gatewayUrl}/console/`, prompt: null }]);
  expect(tokenRequests).toEqual([{ pkce_ok: true, client_id: CLIENT_ID }]);
  expect(await page.getByText('rep-oidc · acme').count()).toBe(1);
  // the gateway accepted the provider's token: the rep's (empty) queue loaded
  await page.getByText('Nothing to review.').waitFor();
  expect(page.url()).toBe(`${stack.gatewayUrl}/console/`);
  const stored: string = await page.evaluate('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])');
  expect(stored).not.toMatch(/eyJ/); // no JWT in either storage
  // with an identity provider there is no development login
  const devToken = await fetch(`${stack.gatewayUrl}/console/dev-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: 'rep-17', tenant: 'acme', role: 'admin' }),
  });
  expect(devToken.status).toBe(404);
  expect(await page.getByRole('heading', { name: 'Development login' }).count()).toBe(0);
  expect(cspViolations).toEqual([]);
  await page.context().close();
});

async function signInWithProvider(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${stack.gatewayUrl}/console/`);
  await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

it("signing out ends the provider's session with the ID token as hint, and comes back to the login page", async () => {
  offersEndSession = true;
  const page = await signInWithProvider();
  const idToken = idTokens.at(-1);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await eventually(async () => endSessions.length > 0 || undefined);
  expect(endSessions).toEqual([{ id_token_hint: idToken, post_logout_redirect_uri: `${stack.gatewayUrl}/console/` }]);
  await page.waitForLoadState();
  await page.getByRole('button', { name: 'Sign in with your identity provider' }).waitFor();
  expect(page.url()).toBe(`${stack.gatewayUrl}/console/`);
  await page.context().close();
});

it('signing out where the provider offers no end-session endpoint makes the next sign-in ask for the login', async () => {
  offersEndSession = false;
  const endSessionsBefore = endSessions.length;
  const page = await signInWithProvider();
  expect(authorizations.at(-1)?.prompt).toBeNull();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  expect(authorizations.at(-1)?.prompt).toBe('login');
  expect(endSessions).toHaveLength(endSessionsBefore);
  await page.context().close();
});

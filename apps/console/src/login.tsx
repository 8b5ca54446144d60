import { Box, Button, Callout, Card, Flex, Heading, Text, TextField } from '@radix-ui/themes';
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { FormEvent, useEffect, useState } from 'react';
import { Field } from './components';
import { ROLES, Session, sessionFromToken } from './session';

interface ConsoleConfig {
  development_login: boolean;
  oidc: { authority: string; client_id: string; scope: string } | null;
}

/**
 * OpenID Connect authorization code with PKCE. The user (and its tokens) is kept in memory only; the browser
 * keeps just the short-lived PKCE state across the redirect (oidc-client-ts's default), removed on return.
 */
function userManager(oidc: NonNullable<ConsoleConfig['oidc']>): UserManager {
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.client_id,
    scope: oidc.scope,
    redirect_uri: `${window.location.origin}/console/`,
    post_logout_redirect_uri: `${window.location.origin}/console/`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

async function loadConsoleConfig(): Promise<ConsoleConfig> {
  return (await fetch('/console/config.json')).json() as Promise<ConsoleConfig>;
}

/**
 * Ends the identity provider's session too, so that the next person at a shared workstation is not signed in
 * silently as this one: the browser goes to the provider's end-session endpoint with the ID token as hint, and
 * comes back to the login page. False where the provider's discovery document offers no such endpoint.
 */
export async function endIdentityProviderSession(idToken: string): Promise<boolean> {
  const { oidc } = await loadConsoleConfig();
  if (!oidc) return false;
  const manager = userManager(oidc);
  if (!(await manager.metadataService.getEndSessionEndpoint())) return false;
  await manager.signoutRedirect({ id_token_hint: idToken });
  return true;
}

/** `askForLogin`: the provider must ask who signs in rather than reuse its session (prompt=login), after a sign out it could not end. */
export function Login({ onSignedIn, askForLogin }: { onSignedIn: (session: Session) => void; askForLogin: boolean }) {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [error, setError] = useState<string>();
  const [role, setRole] = useState<string>('sales_rep');
  const [sub, setSub] = useState('rep-17');
  const [tenant, setTenant] = useState('acme');

  useEffect(() => {
    loadConsoleConfig()
      .then(async (loaded) => {
        setConfig(loaded);
        const returned = new URLSearchParams(window.location.search);
        if (loaded.oidc && returned.has('code') && returned.has('state')) {
          const user = await userManager(loaded.oidc).signinRedirectCallback();
          window.history.replaceState(null, '', '/console/');
          onSignedIn(sessionFromToken(user.access_token, user.id_token));
        }
      })
      .catch(() => setError('Signing in failed. Try again.'));
  }, [onSignedIn]);

  async function developmentLogin(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const response = await fetch('/console/dev-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sub, tenant, role }),
    });
    if (!response.ok) {
      setError('The development login was refused: check the user and tenant names.');
      return;
    }
    const { access_token } = (await response.json()) as { access_token: string };
    onSignedIn(sessionFromToken(access_token));
  }

  return (
    <Flex justify="center" p="4">
      <Card size="3" className="login-card">
        <Heading as="h1" size="6" mb="3">
          Followup console
        </Heading>
        {error && (
          <Callout.Root color="red" role="alert" mb="3">
            <Callout.Text>{error}</Callout.Text>
          </Callout.Root>
        )}
        {!config && !error && <Text>Loading…</Text>}
        {config?.oidc && (
          <Box mb="4">
            <Button size="3" onClick={() => void userManager(config.oidc!).signinRedirect(askForLogin ? { prompt: 'login' } : {})}>
              Sign in with your identity provider
            </Button>
          </Box>
        )}
        {config?.development_login && (
          <form onSubmit={(event) => void developmentLogin(event)} aria-labelledby="dev-login-heading">
            <Heading as="h2" size="4" id="dev-login-heading" mb="2">
              Development login
            </Heading>
            <Text as="p" size="2" color="gray" mb="3">
              Only offered while the gateway accepts its development secret.
            </Text>
            <Flex direction="column" gap="3">
              <Field label="Role">
                <select className="native-select" value={role} onChange={(event) => setRole(event.target.value)}>
                  {ROLES.map((candidate) => (
                    <option key={candidate} value={candidate}>
                      {candidate}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="User">
                <TextField.Root value={sub} onChange={(event) => setSub(event.target.value)} required />
              </Field>
              <Field label="Tenant">
                <TextField.Root value={tenant} onChange={(event) => setTenant(event.target.value)} required />
              </Field>
              <Button type="submit" size="3">
                Sign in
              </Button>
            </Flex>
          </form>
        )}
        {config && !config.oidc && !config.development_login && (
          <Text>No sign-in is configured: set JWT_JWKS_URI, JWT_ISSUER and CONSOLE_OIDC_CLIENT_ID on the gateway.</Text>
        )}
      </Card>
    </Flex>
  );
}

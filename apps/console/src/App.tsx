import { Badge, Box, Button, Flex, Heading, Tabs, Text } from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, useCallback, useMemo, useState } from 'react';
import { Api, createApi } from './api';
import { endIdentityProviderSession, Login } from './login';
import { hasRole, Session } from './session';
import { AuditEvents, ChainStatus, Timeline } from './screens/analyst';
import { Escalations } from './screens/compliance';
import { CallTasks, Notifications } from './screens/inbox';
import { DashboardScreen } from './screens/dashboard';
import { DeliveryFailures, ManualQueue } from './screens/manager';
import { ReviewQueue } from './screens/review-queue';

interface Screen {
  id: string;
  label: string;
  render: (api: Api, session: Session) => ReactNode;
}

/** The screens each role works in; which ones a user sees follows the roles in their token. */
function screensFor(session: Session): Screen[] {
  const screens: Screen[] = [];
  if (hasRole(session, 'sales_rep') && !session.roles.includes('admin'))
    screens.push({ id: 'queue', label: 'My queue', render: (api) => <ReviewQueue api={api} session={session} scope="own" /> });
  if (hasRole(session, 'sales_manager')) {
    screens.push({ id: 'team', label: 'Team queue', render: (api) => <ReviewQueue api={api} session={session} scope="team" /> });
    screens.push({ id: 'manual', label: 'Manual queue', render: (api) => <ManualQueue api={api} /> });
    screens.push({ id: 'failures', label: 'Delivery failures', render: (api) => <DeliveryFailures api={api} /> });
    screens.push({ id: 'dashboard', label: 'Dashboard', render: (api) => <DashboardScreen api={api} /> });
  }
  if (hasRole(session, 'compliance')) screens.push({ id: 'escalations', label: 'Escalations', render: (api) => <Escalations api={api} /> });
  if (hasRole(session, 'sales_rep', 'sales_manager'))
    screens.push({ id: 'tasks', label: 'Call tasks', render: (api) => <CallTasks api={api} /> });
  if (hasRole(session, 'sales_rep', 'sales_manager', 'compliance'))
    screens.push({ id: 'notifications', label: 'Notifications', render: (api) => <Notifications api={api} /> });
  if (hasRole(session, 'analyst')) {
    screens.push({ id: 'timeline', label: 'Timeline', render: (api) => <Timeline api={api} /> });
    screens.push({ id: 'audit', label: 'Audit events', render: (api) => <AuditEvents api={api} /> });
    screens.push({ id: 'chain', label: 'Chain', render: (api) => <ChainStatus api={api} /> });
  }
  return screens;
}

export function App() {
  const [session, setSession] = useState<Session>();
  const [askForLogin, setAskForLogin] = useState(false);
  const queryClient = useQueryClient();
  const endSession = useCallback(() => {
    setSession(undefined);
    queryClient.clear();
  }, [queryClient]);
  const api = useMemo(() => (session ? createApi(session.token, endSession) : undefined), [session, endSession]);

  /** Signed in with OpenID Connect, the identity provider's session ends too, or else its next sign-in asks for the login. */
  async function signOut(idToken: string | undefined) {
    endSession();
    if (idToken && !(await endIdentityProviderSession(idToken).catch(() => false))) setAskForLogin(true);
  }

  if (!session || !api) {
    return (
      <main>
        <Login onSignedIn={setSession} askForLogin={askForLogin} />
      </main>
    );
  }
  const screens = screensFor(session);
  return (
    <Box p={{ initial: '2', sm: '4' }}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Flex as="div" justify="between" align="center" wrap="wrap" gap="2" mb="3" role="banner">
        <Heading as="h1" size="5">
          Followup console
        </Heading>
        <Flex align="center" gap="2" wrap="wrap">
          <Text size="2">
            {session.sub} · {session.tenant}
          </Text>
          {session.roles.map((role) => (
            <Badge key={role}>{role}</Badge>
          ))}
          <Button variant="soft" onClick={() => void signOut(session.idToken)}>
            Sign out
          </Button>
        </Flex>
      </Flex>
      {screens.length === 0 ? (
        <Text>Your roles have no screens in this console.</Text>
      ) : (
        <Tabs.Root defaultValue={screens[0].id}>
          <Tabs.List aria-label="Screens" wrap="wrap">
            {screens.map((screen) => (
              <Tabs.Trigger key={screen.id} value={screen.id}>
                {screen.label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <main id="content">
            {screens.map((screen) => (
              <Tabs.Content key={screen.id} value={screen.id}>
                <Box pt="3">{screen.render(api, session)}</Box>
              </Tabs.Content>
            ))}
          </main>
        </Tabs.Root>
      )}
    </Box>
  );
}

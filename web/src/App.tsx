import { Button, Center, Loader, Paper, Stack, Title } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { accessDeniedReason } from './auth/accessDeniedReasons';
import { AccessDeniedPage } from './auth/AccessDeniedPage';
import { signInPath } from './auth/returnPath';
import { SignedInContext, type SignedIn } from './auth/SignedInContext';
import { SignInPage } from './auth/SignInPage';
import { useConsoleSession } from './auth/useConsoleSession';
import { ErrorMessage } from './errors/ErrorMessage';
import { GraphQLClientContext } from './graphql/GraphQLClientContext';
import { CurrentPage } from './routing/CurrentPage';
import { redirect } from './routing/navigate';
import { useRoute } from './routing/useRoute';
import { AppLayout } from './shell/AppLayout';

export function App({ initialToken }: { initialToken: string | null }) {
  const { state, signInWithToken, signOut, retry } = useConsoleSession(initialToken);
  const route = useRoute();
  const signedOut = state.phase === 'signedOut';

  // Nobody signed in: whatever page was asked for, the address becomes the sign-in page's, remembering it.
  useEffect(() => {
    if (signedOut && route.name !== 'signIn' && route.name !== 'accessDenied') {
      redirect(signInPath(`${window.location.pathname}${window.location.search}`));
    }
  }, [signedOut, route.name]);

  const signedIn = useMemo<SignedIn | null>(
    () => (state.phase === 'signedIn' ? { viewer: state.viewer, signOut: () => void signOut() } : null),
    [state, signOut],
  );
  const hasRole = signedIn !== null && signedIn.viewer.grants.length > 0;

  return (
    <AppLayout
      signedInAs={signedIn?.viewer.name ?? null}
      navigation={hasRole}
      onSignOut={() => void signOut()}
    >
      {state.phase === 'checking' && (
        <Center py="xl">
          <Loader aria-label="Signing in" />
        </Center>
      )}
      {state.phase === 'unreachable' && (
        <Paper component="section" withBorder p="lg" maw="32rem" mx="auto" mt="xl">
          <Stack align="flex-start">
            <Title order={1}>The gateway did not answer</Title>
            <ErrorMessage message={state.message} />
            <Button onClick={retry}>Try again</Button>
          </Stack>
        </Paper>
      )}
      {state.phase === 'signedOut' &&
        (route.name === 'accessDenied' ? (
          <AccessDeniedPage reason={accessDeniedReason(window.location.search)} />
        ) : (
          <SignInPage notice={state.notice} tokenRefused={state.tokenRefused} onToken={signInWithToken} />
        ))}
      {state.phase === 'signedIn' && signedIn && (
        <SignedInContext value={signedIn}>
          {hasRole ? (
            <GraphQLClientContext value={state.client}>
              <CurrentPage />
            </GraphQLClientContext>
          ) : (
            <AccessDeniedPage reason="no-role" />
          )}
        </SignedInContext>
      )}
    </AppLayout>
  );
}

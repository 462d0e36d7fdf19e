import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { use, useId } from 'react';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from '../shell/usePageTitle';
import { accessDeniedText, type AccessDeniedReason } from './accessDeniedReasons';
import { SignedInContext } from './SignedInContext';

/**
 * Why someone is not let in, in plain words, and what they can do: try again, or (signed in) sign out.
 * Reached from the gateway after a failed sign-in, and shown to anyone signed in who holds no role.
 */
export function AccessDeniedPage({ reason }: { reason: AccessDeniedReason | null }) {
  const signedIn = use(SignedInContext);
  const text = accessDeniedText(reason);
  const headingId = useId();
  usePageTitle(text.title);

  return (
    <Paper component="section" withBorder p="lg" maw="36rem" mx="auto" mt="xl" aria-labelledby={headingId}>
      <Stack>
        <Title order={1} id={headingId}>
          {text.title}
        </Title>
        {signedIn && (
          <Text>
            You are signed in as <strong>{signedIn.viewer.name}</strong>.
          </Text>
        )}
        <Text>{text.happened}</Text>
        <Title order={2} size="h4">
          What to do
        </Title>
        <Text>{text.toDo}</Text>
        <Group>
          {signedIn ? (
            <>
              <Button onClick={signedIn.signOut}>Sign out</Button>
              {reason !== 'no-role' && (
                <Button component={Link} href={PAGE_PATHS.dashboard} variant="default">
                  Go to the console
                </Button>
              )}
            </>
          ) : (
            <Button component={Link} href={PAGE_PATHS.signIn}>
              Try again
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

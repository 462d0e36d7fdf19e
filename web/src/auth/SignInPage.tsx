import { Button, Center, Divider, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { usePageTitle } from '../shell/usePageTitle';
import { providerSignInHref, returnPathFromSearch } from './returnPath';
import { TokenForm } from './TokenForm';
import { useSignInProviders } from './useSignInProviders';

interface SignInPageProps {
  /** Why the page is shown, when the person did not choose it (e.g. their session ended). */
  notice: string | null;
  /** Opens the token form from the start: the token just tried was refused. */
  tokenRefused: boolean;
  onToken: (token: string) => void;
}

/**
 * The way in: a button per configured provider, each a real link that comes back to the page the person
 * asked for (`?returnTo=`), and an API token below (folded away when a provider exists).
 */
export function SignInPage({ notice, tokenRefused, onToken }: SignInPageProps) {
  usePageTitle('Sign in');
  const headingId = useId();
  const tokenSectionId = useId();
  const { providers, error } = useSignInProviders();
  const [tokenOpen, setTokenOpen] = useState(tokenRefused);
  const returnTo = returnPathFromSearch(window.location.search);
  const links = [
    providers?.saml ? { label: 'Sign in with SSO', path: providers.saml } : null,
    providers?.github ? { label: 'Sign in with GitHub', path: providers.github } : null,
  ].filter((link) => link !== null);
  const asking = providers === null && error === null;

  return (
    <Paper component="section" withBorder p="lg" maw="28rem" mx="auto" mt="xl" aria-labelledby={headingId}>
      <Stack>
        <Title order={1} id={headingId}>
          Sign in to Slipway
        </Title>
        <ErrorMessage message={notice} />
        <ErrorMessage message={error} />
        {asking ? (
          <Center py="md">
            <Loader aria-label="Loading the sign-in options" />
          </Center>
        ) : links.length > 0 ? (
          <>
            <Stack gap="sm">
              {links.map(({ label, path }) => (
                <Button
                  key={path}
                  component="a"
                  href={providerSignInHref(path, returnTo)}
                  size="md"
                  fullWidth
                >
                  {label}
                </Button>
              ))}
            </Stack>
            <Divider label="or" labelPosition="center" />
            <Button
              variant="subtle"
              onClick={() => setTokenOpen((open) => !open)}
              aria-expanded={tokenOpen}
              aria-controls={tokenSectionId}
            >
              Use an API token instead
            </Button>
            <div id={tokenSectionId}>{tokenOpen && <TokenForm onSubmit={onToken} autoFocus />}</div>
          </>
        ) : (
          <>
            {providers !== null && (
              <Text c="dimmed">
                This gateway has no SSO or GitHub sign-in configured: sign in with an API token.
              </Text>
            )}
            <TokenForm onSubmit={onToken} autoFocus />
          </>
        )}
      </Stack>
    </Paper>
  );
}

import { Button, Code, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useId, useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { usePageTitle } from '../shell/usePageTitle';

interface TokenFormProps {
  /** Why the form is shown, when it is not the first visit (e.g. the token was rejected). */
  notice: string | null;
  onSubmit: (token: string) => void;
}

export function TokenForm({ notice, onSubmit }: TokenFormProps) {
  const headingId = useId();
  const [token, setToken] = useState('');
  usePageTitle('Sign in');

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  }

  return (
    <Paper component="section" withBorder p="lg" maw="32rem" mx="auto" mt="xl" aria-labelledby={headingId}>
      <Stack>
        <Title order={1} id={headingId}>
          Sign in
        </Title>
        <ErrorMessage message={notice} />
        <form onSubmit={submit}>
          <Stack>
            <PasswordInput
              label="API token"
              description={
                <>
                  <Code>npm run up</Code> prints a link that signs you in; or paste a token starting with{' '}
                  <Code>slw_</Code>. It is kept for this browser tab only.
                </>
              }
              inputWrapperOrder={['label', 'input', 'description']}
              value={token}
              onChange={(event) => setToken(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              required
              autoFocus
            />
            <div>
              <Button type="submit">Continue</Button>
            </div>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

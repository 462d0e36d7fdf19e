import { Button, Code, PasswordInput, Stack } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';

interface TokenFormProps {
  onSubmit: (token: string) => void;
  /** Takes the focus when shown: when it is the only way in, or the person just opened it. */
  autoFocus: boolean;
}

/** Signing in with an API token instead of a provider: for a first start, scripts' owners and admins. */
export function TokenForm({ onSubmit, autoFocus }: TokenFormProps) {
  const [token, setToken] = useState('');

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  }

  return (
    <form onSubmit={submit} aria-label="Sign in with an API token">
      <Stack>
        <PasswordInput
          label="API token"
          description={
            <>
              A token starts with <Code>slw_</Code>. <Code>npm run up</Code> prints a console link with an
              admin one; admins create more under Settings → API tokens. It is kept for this browser tab only.
            </>
          }
          inputWrapperOrder={['label', 'input', 'description']}
          value={token}
          onChange={(event) => setToken(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus={autoFocus}
        />
        <div>
          <Button type="submit">Continue with the token</Button>
        </div>
      </Stack>
    </form>
  );
}

import { Alert, Button, CopyButton, Group, Stack, TextInput } from '@mantine/core';

interface NewApiTokenSecretProps {
  name: string;
  token: string;
  onDone: () => void;
}

/** The one time a token's secret is shown: the gateway keeps only its hash. */
export function NewApiTokenSecret({ name, token, onDone }: NewApiTokenSecretProps) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" title="Copy it now: it will not be shown again">
        Slipway stores only a hash of this token. Once you close this dialog nobody can see it again; if it is
        lost, revoke it and create another.
      </Alert>
      <TextInput
        label={`Secret of ${name}`}
        value={token}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        spellCheck={false}
        autoComplete="off"
      />
      <Group justify="flex-end">
        <CopyButton value={token}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

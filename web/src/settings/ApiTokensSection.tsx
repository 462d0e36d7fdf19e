import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { ApiTokenTable, type ApiTokenSummary } from './ApiTokenTable';
import { CreateApiTokenModal } from './CreateApiTokenModal';
import { RevokeApiTokenModal } from './RevokeApiTokenModal';
import { API_TOKENS_QUERY } from './settingsOperations';
import { useQuery } from '../graphql/useQuery';

/** Tokens for the CLI and CI: listed, created (secret shown once) and revoked. Shown to admins only. */
export function ApiTokensSection() {
  const { data, error, reload } = useQuery(API_TOKENS_QUERY, {});
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenSummary | null>(null);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" maw="40rem">
          The CLI and CI jobs sign in with an API token. Give each its own, with the fewest roles it needs, so
          you can revoke one without breaking the others.
        </Text>
        <Button onClick={() => setCreating(true)}>New token</Button>
      </Group>
      <ErrorMessage message={error} />
      {data === null ? (
        !error && <Text c="dimmed">Loading tokens…</Text>
      ) : data.apiTokens.length === 0 ? (
        <Text c="dimmed">
          No API tokens yet. Create one for your CI pipeline, then pass it to <code>slipway</code> or send it
          as <code>Authorization: Bearer …</code>.
        </Text>
      ) : (
        <ApiTokenTable tokens={data.apiTokens} onRevoke={setRevoking} />
      )}
      <CreateApiTokenModal opened={creating} onClose={() => setCreating(false)} onCreated={reload} />
      <RevokeApiTokenModal token={revoking} onClose={() => setRevoking(null)} onRevoked={reload} />
    </Stack>
  );
}

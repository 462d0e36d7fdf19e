import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import type { ApiTokenSummary } from './ApiTokenTable';
import { REVOKE_API_TOKEN_MUTATION } from './settingsOperations';

interface RevokeApiTokenModalProps {
  /** The token to revoke; null keeps the dialog closed. */
  token: ApiTokenSummary | null;
  onClose: () => void;
  onRevoked: () => void;
}

/** Revoking is immediate and for good, so it asks first and names the token. */
export function RevokeApiTokenModal({ token, onClose, onRevoked }: RevokeApiTokenModalProps) {
  const client = useGraphQLClient();
  const [revoking, setRevoking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setError(null);
    onClose();
  }

  async function revoke(id: string): Promise<void> {
    setRevoking(true);
    setError(null);
    try {
      await client.request(REVOKE_API_TOKEN_MUTATION, { id });
      onRevoked();
      close();
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setRevoking(false);
    }
  }

  return (
    <Modal opened={token !== null} onClose={close} title="Revoke this token?">
      {token && (
        <Stack>
          <Text>
            <Code>{token.name}</Code> stops working at once, for good: every CLI or CI job using it will be
            refused. This cannot be undone.
          </Text>
          <ErrorMessage message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Keep it
            </Button>
            <Button color="red" loading={revoking} onClick={() => void revoke(token.id)}>
              Revoke {token.name}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

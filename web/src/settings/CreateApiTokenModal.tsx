import { Button, Checkbox, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { errorAt, formLevelError, inputErrorOf, type InputError } from './inputError';
import { NewApiTokenSecret } from './NewApiTokenSecret';
import { CREATE_API_TOKEN_MUTATION } from './settingsOperations';

const ROLES = [
  { value: 'admin', label: 'Admin', description: 'everything, including tokens and notification routing' },
  { value: 'deployer', label: 'Deployer', description: 'deploy, promote, roll back, approve' },
  { value: 'viewer', label: 'Viewer', description: 'read only' },
] as const;

const FIELDS = ['name', 'roles', 'expiresInDays'] as const;

interface CreateApiTokenModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called once the token exists, so the list can show it. */
  onCreated: () => void;
}

/**
 * Creates a token, then shows its secret in the same dialog. The secret lives only in this component's
 * state: closing the dialog forgets it, and nothing can show it again.
 */
export function CreateApiTokenModal({ opened, onClose, onCreated }: CreateApiTokenModalProps) {
  const client = useGraphQLClient();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['deployer']);
  const [expiresInDays, setExpiresInDays] = useState<number | string>(90);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<InputError | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);

  function close() {
    setSecret(null);
    setName('');
    setError(null);
    onClose();
  }

  async function create(): Promise<void> {
    setSaving(true);
    setError(null);
    try {
      const { createApiToken } = await client.request(CREATE_API_TOKEN_MUTATION, {
        input: {
          name: name.trim(),
          roles,
          ...(typeof expiresInDays === 'number' ? { expiresInDays } : {}),
        },
      });
      setSecret({ name: createApiToken.apiToken.name, token: createApiToken.token });
      onCreated();
    } catch (cause) {
      setError(inputErrorOf(cause));
    } finally {
      setSaving(false);
    }
  }

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!saving) void create();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? 'Copy your new token' : 'Create an API token'}
      size="lg"
      closeOnClickOutside={!secret}
    >
      {secret ? (
        <NewApiTokenSecret name={secret.name} token={secret.token} onDone={close} />
      ) : (
        <form onSubmit={submit} aria-busy={saving}>
          <Stack>
            <ErrorMessage message={formLevelError(error, FIELDS)} />
            <TextInput
              label="Name"
              description='Says who or what uses it, such as "ci-deploy".'
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errorAt(error, 'name')}
              autoComplete="off"
              spellCheck={false}
              required
              data-autofocus
            />
            <Checkbox.Group
              label="Roles"
              description="What it may do, in every project."
              value={roles}
              onChange={setRoles}
              error={errorAt(error, 'roles')}
              required
            >
              <Stack gap="xs" mt="xs">
                {ROLES.map((role) => (
                  <Checkbox
                    key={role.value}
                    value={role.value}
                    label={role.label}
                    description={role.description}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <NumberInput
              label="Expires after (days)"
              description="Leave empty for a token that works until it is revoked."
              value={expiresInDays}
              onChange={setExpiresInDays}
              error={errorAt(error, 'expiresInDays')}
              min={1}
              allowDecimal={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

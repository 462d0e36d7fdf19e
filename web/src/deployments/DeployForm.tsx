import { Button, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import { TextField } from '../forms/TextField';
import type { DeployInput } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { navigate } from '../routing/navigate';
import { deploymentPath } from '../routing/route';
import { DEPLOY_MUTATION } from './deploymentOperations';

type DeployFields = Pick<DeployInput, 'project' | 'environment' | 'ref'>;

const DEFAULT_INPUT: DeployFields = { project: 'hello', environment: 'development', ref: 'main' };

export function DeployForm() {
  const client = useGraphQLClient();
  const [input, setInput] = useState<DeployFields>(DEFAULT_INPUT);
  const [deploying, setDeploying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function change(field: keyof DeployFields) {
    return (value: string) => setInput((current) => ({ ...current, [field]: value }));
  }

  async function deploy(): Promise<void> {
    setDeploying(true);
    setError(null);
    try {
      const data = await client.request(DEPLOY_MUTATION, {
        input: {
          project: input.project.trim(),
          environment: input.environment.trim(),
          ref: input.ref.trim(),
        },
      });
      navigate(deploymentPath(data.deploy.id));
    } catch (cause) {
      setError(messageOf(cause));
      setDeploying(false);
    }
  }

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!deploying) void deploy();
  }

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="deploy-heading">
      <Stack>
        <Title order={2} id="deploy-heading">
          Deploy
        </Title>
        <form onSubmit={submit} aria-busy={deploying}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} style={{ alignItems: 'end' }}>
            <TextField label="Project" name="project" value={input.project} onChange={change('project')} />
            <TextField
              label="Environment"
              name="environment"
              value={input.environment}
              onChange={change('environment')}
            />
            <TextField label="Ref" name="ref" value={input.ref} onChange={change('ref')} />
            <Button type="submit" loading={deploying}>
              Deploy
            </Button>
          </SimpleGrid>
        </form>
        <ErrorMessage message={error} />
      </Stack>
    </Paper>
  );
}

import { Autocomplete, Button, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import { TextField } from '../forms/TextField';
import type { DeployInput } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { navigate } from '../routing/navigate';
import { deploymentPath } from '../routing/route';
import { DEPLOY_MUTATION } from './deploymentOperations';

type DeployFields = Pick<DeployInput, 'project' | 'environment' | 'ref'>;

/** A project the form suggests, with the environments it has deployed to (in the order the API gives). */
export interface DeployableProject {
  name: string;
  environments: ReadonlyArray<{ name: string }>;
}

/**
 * Deploys a ref of a project to one environment. Projects and environments are suggested from what the
 * dashboard knows (any other name may be typed: a new environment has had no deployment yet); the first
 * project and its first environment are filled in once known.
 */
export function DeployForm({ projects }: { projects: readonly DeployableProject[] }) {
  const client = useGraphQLClient();
  const [input, setInput] = useState<DeployFields>({ project: '', environment: '', ref: 'main' });
  const [deploying, setDeploying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const first = projects[0];
  useEffect(() => {
    if (!first) return;
    setInput((current) =>
      current.project === '' && current.environment === ''
        ? { ...current, project: first.name, environment: first.environments[0]?.name ?? '' }
        : current,
    );
  }, [first]);
  const environments =
    projects.find((project) => project.name === input.project.trim())?.environments.map(({ name }) => name) ??
    [];

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
            <Autocomplete
              label="Project"
              name="project"
              data={projects.map(({ name }) => name)}
              value={input.project}
              onChange={change('project')}
              autoComplete="off"
              spellCheck={false}
              required
            />
            <Autocomplete
              label="Environment"
              name="environment"
              data={environments}
              value={input.environment}
              onChange={change('environment')}
              autoComplete="off"
              spellCheck={false}
              required
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

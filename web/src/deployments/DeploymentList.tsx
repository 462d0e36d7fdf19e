import { Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useLiveQuery } from '../graphql/useLiveQuery';
import { RECENT_DEPLOYMENTS_QUERY } from './deploymentOperations';
import { DeploymentTable } from './DeploymentTable';

const COUNT = 20;

/** The latest deployments of every project the caller sees, kept current as they move. */
export function DeploymentList() {
  const { data, error } = useLiveQuery(RECENT_DEPLOYMENTS_QUERY, { first: COUNT });
  const deployments = data?.deployments.nodes;

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="recent-heading">
      <Stack>
        <Title order={2} id="recent-heading">
          Recent deployments
        </Title>
        <ErrorMessage message={error} />
        {deployments === undefined ? (
          !error && <Text c="dimmed">Loading…</Text>
        ) : deployments.length === 0 ? (
          <Text c="dimmed">No deployments yet: start one with the Deploy form.</Text>
        ) : (
          <DeploymentTable deployments={deployments} oneProject={false} />
        )}
      </Stack>
    </Paper>
  );
}

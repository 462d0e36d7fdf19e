import { Anchor, Code, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { Timestamp } from '../time/Timestamp';
import { StatusBadge } from './StatusBadge';
import { useRecentDeployments } from './useRecentDeployments';

export function DeploymentList() {
  const { deployments, error } = useRecentDeployments();

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="recent-heading">
      <Stack>
        <Title order={2} id="recent-heading">
          Recent deployments
        </Title>
        <ErrorMessage message={error} />
        {deployments === null ? (
          !error && <Text c="dimmed">Loading…</Text>
        ) : deployments.length === 0 ? (
          <Text c="dimmed">No deployments yet: start one with the Deploy form.</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Deployment</Table.Th>
                  <Table.Th scope="col">Ref</Table.Th>
                  <Table.Th scope="col">Commit</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Actor</Table.Th>
                  <Table.Th scope="col">Queued</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deployments.map((deployment) => (
                  <Table.Tr key={deployment.id}>
                    <Table.Th scope="row" fw={500}>
                      <Anchor component={Link} href={deploymentPath(deployment.id)}>
                        {deployment.project} → {deployment.environment}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>
                      <Code>{deployment.ref}</Code>
                    </Table.Td>
                    <Table.Td>
                      {deployment.commitSha ? <Code>{deployment.commitSha.slice(0, 7)}</Code> : '—'}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={deployment.status} />
                    </Table.Td>
                    <Table.Td>{deployment.actor}</Table.Td>
                    <Table.Td>
                      <Timestamp value={deployment.queuedAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

import { Anchor, Code, Group, Table, Text } from '@mantine/core';
import type { DeploymentRowFieldsFragment } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { Timestamp } from '../time/Timestamp';
import { StatusBadge } from './StatusBadge';

interface DeploymentTableProps {
  deployments: readonly DeploymentRowFieldsFragment[];
  /** One project's table names only the environment; across projects, "project → environment". */
  oneProject: boolean;
  className?: string;
}

/** Deployments, one a row, each linked to its page: where, status, commit, ref, who and when. */
export function DeploymentTable({ deployments, oneProject, className }: DeploymentTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" highlightOnHover className={className}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{oneProject ? 'Environment' : 'Deployment'}</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Commit</Table.Th>
            <Table.Th scope="col">Ref</Table.Th>
            <Table.Th scope="col">Actor</Table.Th>
            <Table.Th scope="col">Queued</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deployments.map((deployment) => (
            <Table.Tr
              key={deployment.id}
              data-environment={deployment.environment}
              data-status={deployment.status}
            >
              <Table.Th scope="row" fw={500}>
                <Anchor component={Link} href={deploymentPath(deployment.id)}>
                  {oneProject ? deployment.environment : `${deployment.project} → ${deployment.environment}`}
                </Anchor>
              </Table.Th>
              <Table.Td>
                <StatusBadge status={deployment.status} />
              </Table.Td>
              <Table.Td>
                {deployment.commitSha ? (
                  <Group gap={6} wrap="nowrap">
                    <Code>{deployment.commitSha.slice(0, 7)}</Code>
                    {deployment.commitMessage && (
                      <Text size="sm" lineClamp={1} title={deployment.commitMessage}>
                        {deployment.commitMessage.split('\n', 1)[0]}
                      </Text>
                    )}
                  </Group>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <Code>{deployment.ref}</Code>
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
  );
}

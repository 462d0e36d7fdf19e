import { Anchor, Button, Code, EmptyState, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { StatusBadge } from '../deployments/StatusBadge';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { deploymentPath, PAGE_PATHS } from '../routing/route';
import { Timestamp } from '../time/Timestamp';
import { HistoryFilters } from './HistoryFilters';
import { isFiltered, NO_HISTORY_FILTER } from './historyFilter';
import { useHistoryFilter } from './useHistoryFilter';
import { useProjectHistory, type HistoryDeployment } from './useProjectHistory';

interface HistorySectionProps {
  project: string;
  /** The environments to filter by, in the page's order. */
  environments: readonly string[];
}

/** Every deployment of the project, newest first, filtered as the address says, a page at a time. */
export function HistorySection({ project, environments }: HistorySectionProps) {
  const [filter, setFilter] = useHistoryFilter();
  const { deployments, error, loadingMore, hasMore, loadMore } = useProjectHistory(project, filter);

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="history-heading">
      <Stack>
        <Stack gap={4}>
          <Title order={2} id="history-heading">
            History
          </Title>
          <Text size="sm" c="dimmed">
            Every deployment of {project}, newest first.
          </Text>
        </Stack>
        <HistoryFilters filter={filter} environments={environments} onChange={setFilter} />
        <ErrorMessage message={error} />
        {deployments === null ? (
          !error && <Text c="dimmed">Loading…</Text>
        ) : deployments.length === 0 ? (
          isFiltered(filter) ? (
            <EmptyState icon={<span aria-hidden="true">∅</span>} withIndicatorBackground>
              <EmptyState.Title order={3}>No deployment matches these filters</EmptyState.Title>
              <EmptyState.Description>Widen the time, or clear the filters.</EmptyState.Description>
              <EmptyState.Actions>
                <Button variant="light" onClick={() => setFilter(NO_HISTORY_FILTER)}>
                  Clear filters
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <EmptyState icon={<span aria-hidden="true">∅</span>} withIndicatorBackground>
              <EmptyState.Title order={3}>No deployment yet</EmptyState.Title>
              <EmptyState.Description>
                Each deployment of {project} lands here with its status, commit and who asked for it.
              </EmptyState.Description>
              <EmptyState.Actions>
                <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
                  Deploy from the dashboard
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          )
        ) : (
          <>
            <HistoryTable deployments={deployments} />
            {hasMore && (
              <Button variant="default" onClick={loadMore} loading={loadingMore} mx="auto">
                Load more
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function HistoryTable({ deployments }: { deployments: readonly HistoryDeployment[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" highlightOnHover className="project-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Environment</Table.Th>
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
                  {deployment.environment}
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

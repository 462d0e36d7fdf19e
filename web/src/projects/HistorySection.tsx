import { Button, EmptyState, Paper, Stack, Text, Title } from '@mantine/core';
import { DeploymentTable } from '../deployments/DeploymentTable';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { HistoryFilters } from './HistoryFilters';
import { isFiltered, NO_HISTORY_FILTER } from './historyFilter';
import { useHistoryFilter } from './useHistoryFilter';
import { useProjectHistory } from './useProjectHistory';

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
            <DeploymentTable deployments={deployments} oneProject className="project-history" />
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

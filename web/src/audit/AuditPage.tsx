import { Button, EmptyState, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from '../shell/usePageTitle';
import { AdminsOnly } from './AdminsOnly';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { isFiltered, NO_AUDIT_FILTER, type AuditFilter } from './auditFilter';
import { DownloadCsvButton } from './DownloadCsvButton';
import { IntegrityPanel } from './IntegrityPanel';
import { useAuditAccess } from './useAuditAccess';
import { useAuditEntries } from './useAuditEntries';
import { useAuditFilter } from './useAuditFilter';

export function AuditPage() {
  usePageTitle('Audit log');
  const access = useAuditAccess();

  return (
    <Stack gap="lg">
      <Title order={1}>Audit log</Title>
      {access === 'loading' ? (
        <Text c="dimmed">Loading…</Text>
      ) : access === 'forbidden' ? (
        <AdminsOnly />
      ) : access === 'admin' ? (
        <AuditLog />
      ) : (
        <ErrorMessage message={access.error} />
      )}
    </Stack>
  );
}

function AuditLog() {
  const [filter, setFilter] = useAuditFilter();
  const { entries, error, loadingMore, hasMore, loadMore } = useAuditEntries(filter);

  return (
    <>
      <Paper component="section" withBorder p="lg" aria-labelledby="entries-heading">
        <Stack>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={2} id="entries-heading">
                Entries
              </Title>
              <Text size="sm" c="dimmed">
                Every mutation attempted, denied ones included, and every sign-in; newest first.
              </Text>
            </Stack>
            <DownloadCsvButton filter={filter} />
          </Group>
          <AuditFilters filter={filter} onChange={setFilter} />
          <ErrorMessage message={error} />
          {entries === null ? (
            !error && <Text c="dimmed">Loading…</Text>
          ) : entries.length === 0 ? (
            <NoEntries filter={filter} onClear={() => setFilter(NO_AUDIT_FILTER)} />
          ) : (
            <>
              <AuditTable entries={entries} />
              {hasMore && (
                <Button variant="default" onClick={loadMore} loading={loadingMore} mx="auto">
                  Load more
                </Button>
              )}
            </>
          )}
        </Stack>
      </Paper>
      <IntegrityPanel />
    </>
  );
}

function NoEntries({ filter, onClear }: { filter: AuditFilter; onClear: () => void }) {
  if (isFiltered(filter)) {
    return (
      <EmptyState icon={<span aria-hidden="true">∅</span>} withIndicatorBackground>
        <EmptyState.Title order={3}>No entry matches these filters</EmptyState.Title>
        <EmptyState.Description>
          Actor and action must match exactly; widen the time or clear the filters.
        </EmptyState.Description>
        <EmptyState.Actions>
          <Button variant="light" onClick={onClear}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<span aria-hidden="true">∅</span>} withIndicatorBackground>
      <EmptyState.Title order={3}>Nothing recorded yet</EmptyState.Title>
      <EmptyState.Description>
        Each deploy, approval, rollback, token created and sign-in lands here with who did it, from where and
        how it ended. Start a deployment and it shows up here.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.deployments} variant="light">
          Go to deployments
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

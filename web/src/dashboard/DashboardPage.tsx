import { Code, EmptyState, Loader, Stack, Text, Title } from '@mantine/core';
import { DeployForm } from '../deployments/DeployForm';
import { DeploymentList } from '../deployments/DeploymentList';
import { ErrorMessage } from '../errors/ErrorMessage';
import { useLiveQuery } from '../graphql/useLiveQuery';
import { usePageTitle } from '../shell/usePageTitle';
import { DASHBOARD_QUERY } from './dashboardOperations';
import { EnvironmentMatrix } from './EnvironmentMatrix';
import { PendingApprovals } from './PendingApprovals';

/** What version runs where and what is moving now, live; below it, a way to deploy and the latest deployments. */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const { data: dashboard, error } = useLiveQuery(DASHBOARD_QUERY, {});

  return (
    <Stack gap="lg">
      <Title order={1}>Dashboard</Title>
      <ErrorMessage message={error} />
      {dashboard === undefined ? (
        !error && <Loader aria-label="Loading the environment matrix" />
      ) : (
        <>
          <PendingApprovals approvals={dashboard.pendingApprovals} />
          {dashboard.projects.length === 0 ? (
            <NoProjects />
          ) : (
            <EnvironmentMatrix projects={dashboard.projects} />
          )}
        </>
      )}
      <DeployForm projects={dashboard?.projects ?? []} />
      <DeploymentList />
    </Stack>
  );
}

function NoProjects() {
  return (
    <EmptyState withIndicatorBackground icon={<span aria-hidden="true">⛵</span>}>
      <EmptyState.Title order={2}>No projects yet</EmptyState.Title>
      <EmptyState.Description>
        <Text component="span" inherit>
          Create a project from a repository that holds a <Code>.slipway.yml</Code> pipeline spec (the{' '}
          <Code>createProject</Code> mutation), then deploy it with the form below: each environment it
          reaches appears here with the version it runs.
        </Text>
      </EmptyState.Description>
    </EmptyState>
  );
}

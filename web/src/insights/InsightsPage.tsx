import { Button, EmptyState, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from '../shell/usePageTitle';
import { InsightsControls } from './InsightsControls';
import type { WindowDays } from './insightsView';
import { MetricTiles } from './MetricTiles';
import { shownChoice } from './shownChoice';
import { OutcomeChart } from './OutcomeChart';
import { SpeedChart } from './SpeedChart';
import { useDeploymentMetrics } from './useDeploymentMetrics';
import { useInsightsProjects } from './useInsightsProjects';
import { useInsightsView } from './useInsightsView';

/** Success rates and the DORA metrics of one environment, over a window the address names. */
export function InsightsPage() {
  usePageTitle('Insights');
  const { projects, error } = useInsightsProjects();
  const [view, changeView] = useInsightsView();

  const { project, environment } = shownChoice(projects ?? [], view);
  const shownProject = project?.name;
  const shownEnvironment = environment?.name;
  // The address names what is shown, defaults included, so a copied link shows the same numbers.
  useEffect(() => {
    if (shownProject) changeView({ project: shownProject, environment: shownEnvironment ?? null });
  }, [changeView, shownProject, shownEnvironment]);

  let body: ReactNode;
  if (error) body = <ErrorMessage message={error} />;
  else if (projects === null) body = <Text c="dimmed">Loading…</Text>;
  else if (!project) body = <NoDeployments project={null} />;
  else {
    body = (
      <>
        <InsightsControls
          projects={projects}
          project={project}
          environment={environment?.name ?? null}
          days={view.days}
          onProjectChange={(name) => changeView({ project: name, environment: null })}
          onEnvironmentChange={(name) => changeView({ environment: name })}
          onDaysChange={(days) => changeView({ days })}
        />
        {environment ? (
          <EnvironmentMetrics project={project.name} environment={environment.name} days={view.days} />
        ) : (
          <NoDeployments project={project.name} />
        )}
      </>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1}>Insights</Title>
      {body}
    </Stack>
  );
}

function EnvironmentMetrics({
  project,
  environment,
  days,
}: {
  project: string;
  environment: string;
  days: WindowDays;
}) {
  const { metrics, error } = useDeploymentMetrics(project, environment, days);
  if (error) return <ErrorMessage message={error} />;
  if (metrics === null) return <Text c="dimmed">Loading the numbers…</Text>;
  return (
    <>
      {metrics.counted === 0 && (
        <Text c="dimmed">
          No deployment of {project} to {environment} ended in these {days} days: choose a longer window, or
          deploy from the dashboard.
        </Text>
      )}
      <MetricTiles metrics={metrics} days={days} />
      <ChartPanel title="Outcomes" caption="How the deployments of each period ended.">
        <OutcomeChart series={metrics.series} />
      </ChartPanel>
      <ChartPanel
        title="Speed"
        caption="Median time from start to finish, and from commit to running, per period."
      >
        <SpeedChart series={metrics.series} />
      </ChartPanel>
    </>
  );
}

function ChartPanel({ title, caption, children }: { title: string; caption: string; children: ReactNode }) {
  return (
    <Paper component="figure" withBorder p="md" m={0} aria-label={title} className="insights-chart">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text component="figcaption" size="sm" c="dimmed" mb="sm">
        {caption}
      </Text>
      {children}
    </Paper>
  );
}

/** The first visit: nothing to measure yet, and what to do about it. */
function NoDeployments({ project }: { project: string | null }) {
  return (
    <EmptyState mt="xl" icon={<ChartIcon />} withIndicatorBackground>
      <EmptyState.Title order={2}>
        {project ? `${project} has no deployments yet` : 'No projects yet'}
      </EmptyState.Title>
      <EmptyState.Description>
        {project
          ? 'Success rates, lead time and time to restore appear here once it has been deployed: start a deployment from the dashboard.'
          : 'Add a project (the createProject mutation, or npm run up for the demo), deploy it from the dashboard, and its numbers appear here.'}
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
          Go to the dashboard
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

function ChartIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="28"
      height="28"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M4 20h16M7 16v-4M12 16V8M17 16v-6" />
    </svg>
  );
}

import { Button, EmptyState, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { useLiveQuery } from '../graphql/useLiveQuery';
import { useQuery } from '../graphql/useQuery';
import { usePageTitle } from '../shell/usePageTitle';
import { environmentRows } from './environmentRows';
import { EnvironmentsSection } from './EnvironmentsSection';
import { HistorySection } from './HistorySection';
import { PipelineSection } from './PipelineSection';
import { PROJECT_OVERVIEW_QUERY, PROJECT_PIPELINE_QUERY } from './projectOperations';
import { ProjectSource } from './ProjectSource';
import { ReleasesSection } from './ReleasesSection';
import './project.css';

/** One project: its environments in pipeline order, the pipeline drawn, its releases and its history. */
export function ProjectPage({ name }: { name: string }) {
  usePageTitle(name);
  const { data: overview, error } = useLiveQuery(PROJECT_OVERVIEW_QUERY, { project: name });
  // null: the repository's default branch.
  const [ref, setRef] = useState<string | null>(null);
  const pipeline = useQuery(PROJECT_PIPELINE_QUERY, { project: name, ref });
  const project = overview?.projects.find((candidate) => candidate.name === name);

  if (overview === undefined) {
    return (
      <Stack gap="lg">
        <Title order={1}>{name}</Title>
        <ErrorMessage message={error} />
        {!error && <Loader aria-label={`Loading project ${name}`} />}
      </Stack>
    );
  }
  if (!project) return <ProjectNotFound name={name} />;

  const declared = pipeline.data?.pipeline.valid ? pipeline.data.pipeline.environments : null;
  const rows = environmentRows(
    overview.environments,
    declared?.map((environment) => environment.name) ?? null,
  );
  const order = rows.map((row) => row.name);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          Project
        </Text>
        <Title order={1}>{name}</Title>
        <ProjectSource project={project} />
      </Stack>
      <ErrorMessage message={error} />
      <EnvironmentsSection rows={rows} inPipelineOrder={declared !== null} />
      <PipelineSection
        pipeline={pipeline.data?.pipeline ?? null}
        error={pipeline.error}
        askedRef={ref}
        onReadRef={setRef}
      />
      <ReleasesSection releases={overview.releases} environments={overview.environments} order={order} />
      <HistorySection project={name} environments={order} />
    </Stack>
  );
}

function ProjectNotFound({ name }: { name: string }) {
  return (
    <EmptyState mt="xl" icon={<span aria-hidden="true">?</span>} withIndicatorBackground>
      <EmptyState.Title order={1}>No project “{name}”</EmptyState.Title>
      <EmptyState.Description>
        It does not exist, or you hold no role in it. The dashboard lists the projects you may see.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
          Go to the dashboard
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

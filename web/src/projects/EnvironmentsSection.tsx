import { Anchor, Button, Code, EmptyState, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { EnvironmentCell } from '../dashboard/EnvironmentCell';
import type { ProjectOverviewQuery } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath, PAGE_PATHS } from '../routing/route';
import { Timestamp } from '../time/Timestamp';
import { useNow } from '../time/useNow';
import type { EnvironmentRow } from './environmentRows';

export type ProjectEnvironment = ProjectOverviewQuery['environments'][number];

// Ages are shown to the minute, as on the dashboard.
const AGE_TICK_MS = 15_000;

interface EnvironmentsSectionProps {
  rows: readonly EnvironmentRow<ProjectEnvironment>[];
  /** Whether the rows follow the pipeline (else by name, while it is unknown). */
  inPipelineOrder: boolean;
}

/** What runs in each environment, what moves there, and what ran before, in promotion order. */
export function EnvironmentsSection({ rows, inPipelineOrder }: EnvironmentsSectionProps) {
  const now = useNow(true, AGE_TICK_MS);
  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="environments-heading">
      <Stack>
        <Stack gap={4}>
          <Title order={2} id="environments-heading">
            Environments
          </Title>
          <Text size="sm" c="dimmed">
            {inPipelineOrder ? 'In promotion order.' : 'By name (the pipeline is not known).'}
          </Text>
        </Stack>
        {rows.length === 0 ? (
          <NothingDeployed />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" className="project-environments">
            {rows.map(({ name, environment }) => (
              <Paper
                key={name}
                withBorder
                p="md"
                radius="md"
                className="project-environment"
                data-environment={name}
              >
                <Stack gap="xs">
                  <Title order={3} size="h4">
                    {name}
                  </Title>
                  {environment ? (
                    <>
                      <EnvironmentCell environment={environment} now={now} />
                      <Previous environment={environment} />
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Never deployed
                    </Text>
                  )}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}

function Previous({ environment }: { environment: ProjectEnvironment }) {
  const { previous } = environment;
  if (!previous) return null;
  return (
    <Text size="xs" c="dimmed" className="previous-release">
      Before it:{' '}
      <Anchor component={Link} href={deploymentPath(previous.deploymentId)} size="xs">
        <Code>{previous.commitSha?.slice(0, 7) ?? 'unknown commit'}</Code>
      </Anchor>{' '}
      deployed <Timestamp value={previous.deployedAt} />
    </Text>
  );
}

function NothingDeployed() {
  return (
    <EmptyState icon={<span aria-hidden="true">⛵</span>} withIndicatorBackground>
      <EmptyState.Title order={3}>Nothing deployed yet</EmptyState.Title>
      <EmptyState.Description>
        Deploy a branch, tag or commit with the Deploy form of the dashboard, or push to a branch whose{' '}
        <Code>auto</Code> rule matches in the pipeline below: each environment it reaches shows here with the
        release it runs.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
          Go to the Deploy form
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

import { Anchor, Code, Grid, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import type { DeploymentFieldsFragment } from '../gql/graphql';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from '../shell/usePageTitle';
import { useNow } from '../time/useNow';
import { DeploymentHeader } from './DeploymentHeader';
import { ReleaseDiffSection } from './diff/ReleaseDiffSection';
import { useRepositoryLinks } from './diff/useRepositoryLinks';
import { isFinished } from './isFinished';
import { LogViewer, type LogStepChoice } from './logs/LogViewer';
import { DeploymentTimeline } from './timeline/DeploymentTimeline';
import { useDeployment, type DeploymentEvent } from './useDeployment';

/** Events after which a release diff, if there is one, has been recorded. */
const PAST_THE_DIFF = new Set(['CI_WAITING', 'APPROVAL_REQUESTED', 'QUEUED_BEHIND', 'DEPLOYMENT_STARTED']);

/** One deployment, live: what a person keeps open during a release. */
export function DeploymentPage({ id }: { id: string }) {
  const { deployment, events, error } = useDeployment(id);
  usePageTitle(deployment ? `${deployment.project} → ${deployment.environment}` : null);

  return (
    <Stack gap="lg">
      <Anchor component={Link} href={PAGE_PATHS.deployments} w="fit-content">
        ← All deployments
      </Anchor>
      <ErrorMessage message={error} />
      {deployment === undefined ? (
        !error && <Loader aria-label="Loading the deployment" />
      ) : deployment === null ? (
        <Paper withBorder p="lg">
          <Title order={1}>Deployment not found</Title>
          <Text mt="sm">
            There is no deployment with id <Code>{id}</Code>, or it is in a project you may not see. Pick one
            from the list of deployments.
          </Text>
        </Paper>
      ) : (
        <DeploymentView deployment={deployment} events={events} />
      )}
    </Stack>
  );
}

function DeploymentView({
  deployment,
  events,
}: {
  deployment: DeploymentFieldsFragment;
  events: readonly DeploymentEvent[];
}) {
  const ended = isFinished(deployment.status);
  const now = useNow(!ended);
  const links = useRepositoryLinks(deployment.project);
  const [logStep, setLogStep] = useState<LogStepChoice>('all');
  const logSection = useRef<HTMLElement>(null);

  function showLog(step: number) {
    setLogStep(step);
    logSection.current?.scrollIntoView({ block: 'start' });
  }

  return (
    <>
      <DeploymentHeader deployment={deployment} now={now} links={links} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper component="section" withBorder p="md" aria-labelledby="timeline-heading">
            <Stack gap="sm">
              <Title order={2} size="h3" id="timeline-heading">
                Timeline
              </Title>
              <DeploymentTimeline deployment={deployment} events={events} now={now} onShowLog={showLog} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper ref={logSection} component="section" withBorder p="md" aria-labelledby="log-heading">
            <Stack gap="sm">
              <Title order={2} size="h3" id="log-heading">
                Log
              </Title>
              <LogViewer
                deploymentId={deployment.id}
                steps={deployment.steps}
                step={logStep}
                onStepChange={setLogStep}
                ended={ended}
              />
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <ReleaseDiffSection
        deploymentId={deployment.id}
        environment={deployment.environment}
        announced={events.some((event) => event.type === 'RELEASE_DIFF_READY')}
        settled={ended || events.some((event) => PAST_THE_DIFF.has(event.type))}
        links={links}
      />
    </>
  );
}

import { Anchor, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from '../shell/usePageTitle';
import { DeploymentDetails } from './DeploymentDetails';
import { useDeployment } from './useDeployment';
import { useStepLogs } from './useStepLogs';

export function DeploymentPage({ id }: { id: string }) {
  const { deployment, error } = useDeployment(id);
  const logs = useStepLogs(id);
  usePageTitle(deployment ? `${deployment.project} → ${deployment.environment}` : null);

  return (
    <Paper component="article" withBorder p="lg">
      <Stack>
        <Anchor component={Link} href={PAGE_PATHS.deployments} w="fit-content">
          ← All deployments
        </Anchor>
        <ErrorMessage message={error} />
        {deployment === undefined ? (
          !error && <Text c="dimmed">Loading…</Text>
        ) : deployment === null ? (
          <>
            <Title order={1}>Deployment not found</Title>
            <Text>
              There is no deployment with id <Code>{id}</Code>.
            </Text>
          </>
        ) : (
          <DeploymentDetails deployment={deployment} logs={logs} />
        )}
      </Stack>
    </Paper>
  );
}

import { Stack, Title } from '@mantine/core';
import { usePageTitle } from '../shell/usePageTitle';
import { DeploymentList } from './DeploymentList';

export function DeploymentsPage() {
  usePageTitle('Deployments');
  return (
    <Stack gap="lg">
      <Title order={1}>Deployments</Title>
      <DeploymentList />
    </Stack>
  );
}

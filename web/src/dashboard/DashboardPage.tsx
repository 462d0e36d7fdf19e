import { Stack, Title } from '@mantine/core';
import { DeployForm } from '../deployments/DeployForm';
import { DeploymentList } from '../deployments/DeploymentList';
import { usePageTitle } from '../shell/usePageTitle';

/** What moves now and a way to start a deployment, until the environment matrix takes this place. */
export function DashboardPage() {
  usePageTitle('Dashboard');
  return (
    <Stack gap="lg">
      <Title order={1}>Dashboard</Title>
      <DeployForm />
      <DeploymentList />
    </Stack>
  );
}

import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import { ErrorMessage } from '../errors/ErrorMessage';
import { usePageTitle } from '../shell/usePageTitle';
import { ApiTokensSection } from './ApiTokensSection';
import { NotificationsSection } from './NotificationsSection';
import { VIEWER_ROLES_QUERY } from './settingsOperations';
import { useQuery } from '../graphql/useQuery';

export function SettingsPage() {
  usePageTitle('Settings');
  const viewer = useQuery(VIEWER_ROLES_QUERY, {});
  // The gateway decides; this only spares non-admins forms it would refuse.
  const isAdmin = viewer.data?.me.grants.some((grant) => grant.role === 'admin') ?? false;

  return (
    <Stack gap="lg">
      <Title order={1}>Settings</Title>
      <ErrorMessage message={viewer.error} />
      {viewer.data === null ? (
        !viewer.error && <Text c="dimmed">Loading…</Text>
      ) : (
        <Tabs defaultValue="tokens" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="tokens">API tokens</Tabs.Tab>
            <Tabs.Tab value="notifications">Notifications</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="tokens" pt="md">
            {isAdmin ? (
              <ApiTokensSection />
            ) : (
              <Alert variant="light" title="API tokens are managed by admins">
                You are signed in as {viewer.data.me.name}, without the admin role. Ask an admin for a token
                for your CLI or CI job.
              </Alert>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="notifications" pt="md">
            <NotificationsSection isAdmin={isAdmin} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

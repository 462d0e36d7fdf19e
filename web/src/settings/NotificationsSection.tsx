import { Button, Divider, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import type { NotificationSettingsFieldsFragment } from '../gql/graphql';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { DeliveryLog } from './DeliveryLog';
import { NotificationRouteList } from './NotificationRouteList';
import { NotificationSettingsForm } from './NotificationSettingsForm';
import { NOTIFICATION_SETTINGS_QUERY, PROJECT_NAMES_QUERY } from './settingsOperations';
import { useQuery } from '../graphql/useQuery';

/** Which route the form edits: a new one, or an existing one (keyed so the form starts from it). */
type Editing = { key: string; route: NotificationSettingsFieldsFragment | null } | null;

/** Who hears what about each project, and what was actually sent. Anyone may read; admins change. */
export function NotificationsSection({ isAdmin }: { isAdmin: boolean }) {
  const projects = useQuery(PROJECT_NAMES_QUERY, {});
  const [chosen, setChosen] = useState<string | null>(null);
  const names = projects.data?.projects.map((project) => project.name) ?? [];
  const project = chosen ?? names[0] ?? null;

  if (projects.data === null) {
    return projects.error ? (
      <ErrorMessage message={projects.error} />
    ) : (
      <Text c="dimmed">Loading projects…</Text>
    );
  }
  if (project === null) {
    return (
      <Stack align="flex-start">
        <Text>
          No projects yet. Register a repository to deploy first; then choose here who hears about its
          deployments, on Slack or by email.
        </Text>
        <Button component={Link} href={PAGE_PATHS.deployments} variant="light">
          Go to deployments
        </Button>
      </Stack>
    );
  }
  return (
    <Stack>
      <Select
        label="Project"
        data={names}
        value={project}
        onChange={(value) => value && setChosen(value)}
        allowDeselect={false}
        searchable
        maw="24rem"
      />
      <ProjectRoutes key={project} project={project} isAdmin={isAdmin} />
    </Stack>
  );
}

function ProjectRoutes({ project, isAdmin }: { project: string; isAdmin: boolean }) {
  const { data, error, reload } = useQuery(NOTIFICATION_SETTINGS_QUERY, { project });
  const [editing, setEditing] = useState<Editing>(null);
  const routes = data?.notificationSettings ?? [];

  return (
    <Stack gap="lg">
      <Stack component="section" aria-labelledby="routes-heading">
        <Group justify="space-between">
          <Title order={3} id="routes-heading">
            Routes
          </Title>
          {isAdmin && (
            <Button variant="light" onClick={() => setEditing({ key: `new-${Date.now()}`, route: null })}>
              Add route
            </Button>
          )}
        </Group>
        <ErrorMessage message={error} />
        {data === null ? (
          !error && <Text c="dimmed">Loading routes…</Text>
        ) : routes.length === 0 ? (
          <Text c="dimmed">
            Nobody hears about {project}&apos;s deployments yet.{' '}
            {isAdmin
              ? 'Add a route: a Slack channel or email addresses, for every environment or one.'
              : 'An admin can add a route.'}
          </Text>
        ) : (
          <NotificationRouteList
            routes={routes}
            {...(isAdmin
              ? { onEdit: (route) => setEditing({ key: `edit-${route.environment ?? '*'}`, route }) }
              : {})}
          />
        )}
        {!isAdmin && (
          <Text size="sm" c="dimmed">
            Only an admin can change where notifications go.
          </Text>
        )}
      </Stack>
      {isAdmin && editing && (
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {editing.route ? `Edit ${editing.route.environment ?? 'every environment'}` : 'New route'}
          </Title>
          <NotificationSettingsForm
            key={editing.key}
            project={project}
            initial={editing.route}
            onSaved={reload}
          />
        </Paper>
      )}
      <Divider />
      <DeliveryLog project={project} />
    </Stack>
  );
}

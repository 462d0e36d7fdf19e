import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { NotificationSettingsFieldsFragment } from '../gql/graphql';
import { Timestamp } from '../time/Timestamp';
import { isNotificationEvent, NOTIFICATION_EVENT_LABELS } from './notificationEvents';

interface NotificationRouteListProps {
  routes: readonly NotificationSettingsFieldsFragment[];
  /** Absent for someone who may not change routes. */
  onEdit?: (route: NotificationSettingsFieldsFragment) => void;
}

/** A project's routes: the one for every environment, then each environment's own. */
export function NotificationRouteList({ routes, onEdit }: NotificationRouteListProps) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {routes.map((route) => {
        const place = route.environment ?? 'Every environment';
        return (
          <Card key={route.environment ?? '*'} withBorder component="article" aria-label={place}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>{place}</Text>
                {onEdit && (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => onEdit(route)}
                    aria-label={`Edit ${place}`}
                  >
                    Edit
                  </Button>
                )}
              </Group>
              <Group gap={4}>
                {route.events.filter(isNotificationEvent).map((event) => (
                  <Badge key={event} variant="light" color={event.includes('FAIL') ? 'red' : 'blue'}>
                    {NOTIFICATION_EVENT_LABELS[event]}
                  </Badge>
                ))}
              </Group>
              <Destination label="Slack" values={route.slackChannels} />
              <Destination
                label={
                  route.emailDigestMinutes ? `Email (digest every ${route.emailDigestMinutes} min)` : 'Email'
                }
                values={route.emailRecipients}
              />
              {route.notifyAuthors && <Text size="sm">Commit authors hear when their release arrives.</Text>}
              <Text size="xs" c="dimmed">
                Changed by {route.updatedBy}, <Timestamp value={route.updatedAt} />
              </Text>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function Destination({ label, values }: { label: string; values: readonly string[] }) {
  if (values.length === 0) return null;
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      <Text span fw={500}>
        {label}:
      </Text>{' '}
      {values.join(', ')}
    </Text>
  );
}

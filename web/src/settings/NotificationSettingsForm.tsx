import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import type { NotificationSettingsFieldsFragment } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { errorAt, formLevelError, inputErrorOf, type InputError } from './inputError';
import {
  DEFAULT_NOTIFICATION_EVENTS,
  isNotificationEvent,
  NOTIFICATION_EVENT_LABELS,
  NOTIFICATION_EVENTS,
} from './notificationEvents';
import { SET_NOTIFICATION_SETTINGS_MUTATION } from './settingsOperations';

const FIELDS = [
  'environment',
  'events',
  'slackChannels',
  'emailRecipients',
  'emailDigestMinutes',
  'notifyAuthors',
] as const;

interface NotificationSettingsFormProps {
  project: string;
  /** The settings being edited; null starts a new route with the gateway's defaults. */
  initial: NotificationSettingsFieldsFragment | null;
  onSaved: () => void;
}

/**
 * One route: where a project's notifications go, for one environment or for every environment without
 * its own. The gateway validates; its message is shown at the field it names.
 */
export function NotificationSettingsForm({ project, initial, onSaved }: NotificationSettingsFormProps) {
  const client = useGraphQLClient();
  const [environment, setEnvironment] = useState(initial?.environment ?? '');
  const [events, setEvents] = useState<string[]>([...(initial?.events ?? DEFAULT_NOTIFICATION_EVENTS)]);
  const [slackChannels, setSlackChannels] = useState<string[]>(initial?.slackChannels ?? []);
  const [emailRecipients, setEmailRecipients] = useState<string[]>(initial?.emailRecipients ?? []);
  const [emailDigestMinutes, setEmailDigestMinutes] = useState<number | string>(
    initial?.emailDigestMinutes ?? '',
  );
  const [notifyAuthors, setNotifyAuthors] = useState(initial?.notifyAuthors ?? false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<InputError | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(): Promise<void> {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      await client.request(SET_NOTIFICATION_SETTINGS_MUTATION, {
        input: {
          project,
          environment: environment.trim() || null,
          events: events.filter(isNotificationEvent),
          slackChannels,
          emailRecipients,
          emailDigestMinutes: typeof emailDigestMinutes === 'number' ? emailDigestMinutes : null,
          notifyAuthors,
        },
      });
      setSaved(true);
      onSaved();
    } catch (cause) {
      setError(inputErrorOf(cause));
    } finally {
      setSaving(false);
    }
  }

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!saving) void save();
  }

  return (
    <form onSubmit={submit} aria-busy={saving} aria-label="Notification route">
      <Stack>
        <ErrorMessage message={formLevelError(error, FIELDS)} />
        <TextInput
          label="Environment"
          description="Leave empty for every environment of the project that has no route of its own."
          placeholder="every environment"
          value={environment}
          onChange={(event) => setEnvironment(event.currentTarget.value)}
          error={errorAt(error, 'environment')}
          autoComplete="off"
          spellCheck={false}
        />
        <Checkbox.Group
          label="Events"
          description="What to tell. By default: failures, rollbacks and approvals; successes stay quiet."
          value={events}
          onChange={setEvents}
          error={errorAt(error, 'events')}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt="xs" spacing="xs">
            {NOTIFICATION_EVENTS.map((event) => (
              <Checkbox key={event} value={event} label={NOTIFICATION_EVENT_LABELS[event]} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <TagsInput
          label="Slack channels"
          description="Such as #deploys, or a channel id; press Enter after each."
          value={slackChannels}
          onChange={setSlackChannels}
          error={errorAt(error, 'slackChannels')}
          clearable
        />
        <TagsInput
          label="Email recipients"
          description="Addresses; press Enter after each."
          value={emailRecipients}
          onChange={setEmailRecipients}
          error={errorAt(error, 'emailRecipients')}
          clearable
        />
        <NumberInput
          label="Email digest (minutes)"
          description="Gather emails into one digest every so many minutes (1–1440); empty sends each at once."
          value={emailDigestMinutes}
          onChange={setEmailDigestMinutes}
          error={errorAt(error, 'emailDigestMinutes')}
          allowDecimal={false}
        />
        <Switch
          label="Tell the authors of a release's commits when it arrives"
          checked={notifyAuthors}
          onChange={(event) => setNotifyAuthors(event.currentTarget.checked)}
          error={errorAt(error, 'notifyAuthors')}
        />
        <Group>
          <Button type="submit" loading={saving}>
            Save route
          </Button>
          {saved && (
            <Text role="status" c="teal">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

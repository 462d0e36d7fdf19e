import { NOTIFICATION_EVENTS, type NotificationEvent } from '@slipway/domain';
import type { NotificationRoute } from '@slipway/temporal';
import type { DataSource } from 'typeorm';

/** Settings for every environment of a project are stored under this name. */
const EVERY_ENVIRONMENT = '*';

/**
 * Where an environment's notifications go: its own settings, else the project's settings for every
 * environment; null when neither exists.
 */
export async function notificationRoute(
  dataSource: DataSource,
  project: string,
  environment: string,
): Promise<NotificationRoute | null> {
  const [row] = await dataSource.query<
    Array<{
      environment: string;
      events: string[];
      slack_channels: string[];
      email_recipients: string[];
      email_digest_minutes: number | null;
      notify_authors: boolean;
    }>
  >(
    `SELECT environment, events, slack_channels, email_recipients, email_digest_minutes, notify_authors
       FROM notification_settings
      WHERE project = $1 AND environment IN ($2, $3)
      ORDER BY environment = $3
      LIMIT 1`,
    [project, environment, EVERY_ENVIRONMENT],
  );
  if (!row) return null;
  return {
    events: row.events.filter((event): event is NotificationEvent =>
      (NOTIFICATION_EVENTS as readonly string[]).includes(event),
    ),
    slackChannels: row.slack_channels,
    emailRecipients: row.email_recipients,
    emailDigestMinutes: row.email_digest_minutes,
    notifyAuthors: row.notify_authors,
    digest: `${project}/${row.environment}`,
  };
}

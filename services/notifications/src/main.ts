import { openDatabase } from '@slipway/db';
import { runMain, startWorkerService } from '@slipway/service';
import {
  DIGEST_ENTRY_SIGNAL,
  NOTIFICATION_DIGEST_WORKFLOW,
  notificationDigestWorkflowId,
  TASK_QUEUES,
} from '@slipway/temporal';
import { connectTemporalClient } from '@slipway/temporal/client';
import { loadNotificationsConfig } from './config';
import { createEmailSender } from './email/email-sender';
import { createNotificationActivities } from './notification.activities';
import { createSlackApi } from './slack/slack-api';

runMain(
  'notifications',
  () => loadNotificationsConfig(),
  async (config, logger) => {
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-notifications');
    const client = await connectTemporalClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    logger.info(
      config.slack
        ? `Slack: posting through ${config.slack.apiUrl}`
        : 'Slack: off (SLACK_BOT_TOKEN is not set)',
    );
    logger.info(
      config.email.host
        ? `email: through ${config.email.host}:${config.email.port}`
        : `email: written to ${config.email.outboxDir} (SMTP_HOST is not set)`,
    );
    return startWorkerService({
      config,
      taskQueue: TASK_QUEUES.notifications,
      logger,
      activities: createNotificationActivities({
        dataSource,
        slack: config.slack && createSlackApi(config.slack),
        email: createEmailSender(config.email),
        consoleUrl: config.consoleUrl,
        scheduleDigest: async (digest, windowMinutes) => {
          await client.workflow.signalWithStart(NOTIFICATION_DIGEST_WORKFLOW, {
            workflowId: notificationDigestWorkflowId(digest),
            taskQueue: TASK_QUEUES.deploy,
            args: [digest, windowMinutes],
            signal: DIGEST_ENTRY_SIGNAL,
            signalArgs: [],
          });
        },
      }),
      readiness: {
        postgres: async () => {
          await dataSource.query('SELECT 1');
        },
      },
      onStopped: async () => {
        await client.connection.close();
        await dataSource.destroy();
      },
    });
  },
);

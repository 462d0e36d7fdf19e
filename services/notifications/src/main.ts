import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { loadNotificationsConfig } from './config';
import { createNotificationActivities } from './notification.activities';

runMain(
  'notifications',
  () => loadNotificationsConfig(),
  (config, logger) =>
    startWorkerService({
      temporalAddress: config.temporalAddress,
      temporalNamespace: config.temporalNamespace,
      taskQueue: TASK_QUEUES.notifications,
      healthPort: config.healthPort,
      logger,
      activities: createNotificationActivities(config.notifications),
    }),
);

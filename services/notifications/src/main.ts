import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { loadNotificationsConfig } from './config';
import { createNotificationActivities } from './notification.activities';

runMain(
  'notifications',
  () => loadNotificationsConfig(),
  (config, logger) =>
    startWorkerService({
      config,
      taskQueue: TASK_QUEUES.notifications,
      logger,
      activities: createNotificationActivities(config.notifications),
    }),
);

import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase } from '@slipway/db';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { createAuditActivities } from './deployment-events.activities';
import { scheduleStepLogRetention } from './step-log-retention';

runMain(
  'audit',
  () =>
    loadConfig({
      ...workerVars,
      DATABASE_URL: configVars.databaseUrl,
      STEP_LOG_RETENTION_DAYS: configVars.wholeNumber({ fallback: 30, min: 1, unit: 'days' }),
    }),
  async (config, logger) => {
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-audit');
    const retention = scheduleStepLogRetention({
      dataSource,
      retentionDays: config.STEP_LOG_RETENTION_DAYS,
      logger,
    });
    return startWorkerService({
      config,
      taskQueue: TASK_QUEUES.audit,
      logger,
      activities: createAuditActivities(dataSource),
      readiness: {
        postgres: async () => {
          await dataSource.query('SELECT 1');
        },
      },
      onStopped: async () => {
        await retention.stop();
        await dataSource.destroy();
      },
    });
  },
);

import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase } from '@slipway/db';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { createAuditActivities } from './deployment-events.activities';

runMain(
  'audit',
  () => loadConfig({ ...workerVars, DATABASE_URL: configVars.databaseUrl }),
  async (config, logger) => {
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-audit');
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
      onStopped: () => dataSource.destroy(),
    });
  },
);

import { openDatabase } from '@slipway/db';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { loadAuditConfig } from './config';
import { createAuditActivities } from './deployment-events.activities';

runMain(
  'audit',
  () => loadAuditConfig(),
  async (config, logger) => {
    const dataSource = await openDatabase(config.databaseUrl, 'slipway-audit');
    return startWorkerService({
      temporalAddress: config.temporalAddress,
      temporalNamespace: config.temporalNamespace,
      taskQueue: TASK_QUEUES.audit,
      healthPort: config.healthPort,
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

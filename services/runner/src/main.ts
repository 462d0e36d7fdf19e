import { createDeployActivities } from '@slipway/activities';
import { configVars, loadConfig, workerVars } from '@slipway/config';
import { openDatabase } from '@slipway/db';
import { appendStepLogs } from '@slipway/events';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle-path';

runMain(
  'runner',
  () =>
    loadConfig({ ...workerVars, SLIPWAY_HOME: configVars.directory, DATABASE_URL: configVars.databaseUrl }),
  async (config, logger) => {
    // Step output goes straight to PostgreSQL in ~200 ms batches, so the console can follow it live.
    const dataSource = await openDatabase(config.DATABASE_URL, 'slipway-runner');
    return startWorkerService({
      config,
      taskQueue: TASK_QUEUES.deploy,
      logger,
      activities: createDeployActivities({
        home: config.SLIPWAY_HOME,
        appendStepLogs: (batch) => appendStepLogs(dataSource, batch),
      }),
      workflowBundlePath: WORKFLOW_BUNDLE_PATH,
      readiness: {
        postgres: async () => {
          await dataSource.query('SELECT 1');
        },
      },
      onStopped: () => dataSource.destroy(),
    });
  },
);

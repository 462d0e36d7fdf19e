import { configVars, loadConfig, workerVars } from '@slipway/config';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { createVcsActivities } from './vcs.activities';

runMain(
  'vcs',
  () => loadConfig({ ...workerVars, SLIPWAY_HOME: configVars.directory }),
  (config, logger) =>
    startWorkerService({
      config,
      taskQueue: TASK_QUEUES.vcs,
      logger,
      activities: createVcsActivities({ home: config.SLIPWAY_HOME }),
    }),
);

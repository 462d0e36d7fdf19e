import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { loadVcsConfig } from './config';
import { createVcsActivities } from './vcs.activities';

runMain(
  'vcs',
  () => loadVcsConfig(),
  (config, logger) =>
    startWorkerService({
      temporalAddress: config.temporalAddress,
      temporalNamespace: config.temporalNamespace,
      taskQueue: TASK_QUEUES.vcs,
      healthPort: config.healthPort,
      logger,
      activities: createVcsActivities({ home: config.home }),
    }),
);

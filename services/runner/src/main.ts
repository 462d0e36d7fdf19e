import { createDeployActivities } from '@slipway/activities';
import { configVars, loadConfig, workerVars } from '@slipway/config';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle-path';

runMain(
  'runner',
  () => loadConfig({ ...workerVars, SLIPWAY_HOME: configVars.directory }),
  (config, logger) =>
    startWorkerService({
      config,
      taskQueue: TASK_QUEUES.deploy,
      logger,
      activities: createDeployActivities({ home: config.SLIPWAY_HOME }),
      workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    }),
);

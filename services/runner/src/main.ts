import { createDeployActivities } from '@slipway/activities';
import { runMain, startWorkerService } from '@slipway/service';
import { TASK_QUEUES } from '@slipway/temporal';
import { loadRunnerConfig } from './config';
import { WORKFLOW_BUNDLE_PATH } from './workflow-bundle-path';

runMain(
  'runner',
  () => loadRunnerConfig(),
  (config, logger) =>
    startWorkerService({
      temporalAddress: config.temporalAddress,
      temporalNamespace: config.temporalNamespace,
      taskQueue: TASK_QUEUES.deploy,
      healthPort: config.healthPort,
      logger,
      activities: createDeployActivities({ home: config.home }),
      workflowBundlePath: WORKFLOW_BUNDLE_PATH,
    }),
);

import type { DeploymentEventListener } from '@slipway/events';
import { followLog, type Page } from '../live/follow-log';
import type { DeploymentEventModel, StepLogLineModel } from './deployment.model';

export type { Page };

const FINAL_EVENTS = new Set([
  'DEPLOYMENT_SUCCEEDED',
  'DEPLOYMENT_FAILED',
  'DEPLOYMENT_ROLLED_BACK',
  'DEPLOYMENT_ROLLBACK_FAILED',
  'DEPLOYMENT_CANCELLED',
]);

/** Every event of a deployment after `afterId`; completes after its final event. */
export function deploymentEventStream(
  deploymentId: string,
  afterId: string,
  listener: DeploymentEventListener,
  page: Page<DeploymentEventModel>,
): AsyncGenerator<DeploymentEventModel> {
  return followLog(listener, afterId, page, {
    wakesOn: (notice) => notice.deploymentId === deploymentId,
    isLast: (event) => FINAL_EVENTS.has(event.type),
  });
}

/** Every line its steps print after `afterId`, as they print it; completes once it has ended. */
export function stepLogStream(
  deploymentId: string,
  afterId: string,
  listener: DeploymentEventListener,
  page: Page<StepLogLineModel>,
  hasEnded: () => Promise<boolean>,
): AsyncGenerator<StepLogLineModel> {
  return followLog(listener, afterId, page, {
    wakesOn: (notice) => notice.deploymentId === deploymentId,
    hasEnded,
  });
}

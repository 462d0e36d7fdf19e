import type { DeploymentEventListener } from '@slipway/events';
import type { DeploymentEventModel } from '../deployments/deployment.model';
import { followLog, type Page } from './follow-log';

/**
 * The events `page` selects across every deployment after `afterId`, live; it never completes. Any
 * deployment's notice may announce one, so every notice wakes it (the page then filters, in SQL).
 */
export function liveEventStream(
  listener: DeploymentEventListener,
  afterId: string,
  page: Page<DeploymentEventModel>,
): AsyncGenerator<DeploymentEventModel, void, undefined> {
  return followLog(listener, afterId, page, { wakesOn: () => true });
}

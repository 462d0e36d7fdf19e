import type { DeploymentEventListener } from '@slipway/events';
import type { DeploymentEventModel, StepLogLineModel } from './deployment.model';

const FINAL_EVENTS = new Set([
  'DEPLOYMENT_SUCCEEDED',
  'DEPLOYMENT_FAILED',
  'DEPLOYMENT_ROLLED_BACK',
  'DEPLOYMENT_ROLLBACK_FAILED',
  'DEPLOYMENT_CANCELLED',
]);

export type Page<T> = (afterId: string) => Promise<T[]>;

/**
 * What was appended for one deployment after `afterId`, in order, each item exactly once: every
 * notification only wakes the stream, which then reads the table from the last id it delivered. A
 * missed or duplicated notification, or a LISTEN connection that dropped and came back, therefore never
 * loses or repeats an item. The stream ends after an item for which `isLast` holds, or after a
 * catch-up once `hasEnded` says nothing more can come.
 */
async function* followDeployment<T extends { id: string }>(
  deploymentId: string,
  afterId: string,
  listener: DeploymentEventListener,
  page: Page<T>,
  end: { isLast?: (item: T) => boolean; hasEnded?: () => Promise<boolean> },
): AsyncGenerator<T> {
  let lastId = afterId;
  let wake: (() => void) | null = null;
  let pending = true;
  let ending = false;
  const poke = (): void => {
    pending = true;
    wake?.();
  };
  const onNotice = ({ deploymentId: id }: { deploymentId: string }): void => {
    if (id === deploymentId) poke();
  };
  listener.on('event', onNotice);
  listener.on('reconnected', poke);
  try {
    for (;;) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      pending = false;
      for (let items = await page(lastId); items.length > 0; items = await page(lastId)) {
        for (const item of items) {
          lastId = item.id;
          yield item;
          if (end.isLast?.(item)) return;
        }
      }
      if (ending) return;
      // Lines stored between that last read and this check would be missed: read once more, then stop.
      if (end.hasEnded && (await end.hasEnded())) {
        ending = true;
        pending = true;
      }
    }
  } finally {
    listener.off('event', onNotice);
    listener.off('reconnected', poke);
  }
}

/** Every event of a deployment after `afterId`; completes after its final event. */
export function deploymentEventStream(
  deploymentId: string,
  afterId: string,
  listener: DeploymentEventListener,
  page: Page<DeploymentEventModel>,
): AsyncGenerator<DeploymentEventModel> {
  return followDeployment(deploymentId, afterId, listener, page, {
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
  return followDeployment(deploymentId, afterId, listener, page, { hasEnded });
}

import type { DeploymentEventListener } from '@slipway/events';
import type { DeploymentEventModel } from './deployment.model';

const FINAL_EVENTS = new Set([
  'DEPLOYMENT_SUCCEEDED',
  'DEPLOYMENT_FAILED',
  'DEPLOYMENT_ROLLED_BACK',
  'DEPLOYMENT_ROLLBACK_FAILED',
  'DEPLOYMENT_CANCELLED',
]);

export type EventPage = (afterId: string) => Promise<DeploymentEventModel[]>;

/**
 * The events of one deployment after `afterId`, in order, each exactly once: every notification only
 * wakes the stream, which then reads the log from the last id it delivered. A missed or duplicated
 * notification, or a LISTEN connection that dropped and came back, therefore never loses or repeats
 * an event. The stream ends after the deployment's final event.
 */
export async function* deploymentEventStream(
  deploymentId: string,
  afterId: string,
  listener: DeploymentEventListener,
  page: EventPage,
): AsyncGenerator<DeploymentEventModel> {
  let lastId = afterId;
  let wake: (() => void) | null = null;
  let pending = true;
  const poke = (): void => {
    pending = true;
    wake?.();
  };
  const onEvent = ({ deploymentId: id }: { deploymentId: string }): void => {
    if (id === deploymentId) poke();
  };
  listener.on('event', onEvent);
  listener.on('reconnected', poke);
  try {
    for (;;) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      pending = false;
      for (let events = await page(lastId); events.length > 0; events = await page(lastId)) {
        for (const event of events) {
          lastId = event.id;
          yield event;
          if (FINAL_EVENTS.has(event.type)) return;
        }
      }
    }
  } finally {
    listener.off('event', onEvent);
    listener.off('reconnected', poke);
  }
}

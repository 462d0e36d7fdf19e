import { RELEASE_WORKFLOW, TASK_QUEUES, type ReleaseInput } from '@slipway/temporal';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

export type ReleaseStart = 'started' | 'already started';

export type StartRelease = (workflowId: string, input: ReleaseInput) => Promise<ReleaseStart>;

/**
 * How long one start may take. Without a deadline a call on a connection gone bad can wait forever,
 * and every release queued behind it with it; past it, the start fails and is retried like any other.
 */
export const RELEASE_START_DEADLINE_MS = 10_000;

/**
 * Starts the release workflow; a release already running under the same id (the same commit pushed
 * again, a merge and its push) counts as started: that is what makes webhooks idempotent.
 */
export function releaseStarter(client: Client): StartRelease {
  return async (workflowId, input) => {
    try {
      await client.connection.withDeadline(Date.now() + RELEASE_START_DEADLINE_MS, () =>
        client.workflow.start(RELEASE_WORKFLOW, {
          taskQueue: TASK_QUEUES.deploy,
          workflowId,
          args: [input],
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already started';
      throw error;
    }
  };
}

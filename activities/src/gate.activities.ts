import type { GateActivities } from '@slipway/temporal';
import {
  deploymentWorkflowId,
  ENVIRONMENT_GATE_ID,
  ENVIRONMENT_GATE_WORKFLOW,
  GATE_MESSAGES,
  TASK_QUEUES,
} from '@slipway/temporal';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

/**
 * A workflow cannot start another with a signal; this activity can. The gate starts on first use and
 * every request reaches the one running gate. The gate also asks here whether the deployments holding
 * environments still run.
 */
export function createGateActivities(client: Client): GateActivities {
  return {
    enterEnvironmentQueue: async (request) => {
      await client.workflow.signalWithStart(ENVIRONMENT_GATE_WORKFLOW, {
        workflowId: ENVIRONMENT_GATE_ID,
        taskQueue: TASK_QUEUES.deploy,
        args: [],
        signal: GATE_MESSAGES.enter,
        signalArgs: [request],
      });
    },
    stillRunning: async (deploymentIds) => {
      const running = await Promise.all(
        deploymentIds.map(async (id) => {
          try {
            const { status } = await client.workflow.getHandle(deploymentWorkflowId(id)).describe();
            return status.name === 'RUNNING' ? id : null;
          } catch (error) {
            if (error instanceof WorkflowNotFoundError) return null;
            throw error;
          }
        }),
      );
      return running.filter((id): id is string => id !== null);
    },
  };
}

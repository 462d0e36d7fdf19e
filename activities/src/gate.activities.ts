import type { GateActivities } from '@slipway/temporal';
import {
  ENVIRONMENT_GATE_ID,
  ENVIRONMENT_GATE_WORKFLOW,
  GATE_MESSAGES,
  TASK_QUEUES,
} from '@slipway/temporal';
import type { Client } from '@temporalio/client';

/**
 * A workflow cannot start another with a signal; this activity can. The gate starts on first use and
 * every request reaches the one running gate.
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
  };
}

import type { EnvironmentQueue, PauseInfo, PauseScope, QueueRequest } from '@slipway/temporal';
import { DEPLOYMENT_MESSAGES, deploymentWorkflowId, GATE_MESSAGES } from '@slipway/temporal';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { planning } from './activity-proxies';

/**
 * How often the gate makes sure each environment's holder still runs. A deployment always leaves its
 * environment, unless someone terminates its workflow by hand: then the next one waits this long at most.
 */
const HOLDER_CHECK_INTERVAL = '5 minutes';

export const enterEnvironmentQueueSignal = defineSignal<[QueueRequest]>(GATE_MESSAGES.enter);
export const leaveEnvironmentSignal = defineSignal<[{ deploymentId: string }]>(GATE_MESSAGES.leave);
export const pauseDeploymentsSignal = defineSignal<[PauseScope & Omit<PauseInfo, 'since'>]>(
  GATE_MESSAGES.pause,
);
export const resumeDeploymentsSignal = defineSignal<[PauseScope]>(GATE_MESSAGES.resume);
export const environmentQueueQuery = defineQuery<EnvironmentQueue[], [PauseScope]>(GATE_MESSAGES.queue);

export const environmentGrantedSignal = defineSignal(DEPLOYMENT_MESSAGES.granted);
export const deploymentSupersededSignal = defineSignal<[{ by: string }]>(DEPLOYMENT_MESSAGES.superseded);
export const queuedBehindSignal = defineSignal<[{ behind: string }]>(DEPLOYMENT_MESSAGES.queuedBehind);

interface Lane {
  project: string;
  environment: string;
  running: string | null;
  waiting: QueueRequest[];
  paused: PauseInfo | null;
}

/** Everything the gate knows; carried over to the next run when the history grows long. */
export interface GateState {
  lanes: Lane[];
  paused: PauseInfo | null;
}

/**
 * The environments' locks. Each environment runs one deployment at a time; the others wait in the
 * order they asked (FIFO). `supersede` drops the ones still waiting when a newer one arrives. A pause
 * stops the gate from letting anything new in; whatever runs goes on.
 */
export async function environmentGateWorkflow(state: GateState = { lanes: [], paused: null }): Promise<void> {
  const { lanes } = state;
  const laneOf = (project: string, environment: string): Lane => {
    let lane = lanes.find((item) => item.project === project && item.environment === environment);
    if (!lane) {
      lane = { project, environment, running: null, waiting: [], paused: null };
      lanes.push(lane);
    }
    return lane;
  };
  const notify: Array<{
    deploymentId: string;
    superseded?: { by: string };
    queuedBehind?: { behind: string };
  }> = [];

  setHandler(enterEnvironmentQueueSignal, (request) => {
    const lane = laneOf(request.project, request.environment);
    // An activity retry may deliver the same request twice.
    if (lane.running === request.deploymentId) return;
    if (lane.waiting.some((item) => item.deploymentId === request.deploymentId)) return;
    if (request.concurrency === 'supersede') {
      for (const older of lane.waiting) {
        notify.push({ deploymentId: older.deploymentId, superseded: { by: request.deploymentId } });
      }
      lane.waiting = [];
    }
    lane.waiting.push(request);
    // People hear that it waits, and for whom (gates started before this tell nobody).
    if (lane.running !== null && patched('queued-behind')) {
      notify.push({ deploymentId: request.deploymentId, queuedBehind: { behind: lane.running } });
    }
  });

  setHandler(leaveEnvironmentSignal, ({ deploymentId }) => {
    for (const lane of lanes) {
      if (lane.running === deploymentId) lane.running = null;
      lane.waiting = lane.waiting.filter((item) => item.deploymentId !== deploymentId);
    }
  });

  setHandler(pauseDeploymentsSignal, ({ project, environment, actor, reason }) => {
    const pause = { actor, reason, since: new Date().toISOString() };
    if (project !== undefined && environment !== undefined) laneOf(project, environment).paused = pause;
    else state.paused = pause;
  });

  setHandler(resumeDeploymentsSignal, ({ project, environment }) => {
    if (project !== undefined && environment !== undefined) laneOf(project, environment).paused = null;
    else state.paused = null;
  });

  setHandler(environmentQueueQuery, ({ project, environment }) =>
    lanes
      .filter(
        (lane) =>
          (project === undefined || lane.project === project) &&
          (environment === undefined || lane.environment === environment),
      )
      .map((lane) => ({
        project: lane.project,
        environment: lane.environment,
        running: lane.running,
        waiting: lane.waiting.map((item) => item.deploymentId),
        paused: lane.paused ?? state.paused,
      })),
  );

  const grantable = (): Lane[] =>
    state.paused === null
      ? lanes.filter((lane) => lane.paused === null && lane.running === null && lane.waiting.length > 0)
      : [];

  for (;;) {
    const holders = lanes.flatMap((lane) => (lane.running === null ? [] : [lane.running]));
    const wake = () => notify.length > 0 || grantable().length > 0 || workflowInfo().continueAsNewSuggested;
    // Nothing to check while no environment is held: no timer, no history.
    const woken =
      holders.length > 0
        ? await condition(wake, HOLDER_CHECK_INTERVAL)
        : await condition(wake).then(() => true);
    if (!woken) {
      const alive = new Set(await planning.stillRunning(holders));
      for (const lane of lanes) if (lane.running !== null && !alive.has(lane.running)) lane.running = null;
      continue;
    }
    for (const lane of grantable()) {
      const next = lane.waiting.shift()!;
      lane.running = next.deploymentId;
      notify.push({ deploymentId: next.deploymentId });
    }
    for (const message of notify.splice(0)) {
      const handle = getExternalWorkflowHandle(deploymentWorkflowId(message.deploymentId));
      try {
        if (message.superseded) await handle.signal(deploymentSupersededSignal, message.superseded);
        else if (message.queuedBehind) await handle.signal(queuedBehindSignal, message.queuedBehind);
        else await handle.signal(environmentGrantedSignal);
      } catch {
        // The deployment ended meanwhile (cancelled, terminated): the environment is free again.
        for (const lane of lanes) if (lane.running === message.deploymentId) lane.running = null;
      }
    }
    if (workflowInfo().continueAsNewSuggested && notify.length === 0) {
      await condition(allHandlersFinished);
      // Lanes with nothing in them are not worth carrying over.
      const kept = lanes.filter((lane) => lane.running !== null || lane.waiting.length > 0 || lane.paused);
      await continueAsNew<typeof environmentGateWorkflow>({ lanes: kept, paused: state.paused });
    }
  }
}

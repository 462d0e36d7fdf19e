import type {
  AuditActivities,
  DeployActivities,
  GateActivities,
  NotificationActivities,
  VcsActivities,
} from '@slipway/temporal';
import { DELIVERY_ATTEMPTS, TASK_QUEUES } from '@slipway/temporal';
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';

/** Until the audit service answers, the deployment waits: no event is ever skipped. */
export const audit = proxyActivities<AuditActivities>({
  taskQueue: TASK_QUEUES.audit,
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

export const vcs = proxyActivities<VcsActivities>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/** A release diff is information, not a gate: a few quick tries, then the deployment goes on without it. */
const RELEASE_DIFF_RETRY = { initialInterval: '1s', maximumAttempts: 3 } as const;

export const runningRelease = proxyActivities<Pick<AuditActivities, 'currentRelease'>>({
  taskQueue: TASK_QUEUES.audit,
  startToCloseTimeout: '15s',
  retry: RELEASE_DIFF_RETRY,
});

export const releaseDiffs = proxyActivities<Pick<VcsActivities, 'releaseDiff'>>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '1m',
  retry: RELEASE_DIFF_RETRY,
});

/** Deployments started before the notifications workflow tell the service their outcome, a few times at most. */
export const notifications = proxyActivities<Pick<NotificationActivities, 'notifyDeploymentFinished'>>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/** Until the notifications service answers, nobody is told anything yet; the deployment does not wait for it. */
export const notificationSettings = proxyActivities<Pick<NotificationActivities, 'notificationRoute'>>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Each delivery is tried with backoff (an activity that read Retry-After waits that long instead), then
 * given up: the delivery log shows every attempt and the provider's answers.
 */
export const deliveries = proxyActivities<NotificationActivities>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '1m',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '2m',
    maximumAttempts: DELIVERY_ATTEMPTS,
  },
});

export const planning = proxyActivities<
  Pick<DeployActivities, 'planEnvironment' | 'planRelease' | 'releaseWorkspace'> & GateActivities
>({
  taskQueue: TASK_QUEUES.deploy,
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/** A build heartbeats while its commands run; a runner that dies mid-build hands it to another. */
export const builds = proxyActivities<Pick<DeployActivities, 'buildArtifact'>>({
  taskQueue: TASK_QUEUES.deploy,
  startToCloseTimeout: '2h',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

/**
 * A step's own timeout is enforced by the activity; the heartbeat notices a runner that died, and the
 * step is then tried again on another runner.
 */
export function stepActivities(timeoutMs: number, retries: number): DeployActivities {
  return proxyActivities<DeployActivities>({
    taskQueue: TASK_QUEUES.deploy,
    startToCloseTimeout: timeoutMs + 60_000,
    heartbeatTimeout: '5s',
    // On cancel, wait until the step's processes are really stopped before undoing anything.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: retries + 3 },
  });
}

/**
 * Telling the repository host about a deployment is information, not a gate: reports run beside the
 * steps and keep trying for an hour (GitHub's rate limit may ask for minutes), never failing the deployment.
 */
export const deploymentReports = proxyActivities<Pick<VcsActivities, 'reportDeployment' | 'reportBuild'>>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '1m',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

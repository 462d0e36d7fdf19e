/** One task queue per service, so each can be deployed and scaled alone. */
export const TASK_QUEUES = {
  deploy: 'deploy',
  audit: 'audit',
  vcs: 'vcs',
  notifications: 'notifications',
} as const;

export const DEPLOYMENT_WORKFLOW = 'deploymentWorkflow';

/** The workflow id is the business key: a retried trigger never starts a second run. */
export function deploymentWorkflowId(deploymentId: string): string {
  return `deployment-${deploymentId}`;
}

/** Update on the deployment workflow that completes once DEPLOYMENT_QUEUED is in the log. */
export const DEPLOYMENT_RECORDED_UPDATE = 'deploymentRecorded';

/** Runs one commit through the environments: the first deployments, then promotions along `after`. */
export const RELEASE_WORKFLOW = 'releaseWorkflow';

/** A push of the same commit starts one release; a person's request is its own release. */
export function releaseWorkflowId(project: string, key: string): string {
  return `release-${project}-${key}`;
}

/** One workflow keeps every environment's queue and the pauses, so their order survives any crash. */
export const ENVIRONMENT_GATE_WORKFLOW = 'environmentGateWorkflow';
export const ENVIRONMENT_GATE_ID = 'slipway-environment-gate';

/** Messages of the gate workflow (signals and the queue query). */
export const GATE_MESSAGES = {
  enter: 'enterEnvironmentQueue',
  leave: 'leaveEnvironment',
  pause: 'pauseDeployments',
  resume: 'resumeDeployments',
  queue: 'environmentQueue',
} as const;

/** Messages of the deployment workflow. */
export const DEPLOYMENT_MESSAGES = {
  /** Signal from the gate: the environment is this deployment's now. */
  granted: 'environmentGranted',
  /** Signal from the gate: a newer deployment took its place. */
  superseded: 'deploymentSuperseded',
  approve: 'approve',
  reject: 'reject',
  /** Signal from the vcs service: the commit's CI changed, a deployment waiting for it looks again. */
  ciChanged: 'ciChanged',
  /** Signal from the gate: the environment is busy, the deployment waits behind the one holding it. */
  queuedBehind: 'queuedBehind',
} as const;

/**
 * Who hears about one deployment: a workflow of its own, fed the deployment's events, so a Slack or
 * mail server that is slow or down never holds the deployment up.
 */
export const DEPLOYMENT_NOTIFICATIONS_WORKFLOW = 'deploymentNotificationsWorkflow';

export function deploymentNotificationsWorkflowId(deploymentId: string): string {
  return `notifications-${deploymentId}`;
}

/** Signal to the notifications workflow: the deployment's events just stored, in order. */
export const DEPLOYMENT_EVENTS_SIGNAL = 'deploymentEvents';

/** Gathers an environment's notification emails and sends them as one digest per window. */
export const NOTIFICATION_DIGEST_WORKFLOW = 'notificationDigestWorkflow';

export function notificationDigestWorkflowId(digest: string): string {
  return `notification-digest-${digest}`;
}

/** Signal to the digest workflow: an entry is waiting. */
export const DIGEST_ENTRY_SIGNAL = 'digestEntryAdded';

/** How many times a notification is tried before its delivery is logged as failed for good. */
export const DELIVERY_ATTEMPTS = 8;

export const RELEASE_MESSAGES = {
  /**
   * Signal from a deployment to its release: how it ended, sent before it waits for its reports to
   * GitHub/GitLab, so a host that is slow or down never holds up the promotion.
   */
  deploymentEnded: 'deploymentEnded',
} as const;

/** Reads a project's pipeline spec at a ref, for the gateway (which has no repository access). */
export const PIPELINE_SPEC_WORKFLOW = 'pipelineSpecWorkflow';

/** Every read is its own short workflow: `key` is unique per request. */
export function pipelineSpecWorkflowId(project: string, key: string): string {
  return `pipeline-spec:${project}:${key}`;
}

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

export const DEPLOYMENT_STATUSES = [
  'QUEUED',
  'WAITING_CI',
  'WAITING_APPROVAL',
  'RUNNING',
  'ROLLING_BACK',
  'SUCCEEDED',
  'FAILED',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
  'SUPERSEDED',
  'BLOCKED',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const STEP_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'ROLLING_BACK',
  'ROLLED_BACK',
  'ROLLBACK_FAILED',
  'CANCELLED',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const DEPLOYMENT_TRANSITIONS: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  QUEUED: ['WAITING_CI', 'WAITING_APPROVAL', 'RUNNING', 'FAILED', 'CANCELLED', 'SUPERSEDED', 'BLOCKED'],
  // The commit's CI passed: on to approval and the environment's queue.
  WAITING_CI: ['QUEUED', 'FAILED', 'CANCELLED', 'SUPERSEDED'],
  // Approved by enough people: back in the queue for the environment.
  WAITING_APPROVAL: ['QUEUED', 'REJECTED', 'EXPIRED', 'FAILED', 'CANCELLED', 'SUPERSEDED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'ROLLING_BACK', 'CANCELLED'],
  ROLLING_BACK: ['ROLLED_BACK', 'ROLLBACK_FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  ROLLED_BACK: [],
  ROLLBACK_FAILED: [],
  CANCELLED: [],
  REJECTED: [],
  EXPIRED: [],
  SUPERSEDED: [],
  BLOCKED: [],
};

const STEP_TRANSITIONS: Record<StepStatus, readonly StepStatus[]> = {
  PENDING: ['RUNNING'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: ['ROLLING_BACK'],
  FAILED: [],
  ROLLING_BACK: ['ROLLED_BACK', 'ROLLBACK_FAILED'],
  ROLLED_BACK: [],
  ROLLBACK_FAILED: [],
  CANCELLED: [],
};

export class IllegalTransitionError extends Error {
  constructor(subject: string, from: string, to: string) {
    super(`${subject} cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function isTerminal(status: DeploymentStatus): boolean {
  return DEPLOYMENT_TRANSITIONS[status].length === 0;
}

export function assertDeploymentTransition(from: DeploymentStatus, to: DeploymentStatus): void {
  if (!DEPLOYMENT_TRANSITIONS[from].includes(to)) throw new IllegalTransitionError('A deployment', from, to);
}

export function assertStepTransition(from: StepStatus, to: StepStatus): void {
  if (!STEP_TRANSITIONS[from].includes(to)) throw new IllegalTransitionError('A step', from, to);
}

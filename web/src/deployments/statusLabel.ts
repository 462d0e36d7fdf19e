import type { DeploymentStatus, StepStatus } from '../gql/graphql';

type Status = DeploymentStatus | StepStatus;

const LABELS: Record<Status, string> = {
  QUEUED: 'Queued',
  PENDING: 'Pending',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  ROLLING_BACK: 'Rolling back',
  ROLLED_BACK: 'Rolled back',
  ROLLBACK_FAILED: 'Rollback failed',
  CANCELLED: 'Cancelled',
  WAITING_CI: 'Waiting for CI',
  WAITING_APPROVAL: 'Waiting for approval',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
  SUPERSEDED: 'Superseded',
  BLOCKED: 'Blocked by a freeze',
};

/** How the console names a deployment's or a step's status, wherever it shows one. */
export function statusLabel(status: Status): string {
  return LABELS[status];
}

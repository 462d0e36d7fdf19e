import type { DeploymentStatus, StepStatus } from '../graphql/schema';

type Status = DeploymentStatus | StepStatus;
type Tone = 'pending' | 'running' | 'success' | 'failure' | 'warning';

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

const TONES: Record<Status, Tone> = {
  QUEUED: 'pending',
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'success',
  FAILED: 'failure',
  ROLLING_BACK: 'warning',
  ROLLED_BACK: 'warning',
  ROLLBACK_FAILED: 'failure',
  CANCELLED: 'pending',
  WAITING_CI: 'pending',
  WAITING_APPROVAL: 'warning',
  REJECTED: 'failure',
  EXPIRED: 'pending',
  SUPERSEDED: 'pending',
  BLOCKED: 'warning',
};

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge badge-${TONES[status]}`}>{LABELS[status]}</span>;
}

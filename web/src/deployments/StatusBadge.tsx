import { Badge, type MantineColor } from '@mantine/core';
import type { DeploymentStatus, StepStatus } from '../gql/graphql';
import { statusLabel } from './statusLabel';

type Status = DeploymentStatus | StepStatus;
type Tone = 'pending' | 'running' | 'success' | 'failure' | 'warning';

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

const COLORS: Record<Tone, MantineColor> = {
  pending: 'gray',
  running: 'blue',
  success: 'green',
  failure: 'red',
  warning: 'orange',
};

export function StatusBadge({ status }: { status: Status }) {
  // The `badge` class is how the browser tests (e2e/) find a status.
  return (
    <Badge className="badge" color={COLORS[TONES[status]]} variant="light" tt="none">
      {statusLabel(status)}
    </Badge>
  );
}

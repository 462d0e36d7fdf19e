// Hand-written mirror of the gateway's GraphQL contract; replace with generated types once codegen exists.

/** ISO 8601 timestamp, as the gateway serialises `DateTime`. */
export type DateTime = string;

export type DeploymentStatus =
  | 'QUEUED'
  | 'WAITING_CI'
  | 'WAITING_APPROVAL'
  | 'RUNNING'
  | 'ROLLING_BACK'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'ROLLED_BACK'
  | 'ROLLBACK_FAILED'
  | 'CANCELLED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'SUPERSEDED'
  | 'BLOCKED';

export type StepStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'ROLLING_BACK'
  | 'ROLLED_BACK'
  | 'ROLLBACK_FAILED'
  | 'CANCELLED';

export interface DeploymentStep {
  position: number;
  name: string;
  status: StepStatus;
  startedAt: DateTime | null;
  finishedAt: DateTime | null;
  output: string;
  error: string | null;
}

export interface Deployment {
  id: string;
  project: string;
  environment: string;
  ref: string;
  actor: string;
  status: DeploymentStatus;
  commitSha: string | null;
  commitMessage: string | null;
  reason: string | null;
  queuedAt: DateTime;
  startedAt: DateTime | null;
  finishedAt: DateTime | null;
  steps: DeploymentStep[];
}

export type DeploymentSummary = Pick<
  Deployment,
  'id' | 'project' | 'environment' | 'ref' | 'actor' | 'status' | 'commitSha' | 'queuedAt'
>;

export interface DeploymentEvent {
  id: string;
  deploymentId: string;
  sequence: number;
  type: string;
  occurredAt: DateTime;
  deployment: Deployment;
}

export interface DeployInput {
  project: string;
  environment: string;
  ref: string;
}

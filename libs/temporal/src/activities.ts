import type { DeploymentEventEnvelope, DeploymentStatus, StepSpec } from '@slipway/domain';

export interface ProjectRef {
  name: string;
  /** A git URL or a local path the runner and vcs hosts can read. */
  repositoryUrl: string;
}

export interface DeploymentInput {
  deploymentId: string;
  project: ProjectRef;
  environment: string;
  ref: string;
  actor: string;
}

export interface Commit {
  sha: string;
  message: string;
  author: string;
  committedAt: string;
}

export interface EnvironmentPlan {
  variables: Record<string, string>;
  steps: StepSpec[];
}

export interface StepRun {
  deploymentId: string;
  project: ProjectRef;
  environment: string;
  commit: Commit;
  position: number;
  step: StepSpec;
  variables: Record<string, string>;
}

export interface StepResult {
  output: string;
}

/** Queue `audit`: the event log and its read models. */
export interface AuditActivities {
  /** One deployment's events, in sequence order, appended together. */
  recordDeploymentEvents(events: DeploymentEventEnvelope[]): Promise<void>;
}

/** Queue `vcs`: every conversation with a repository. */
export interface VcsActivities {
  resolveCommit(repositoryUrl: string, ref: string): Promise<Commit>;
}

export interface DeploymentOutcome {
  deploymentId: string;
  project: string;
  environment: string;
  commit: Commit | null;
  status: DeploymentStatus;
  reason: string | null;
}

/** Queue `notifications`: people hear about outcomes. */
export interface NotificationActivities {
  notifyDeploymentFinished(outcome: DeploymentOutcome): Promise<void>;
}

/** Queue `deploy`: the steps themselves, run on the runner host. */
export interface DeployActivities {
  planEnvironment(project: ProjectRef, commit: Commit, environment: string): Promise<EnvironmentPlan>;
  runStep(run: StepRun): Promise<StepResult>;
  rollbackStep(run: StepRun): Promise<StepResult>;
  releaseWorkspace(deploymentId: string): Promise<void>;
}

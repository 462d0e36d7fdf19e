import type { BuildReportState, DeploymentReportState } from '@slipway/temporal';

export interface NewHostDeployment {
  /** owner/name (GitHub) or group/name (GitLab). */
  repository: string;
  sha: string;
  /** The ref that was asked for: refs/heads/main, refs/tags/v1.2.0, main; the sha when unknown. */
  ref: string;
  environment: string;
  /** The Slipway deployment it stands for. */
  deploymentId: string;
}

export interface HostDeploymentStatus {
  state: DeploymentReportState;
  description: string;
  /** Where the environment can be visited, if known. */
  environmentUrl?: string;
  /** The Slipway deployment page. */
  logUrl: string;
}

export interface HostCommitStatus {
  repository: string;
  sha: string;
  state: BuildReportState;
  /** The status's name on the commit, such as `slipway/build`. */
  context: string;
  description: string;
  targetUrl: string;
}

/** A deployment the host made: its id there, and whether the status it was created with shows already. */
export interface CreatedHostDeployment {
  id: string;
  statusShown: boolean;
}

/**
 * What Slipway tells a repository host (GitHub, GitLab) about deployments and builds. Failures are
 * HostRateLimitedError (wait), HostRejectedError (never again) or anything else (try again).
 */
export interface DeploymentHost {
  /**
   * Creates the host's deployment for the first status the host can show; null when it shows none in this
   * one (GitLab has no queued deployment), and the next status creates it.
   */
  createDeployment(
    deployment: NewHostDeployment,
    status: HostDeploymentStatus,
  ): Promise<CreatedHostDeployment | null>;
  postStatus(repository: string, id: string, status: HostDeploymentStatus): Promise<void>;
  /** The deployment is no longer what its environment runs: a newer one succeeded there. */
  retire(repository: string, id: string, logUrl: string): Promise<void>;
  postCommitStatus(status: HostCommitStatus): Promise<void>;
}

/** GitHub limits a status description to 140 characters; GitLab shows no more at a glance. */
const DESCRIPTION_LIMIT = 140;

export function shortDescription(description: string): string {
  return description.length <= DESCRIPTION_LIMIT
    ? description
    : `${description.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

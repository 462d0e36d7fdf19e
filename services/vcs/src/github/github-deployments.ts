import { callGitHub, HostRejectedError, type GitHubClient } from '@slipway/hosts';
import {
  shortDescription,
  type CreatedHostDeployment,
  type DeploymentHost,
  type HostCommitStatus,
  type HostDeploymentStatus,
  type NewHostDeployment,
} from '../deployment-host';

/**
 * GitHub Deployments, Deployment Statuses and commit statuses. GitHub's own `auto_inactive` is off: it
 * skips production environments, so Slipway retires the replaced deployment itself, everywhere alike.
 */
export class GitHubDeployments implements DeploymentHost {
  constructor(
    private readonly octokit: GitHubClient,
    /** Reads the clock for x-ratelimit-reset (an epoch second). */
    private readonly now: () => number = Date.now,
  ) {}

  async createDeployment(
    deployment: NewHostDeployment,
    status: HostDeploymentStatus,
  ): Promise<CreatedHostDeployment> {
    const response = await callGitHub(
      () =>
        this.octokit.rest.repos.createDeployment({
          ...ownerAndRepo(deployment.repository),
          ref: deployment.sha,
          environment: deployment.environment,
          // Slipway already decided what deploys: GitHub must neither merge nor wait for checks.
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          payload: { slipwayDeploymentId: deployment.deploymentId },
          description: shortDescription(status.description),
        }),
      this.now,
    );
    // 202 is GitHub's answer when it merged the default branch instead, which auto_merge: false rules out.
    if (!('id' in response.data)) {
      throw new HostRejectedError(`GitHub created no deployment: ${response.data.message ?? ''}`, 202);
    }
    return { id: String(response.data.id), statusShown: false };
  }

  async postStatus(repository: string, id: string, status: HostDeploymentStatus): Promise<void> {
    await callGitHub(
      () =>
        this.octokit.rest.repos.createDeploymentStatus({
          ...ownerAndRepo(repository),
          deployment_id: Number(id),
          state: status.state,
          description: shortDescription(status.description),
          log_url: status.logUrl,
          ...(status.environmentUrl === undefined ? {} : { environment_url: status.environmentUrl }),
          auto_inactive: false,
        }),
      this.now,
    );
  }

  retire(repository: string, id: string, logUrl: string): Promise<void> {
    return this.postStatus(repository, id, {
      state: 'inactive',
      description: 'Replaced by a newer deployment',
      logUrl,
    });
  }

  async postCommitStatus(status: HostCommitStatus): Promise<void> {
    await callGitHub(
      () =>
        this.octokit.rest.repos.createCommitStatus({
          ...ownerAndRepo(status.repository),
          sha: status.sha,
          state: status.state,
          context: status.context,
          description: shortDescription(status.description),
          target_url: status.targetUrl,
        }),
      this.now,
    );
  }
}

function ownerAndRepo(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}
